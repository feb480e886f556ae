-- The application role (docker/app-role.sql, decision 0041) may only SELECT and INSERT the event store and the
-- signed log. The script revokes the rest on the tables that exist when it runs; a role set up before these tables
-- were created got UPDATE and DELETE on them through its default privileges, and PUBLIC may have been granted
-- them by hand. Both are taken back here, so that the privileges, not only the triggers of V56, refuse the change.
REVOKE UPDATE, DELETE, TRUNCATE ON domain_event_entry, log_leaf, log_node, log_checkpoint FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'treatment_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON domain_event_entry, log_leaf, log_node, log_checkpoint FROM treatment_app;
    END IF;
END
$$;
