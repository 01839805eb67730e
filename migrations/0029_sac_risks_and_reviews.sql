CREATE TABLE "safeguarding_adult_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"completed_on" date NOT NULL,
	"individuals_died" integer NOT NULL,
	"individuals_survived" integer NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"recorded_by_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "safeguarding_enquiries" ADD COLUMN "locations" text[];--> statement-breakpoint
ALTER TABLE "safeguarding_enquiries" ADD COLUMN "sources" text[];--> statement-breakpoint
ALTER TABLE "safeguarding_adult_reviews" ADD CONSTRAINT "safeguarding_adult_reviews_recorded_by_id_staff_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "safeguarding_adult_reviews_completed_idx" ON "safeguarding_adult_reviews" USING btree ("completed_on");--> statement-breakpoint
-- hand-written
UPDATE "safeguarding_enquiries" SET "locations" = ARRAY["location"] WHERE "location" IS NOT NULL AND "locations" IS NULL;--> statement-breakpoint
UPDATE "safeguarding_enquiries" SET "sources" = ARRAY["source"] WHERE "source" IS NOT NULL AND "sources" IS NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_adult_reviews" ADD CONSTRAINT "safeguarding_adult_reviews_counts_ck" CHECK ("individuals_died" >= 0 AND "individuals_survived" >= 0 AND "individuals_died" + "individuals_survived" > 0);
