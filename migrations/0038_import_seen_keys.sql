CREATE TABLE "import_seen_keys" (
	"job_id" uuid NOT NULL,
	"key_kind" text NOT NULL,
	"key" text NOT NULL,
	"row_number" integer NOT NULL,
	CONSTRAINT "import_seen_keys_job_id_key_kind_key_pk" PRIMARY KEY("job_id","key_kind","key")
);
--> statement-breakpoint
ALTER TABLE "import_seen_keys" ADD CONSTRAINT "import_seen_keys_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;
-- hand-written
-- Scratch for one dry run's transaction: not worth the WAL (an unlogged table is emptied after a crash, which is all it needs).
ALTER TABLE "import_seen_keys" SET UNLOGGED;
