CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"due_on" date NOT NULL,
	"assignee_id" uuid,
	"team_id" uuid,
	"person_id" uuid,
	"story_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"source_key" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_id" uuid,
	"overdue_notified_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tasks_for_someone" CHECK ("tasks"."assignee_id" is not null or "tasks"."team_id" is not null or "tasks"."source" = 'safeguarding_clock'),
	CONSTRAINT "tasks_closed_when" CHECK (("tasks"."status" = 'open') = ("tasks"."closed_at" is null)),
	CONSTRAINT "tasks_source_key" CHECK (("tasks"."source" = 'manual') = ("tasks"."source_key" is null))
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_staff_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_id_staff_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_closed_by_id_staff_users_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_source_key_uq" ON "tasks" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "tasks_assignee_open_idx" ON "tasks" USING btree ("assignee_id","due_on","id") WHERE "tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "tasks_team_open_idx" ON "tasks" USING btree ("team_id","due_on","id") WHERE "tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "tasks_person_idx" ON "tasks" USING btree ("person_id","due_on","id");--> statement-breakpoint
CREATE INDEX "tasks_automatic_open_idx" ON "tasks" USING btree ("source","id") WHERE "tasks"."status" = 'open' and "tasks"."source" <> 'manual';--> statement-breakpoint
CREATE INDEX "tasks_overdue_unnotified_idx" ON "tasks" USING btree ("due_on") WHERE "tasks"."status" = 'open' and "tasks"."overdue_notified_at" is null;--> statement-breakpoint
-- hand-written
-- Home's "stories I hold" uses the conversations module's stories_holder_idx (0025).
-- A read-only index on another module's table (it owns the rows): the tasks worker looks for conversation 2s still open (touchpoints falling due).
CREATE INDEX IF NOT EXISTS "conversations_two_open_idx" ON "conversations" USING btree ("story_id") WHERE "conversations"."kind" = 2 AND "conversations"."status" = 'open';
