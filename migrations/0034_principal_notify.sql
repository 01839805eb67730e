-- hand-written (the whole migration: triggers drizzle cannot express)
-- Each API instance keeps a few seconds' cache of the sessions and machine clients it has
-- resolved. Any change that could narrow what a caller may do (sign-out, a session ended or cut
-- short, an account disabled, its roles, teams or password state changed, a client disabled or its
-- scopes or limit changed) tells every instance at commit on channel `threefold_principals`, with
-- the payload `user:<id>` or `client:<id>`; each instance drops what it holds for that caller.
-- Sliding a session's idle expiry forward (once a minute per session) says nothing.
CREATE OR REPLACE FUNCTION notify_principal_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  row_data record;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF TG_TABLE_NAME = 'machine_clients' THEN
    PERFORM pg_notify('threefold_principals', 'client:' || row_data.id::text);
  ELSIF TG_TABLE_NAME = 'staff_users' THEN
    PERFORM pg_notify('threefold_principals', 'user:' || row_data.id::text);
  ELSE
    PERFORM pg_notify('threefold_principals', 'user:' || row_data.user_id::text);
    IF TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id THEN
      PERFORM pg_notify('threefold_principals', 'user:' || OLD.user_id::text);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_notify_deleted AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_notify_changed AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (
    OLD.state IS DISTINCT FROM NEW.state OR OLD.token_hash IS DISTINCT FROM NEW.token_hash
    OR OLD.csrf_token IS DISTINCT FROM NEW.csrf_token OR OLD.user_id IS DISTINCT FROM NEW.user_id
    OR NEW.idle_expires_at < OLD.idle_expires_at OR NEW.absolute_expires_at < OLD.absolute_expires_at)
  EXECUTE FUNCTION notify_principal_changed();
--> statement-breakpoint
CREATE TRIGGER staff_users_notify_changed AFTER UPDATE OR DELETE ON staff_users
  FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
--> statement-breakpoint
CREATE TRIGGER team_members_notify_changed AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
--> statement-breakpoint
CREATE TRIGGER machine_clients_notify_changed AFTER UPDATE OR DELETE ON machine_clients
  FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
