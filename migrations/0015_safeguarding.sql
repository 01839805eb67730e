CREATE TABLE "safeguarding_enquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concern_id" uuid NOT NULL,
	"person_id" uuid,
	"kind" text NOT NULL,
	"lead_kind" text DEFAULT 'practice' NOT NULL,
	"lead_staff_id" uuid,
	"lead_organisation_name" text,
	"desired_outcomes_status" text,
	"desired_outcomes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"desired_outcomes_not_asked_reason" text,
	"mental_capacity" text DEFAULT 'not_assessed' NOT NULL,
	"mental_capacity_note" text DEFAULT '' NOT NULL,
	"advocacy" jsonb,
	"advocate_name" text DEFAULT '' NOT NULL,
	"appropriate_person_name" text DEFAULT '' NOT NULL,
	"safety_plan" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"risk_types" text[],
	"location" text,
	"source" text,
	"risk_assessment" text,
	"result" text,
	"outcomes_achieved" text,
	"conclusion_note" text,
	"ended_early_reason" text,
	"concluded_at" timestamp with time zone,
	"concluded_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safeguarding_involvements" (
	"enquiry_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"added_by_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safeguarding_involvements_enquiry_id_user_id_pk" PRIMARY KEY("enquiry_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "raised_via" text DEFAULT 'contact' NOT NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "raised_by_kind" text;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "raised_by_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "immediate_safety" text DEFAULT 'not_known' NOT NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "immediate_safety_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "suspected_risk_types" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "has_care_and_support_needs" boolean;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "experiencing_or_at_risk_of_abuse_or_neglect" boolean;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "unable_to_protect_themselves" boolean;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "decision_route" text;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "decision_rationale" text;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "no_enquiry_reason" text;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "other_actions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "decided_by_id" uuid;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "safeguarding_enquiries" ADD CONSTRAINT "safeguarding_enquiries_concern_id_safeguarding_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."safeguarding_concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_enquiries" ADD CONSTRAINT "safeguarding_enquiries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_enquiries" ADD CONSTRAINT "safeguarding_enquiries_lead_staff_id_staff_users_id_fk" FOREIGN KEY ("lead_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_enquiries" ADD CONSTRAINT "safeguarding_enquiries_concluded_by_id_staff_users_id_fk" FOREIGN KEY ("concluded_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_involvements" ADD CONSTRAINT "safeguarding_involvements_enquiry_id_safeguarding_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."safeguarding_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_involvements" ADD CONSTRAINT "safeguarding_involvements_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_involvements" ADD CONSTRAINT "safeguarding_involvements_added_by_id_staff_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "safeguarding_enquiries_concern_uq" ON "safeguarding_enquiries" USING btree ("concern_id");--> statement-breakpoint
CREATE INDEX "safeguarding_enquiries_person_idx" ON "safeguarding_enquiries" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "safeguarding_enquiries_open_idx" ON "safeguarding_enquiries" USING btree ("opened_at","id") WHERE "safeguarding_enquiries"."status" = 'open';--> statement-breakpoint
CREATE INDEX "safeguarding_involvements_user_idx" ON "safeguarding_involvements" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD CONSTRAINT "safeguarding_concerns_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD CONSTRAINT "safeguarding_concerns_decided_by_id_staff_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "safeguarding_concerns_awaiting_idx" ON "safeguarding_concerns" USING btree ("raised_at","id") WHERE "safeguarding_concerns"."status" = 'awaiting_decision';