ALTER TABLE "import_jobs" ADD COLUMN "committed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_committed_by_id_staff_users_id_fk" FOREIGN KEY ("committed_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- hand-written
-- The queue of import commits run in the background: `short` keeps one waiting job per import id (its singleton key).
SELECT pgboss.create_queue('import-commit', '{"policy":"short"}'::json);
