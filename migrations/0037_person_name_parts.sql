CREATE TABLE "person_family_names" (
	"name" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_given_names" (
	"name" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person_name_keys" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "person_name_keys" CASCADE;--> statement-breakpoint
DROP INDEX "people_full_name_trgm";--> statement-breakpoint
DROP INDEX "people_family_trgm";--> statement-breakpoint
DROP INDEX "people_family_metaphone_idx";--> statement-breakpoint
CREATE INDEX "person_family_names_trgm" ON "person_family_names" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_given_names_trgm" ON "person_given_names" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_name_lower_idx" ON "people" USING btree (lower("family_name"),lower("given_name"),"date_of_birth");--> statement-breakpoint
CREATE INDEX "people_name_metaphone_idx" ON "people" USING btree (dmetaphone("family_name"),dmetaphone("given_name"),"date_of_birth");--> statement-breakpoint
CREATE INDEX "people_family_metaphone_idx" ON "people" USING btree (dmetaphone("family_name"),lower("given_name"),"date_of_birth");--> statement-breakpoint
-- hand-written
CREATE OR REPLACE FUNCTION people_keep_name_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_family_names (name) VALUES (lower(NEW.family_name)) ON CONFLICT DO NOTHING;
  INSERT INTO person_given_names (name) VALUES (lower(NEW.given_name)) ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
--> statement-breakpoint
INSERT INTO person_family_names (name) SELECT DISTINCT lower(family_name) FROM people ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO person_given_names (name) SELECT DISTINCT lower(given_name) FROM people ON CONFLICT DO NOTHING;
