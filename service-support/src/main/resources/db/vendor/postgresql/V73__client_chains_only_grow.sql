-- The client chains of the signed log (V72, decision 0060) on PostgreSQL, as V56 and V57 do for the rest of the log
-- (decision 0041: defence in depth, not the guarantee; the signed client map and GET /api/log/verification are).
--
-- log_client_entry is append-only: UPDATE, DELETE and TRUNCATE are refused for every role by trigger, and taken
-- from PUBLIC and the application role.
CREATE TRIGGER log_client_entry_append_only BEFORE UPDATE OR DELETE ON log_client_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_changing_history();
CREATE TRIGGER log_client_entry_no_truncate BEFORE TRUNCATE ON log_client_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_changing_history();

-- log_client_head is updated with every batch of entries, so the application keeps UPDATE on it. What it may write
-- is pinned instead: a head is always the last entry of its own client's chain (count, chain hash and leaf of the
-- row client_seq = entry_count, with no entry after it), and an update only moves it forward. Its rows are never
-- deleted. So a head can only say what log_client_entry, which cannot change, already says.
CREATE FUNCTION log_client_head_is_the_chains_last_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.client_id <> OLD.client_id OR NEW.entry_count <= OLD.entry_count) THEN
        RAISE EXCEPTION 'log_client_head only moves forward: % of client % refused', TG_OP, OLD.client_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM log_client_entry e WHERE e.client_id = NEW.client_id
                   AND e.client_seq = NEW.entry_count AND e.leaf_index = NEW.last_leaf_index
                   AND e.chain_hash = NEW.chain_hash)
       OR EXISTS (SELECT FROM log_client_entry e WHERE e.client_id = NEW.client_id
                  AND e.client_seq > NEW.entry_count) THEN
        RAISE EXCEPTION 'log_client_head must be the last entry of the client''s chain: % of client % refused',
            TG_OP, NEW.client_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER log_client_head_is_the_chains_last_entry BEFORE INSERT OR UPDATE ON log_client_head
    FOR EACH ROW EXECUTE FUNCTION log_client_head_is_the_chains_last_entry();
CREATE TRIGGER log_client_head_no_delete BEFORE DELETE ON log_client_head
    FOR EACH ROW EXECUTE FUNCTION refuse_changing_history();
CREATE TRIGGER log_client_head_no_truncate BEFORE TRUNCATE ON log_client_head
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_changing_history();

REVOKE UPDATE, DELETE, TRUNCATE ON log_client_entry FROM PUBLIC;
REVOKE DELETE, TRUNCATE ON log_client_head FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'treatment_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON log_client_entry FROM treatment_app;
        REVOKE DELETE, TRUNCATE ON log_client_head FROM treatment_app;
    END IF;
END
$$;
