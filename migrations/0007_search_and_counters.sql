CREATE INDEX "people_family_metaphone_idx" ON "people" USING btree (dmetaphone("family_name"),lower("given_name"));--> statement-breakpoint
-- Counters are recounted each minute; they need no WAL flush per request and may reset on a crash.
ALTER TABLE "rate_limit_counters" SET UNLOGGED;
