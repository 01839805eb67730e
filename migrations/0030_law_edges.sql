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
ALTER TABLE "stories" ADD CONSTRAINT "stories_assessment_request_recorded_by_id_staff_users_id_fk" FOREIGN KEY ("assessment_request_recorded_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stories_assessment_requested_idx" ON "stories" USING btree ("assessment_requested_at") WHERE "stories"."assessment_requested_at" is not null;--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_assessment_request_fields" CHECK (("stories"."assessment_requested_at" is null) = ("stories"."assessment_requested_by" is null) and ("stories"."assessment_requested_at" is null) = ("stories"."assessment_request_reason" is null));