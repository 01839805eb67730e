CREATE TABLE "delegated_limits" (
	"role" text PRIMARY KEY NOT NULL,
	"weekly_limit_pence" integer NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delegated_limits_amount_check" CHECK ("delegated_limits"."weekly_limit_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "personal_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"story_id" uuid NOT NULL,
	"team_id" uuid,
	"conversation_id" uuid NOT NULL,
	"determination_id" uuid NOT NULL,
	"indicative_weekly_pence" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"good_life" text DEFAULT '' NOT NULL,
	"plan_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"funding_sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"management" jsonb,
	"weekly_total_pence" integer DEFAULT 0 NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"referred_at" timestamp with time zone,
	"referred_by_id" uuid,
	"panel_decision" text,
	"panel_note" text,
	"panel_decided_at" timestamp with time zone,
	"panel_client_id" uuid,
	"signed_off_at" timestamp with time zone,
	"signed_off_by_id" uuid,
	"agreed_weekly_pence" integer,
	"live_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "personal_budgets_amounts_check" CHECK ("personal_budgets"."weekly_total_pence" >= 0 and "personal_budgets"."indicative_weekly_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"budget_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"team_id" uuid,
	"kind" text NOT NULL,
	"reason" text,
	"request_note" text DEFAULT '' NOT NULL,
	"due_from" date NOT NULL,
	"due_by" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_notified_at" timestamp with time zone,
	"outcome" text,
	"notes" text DEFAULT '' NOT NULL,
	"weekly_before_pence" integer,
	"weekly_after_pence" integer,
	"completed_on" date,
	"completed_at" timestamp with time zone,
	"completed_by_id" uuid,
	"next_review_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "reviews_window_check" CHECK ("reviews"."due_from" <= "reviews"."due_by")
);
--> statement-breakpoint
ALTER TABLE "delegated_limits" ADD CONSTRAINT "delegated_limits_updated_by_id_staff_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_determination_id_eligibility_determinations_id_fk" FOREIGN KEY ("determination_id") REFERENCES "public"."eligibility_determinations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_created_by_id_staff_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_referred_by_id_staff_users_id_fk" FOREIGN KEY ("referred_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD CONSTRAINT "personal_budgets_signed_off_by_id_staff_users_id_fk" FOREIGN KEY ("signed_off_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_budget_id_personal_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."personal_budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_completed_by_id_staff_users_id_fk" FOREIGN KEY ("completed_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personal_budgets_person_idx" ON "personal_budgets" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "personal_budgets_panel_idx" ON "personal_budgets" USING btree ("referred_at","id") WHERE "personal_budgets"."status" = 'awaiting_panel';--> statement-breakpoint
CREATE INDEX "reviews_budget_idx" ON "reviews" USING btree ("budget_id","due_from");--> statement-breakpoint
CREATE INDEX "reviews_team_open_idx" ON "reviews" USING btree ("team_id","due_by","id") WHERE "reviews"."status" = 'open';--> statement-breakpoint
CREATE INDEX "reviews_due_unnotified_idx" ON "reviews" USING btree ("due_from") WHERE "reviews"."status" = 'open' and "reviews"."due_notified_at" is null;