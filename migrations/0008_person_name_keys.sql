CREATE TABLE "person_name_keys" (
	"name_key" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "person_name_keys_trgm" ON "person_name_keys" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_full_name_idx" ON "people" USING btree (lower("given_name" || ' ' || "family_name"));--> statement-breakpoint
CREATE OR REPLACE FUNCTION people_keep_name_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_name_keys (name_key) VALUES (lower(NEW.given_name || ' ' || NEW.family_name)) ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER people_name_key AFTER INSERT OR UPDATE OF given_name, family_name ON people
  FOR EACH ROW EXECUTE FUNCTION people_keep_name_key();
--> statement-breakpoint
INSERT INTO person_name_keys (name_key) SELECT DISTINCT lower(given_name || ' ' || family_name) FROM people ON CONFLICT DO NOTHING;
