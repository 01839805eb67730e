CREATE TABLE "story_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"story_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"by_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by_id" uuid,
	"answer" text
);
--> statement-breakpoint
DROP INDEX "story_events_requests_idx";--> statement-breakpoint
ALTER TABLE "story_requests" ADD CONSTRAINT "story_requests_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_requests" ADD CONSTRAINT "story_requests_by_id_staff_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_requests" ADD CONSTRAINT "story_requests_answered_by_id_staff_users_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "story_requests_open_idx" ON "story_requests" USING btree ("story_id") WHERE "story_requests"."answered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "story_requests_one_open_key" ON "story_requests" USING btree ("story_id","kind") WHERE "story_requests"."answered_at" is null;