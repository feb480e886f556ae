-- Wake the query side when events commit (docs/decisions/0055-wake-on-commit.md): every statement that inserts into
-- the event store sends a notification on the channel treatment_events, in the inserting transaction. PostgreSQL
-- delivers it when that transaction commits (never for a rollback) and folds the identical notifications of one
-- transaction into one, so a command costs no extra round trip and one notification, whichever command-side instance
-- (or other writer) appended. The query side LISTENs on one connection of its own and lets its processors read at
-- once; its poll of the store is then only the fallback. The function runs as the inserting role: pg_notify needs no
-- privilege, so the application role of docker/app-role.sql (decision 0041) notifies as the owner does.
CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('treatment_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER domain_event_entry_notify AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended();
