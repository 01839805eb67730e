-- The API's queries run as threefold_app: a role that owns no table, is not a superuser and
-- cannot bypass row-level security. Migrations run as the owner. Where DATABASE_URL logs in as
-- the owner, every pooled connection switches to this role (SET ROLE) before its first query.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'threefold_app') THEN
    CREATE ROLE threefold_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO threefold_app;
--> statement-breakpoint
-- Readiness compares the applied migrations with the committed journal.
GRANT USAGE ON SCHEMA drizzle TO threefold_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO threefold_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO threefold_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO threefold_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO threefold_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO threefold_app;
--> statement-breakpoint
-- The audit trail is append-only for the application: insert and read, never change or remove.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_chain FROM threefold_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only (% on %)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
