CREATE TABLE "best_interests_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"capacity_assessment_id" uuid NOT NULL,
	"story_id" uuid,
	"enquiry_id" uuid,
	"decision_area" text NOT NULL,
	"decision" text NOT NULL,
	"decided_on" date NOT NULL,
	"wishes_and_feelings" text DEFAULT '' NOT NULL,
	"beliefs_and_values" text DEFAULT '' NOT NULL,
	"consulted" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"not_consulted_reason" text DEFAULT '' NOT NULL,
	"less_restrictive_options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text NOT NULL,
	"decided_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capacity_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"story_id" uuid,
	"enquiry_id" uuid,
	"decision_area" text NOT NULL,
	"decision" text NOT NULL,
	"impairment" boolean NOT NULL,
	"impairment_detail" text DEFAULT '' NOT NULL,
	"unable_to_understand" boolean NOT NULL,
	"unable_to_retain" boolean NOT NULL,
	"unable_to_use_or_weigh" boolean NOT NULL,
	"unable_to_communicate" boolean NOT NULL,
	"inability_because_of_impairment" boolean NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"practicable_steps" text DEFAULT '' NOT NULL,
	"outcome" text NOT NULL,
	"assessed_by_id" uuid NOT NULL,
	"assessor_role" text DEFAULT '' NOT NULL,
	"assessed_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "capacity_assessments_outcome" CHECK ("capacity_assessments"."outcome" in ('has_capacity', 'lacks_capacity')),
	CONSTRAINT "capacity_assessments_lacking_has_grounds" CHECK ("capacity_assessments"."outcome" <> 'lacks_capacity' or ("capacity_assessments"."impairment" and "capacity_assessments"."inability_because_of_impairment" and ("capacity_assessments"."unable_to_understand" or "capacity_assessments"."unable_to_retain" or "capacity_assessments"."unable_to_use_or_weigh" or "capacity_assessments"."unable_to_communicate")))
);
--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "assessment_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "assessment_requested_by" text;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "assessment_requester_name" text;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "assessment_request_reason" text;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "assessment_request_recorded_by_id" uuid;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD COLUMN "advocacy" jsonb;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD COLUMN "ordinary_residence_council" text;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD COLUMN "ordinary_residence_basis" text;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD COLUMN "ordinary_residence_disputed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD COLUMN "ordinary_residence_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD COLUMN "advocacy" jsonb;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "advocacy" jsonb;--> statement-breakpoint
ALTER TABLE "safeguarding_enquiries" ADD COLUMN "mental_capacity_assessment_id" uuid;--> statement-breakpoint
ALTER TABLE "best_interests_decisions" ADD CONSTRAINT "best_interests_decisions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_interests_decisions" ADD CONSTRAINT "best_interests_decisions_capacity_assessment_id_capacity_assessments_id_fk" FOREIGN KEY ("capacity_assessment_id") REFERENCES "public"."capacity_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_interests_decisions" ADD CONSTRAINT "best_interests_decisions_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_interests_decisions" ADD CONSTRAINT "best_interests_decisions_enquiry_id_safeguarding_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."safeguarding_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_interests_decisions" ADD CONSTRAINT "best_interests_decisions_decided_by_id_staff_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_enquiry_id_safeguarding_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."safeguarding_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_assessed_by_id_staff_users_id_fk" FOREIGN KEY ("assessed_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "best_interests_decisions_person_idx" ON "best_interests_decisions" USING btree ("person_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "best_interests_decisions_assessment_idx" ON "best_interests_decisions" USING btree ("capacity_assessment_id");--> statement-breakpoint
CREATE INDEX "capacity_assessments_person_idx" ON "capacity_assessments" USING btree ("person_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_assessment_request_recorded_by_id_staff_users_id_fk" FOREIGN KEY ("assessment_request_recorded_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stories_assessment_requested_idx" ON "stories" USING btree ("assessment_requested_at") WHERE "stories"."assessment_requested_at" is not null;--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_assessment_request_fields" CHECK (("stories"."assessment_requested_at" is null) = ("stories"."assessment_requested_by" is null) and ("stories"."assessment_requested_at" is null) = ("stories"."assessment_request_reason" is null));--> statement-breakpoint
-- hand-written
-- A capacity assessment and a best-interests decision are records of what was found and decided at the time: a later view is a new record.
REVOKE UPDATE, DELETE, TRUNCATE ON capacity_assessments, best_interests_decisions FROM threefold_app;
