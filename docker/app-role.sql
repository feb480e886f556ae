-- The application role of the postgres profile (README "Append-only history", decision 0041): the services may
-- read and write every table, but may only SELECT and INSERT the event store and the signed log, so that changing
-- history needs more than the services' password. Run by the DBA as a superuser, or as the owner of the schema if
-- it may create roles, against the services' database, before or after their first start:
--
--   psql -h HOST -U treatment -d treatment -v app_password='...' -f docker/app-role.sql
--
-- Optional: -v app_role=NAME (default treatment_app); -v migration_role=NAME, the role the migrations run as
-- (TREATMENT_DB_MIGRATION_USER; default: the role running this script), whose future tables the role is granted.
-- Then start the services with TREATMENT_DB_USER=treatment_app, TREATMENT_DB_PASSWORD=<app_password> and
-- TREATMENT_DB_MIGRATION_USER / TREATMENT_DB_MIGRATION_PASSWORD of the owner. Running it again sets the password
-- and the grants again. With another role name than treatment_app, run it again after a migration that creates
-- one of the history tables (V57, V73 and V75 revoke only from treatment_app).
\set ON_ERROR_STOP on
\if :{?app_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'app-role.sql: give the password of the role with -v app_password=...'; END $$;
\endif
\if :{?app_role}
\else
\set app_role treatment_app
\endif
\if :{?migration_role}
\else
SELECT current_user AS migration_role \gset
\endif

BEGIN;

SELECT format('CREATE ROLE %I', :'app_role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_role')
\gexec
ALTER ROLE :"app_role" LOGIN PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"DBNAME" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";

-- everything the services use, now and what later migrations create
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migration_role" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migration_role" IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_role";

-- but history is only appended: the event store and the signed log (those that exist yet; V57, V73 and V75 cover
-- the rest)
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE ON TABLE public.%I FROM %I', history.name, :'app_role')
FROM unnest(ARRAY['domain_event_entry', 'log_leaf', 'log_node', 'log_checkpoint', 'log_client_entry',
                    'log_client_insurance'])
    AS history(name)
WHERE to_regclass('public.' || history.name) IS NOT NULL
\gexec
-- and the client heads, which move with every entry, are never removed (V73 pins what an update may write)
SELECT format('REVOKE DELETE, TRUNCATE ON TABLE public.log_client_head FROM %I', :'app_role')
WHERE to_regclass('public.log_client_head') IS NOT NULL
\gexec

COMMIT;
