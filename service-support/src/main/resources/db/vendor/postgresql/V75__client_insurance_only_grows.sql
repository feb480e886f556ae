-- The logged insurance records (V74, decision 0061) on PostgreSQL, as V73 does for the client chains (decision 0041:
-- defence in depth; an export's consent is proved by the signed InsuranceRecorded it carries, not by this table).
-- log_client_insurance is append-only: UPDATE, DELETE and TRUNCATE are refused for every role by trigger, and taken
-- from PUBLIC and the application role.
CREATE TRIGGER log_client_insurance_append_only BEFORE UPDATE OR DELETE ON log_client_insurance
    FOR EACH ROW EXECUTE FUNCTION refuse_changing_history();
CREATE TRIGGER log_client_insurance_no_truncate BEFORE TRUNCATE ON log_client_insurance
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_changing_history();

REVOKE UPDATE, DELETE, TRUNCATE ON log_client_insurance FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'treatment_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON log_client_insurance FROM treatment_app;
    END IF;
END
$$;
