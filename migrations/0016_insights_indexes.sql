-- Practice data and statutory returns: indexes their queries need at volume (bench/insights.ts).
-- Contacts lead into stories through the story's own column as well as story_contacts.
CREATE INDEX IF NOT EXISTS "stories_contact_idx" ON "stories" USING btree ("contact_id") WHERE "contact_id" is not null;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "stories_opened_idx" ON "stories" USING btree ("opened_at", "team_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "conversations_started_idx" ON "conversations" USING btree ("started_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "conversations_concluded_idx" ON "conversations" USING btree ("concluded_at") WHERE "concluded_at" is not null;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "intensive_plans_window_idx" ON "intensive_plans" USING btree ("ends_on", "starts_on");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contingency_spends_spent_idx" ON "contingency_spends" USING btree ("spent_on");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "eligibility_determinations_decided_idx" ON "eligibility_determinations" USING btree ("decided_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "eligibility_determinations_story_idx" ON "eligibility_determinations" USING btree ("story_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "personal_budgets_story_idx" ON "personal_budgets" USING btree ("story_id") WHERE "status" = 'signed_off';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "personal_budgets_signed_off_idx" ON "personal_budgets" USING btree ("signed_off_at") WHERE "signed_off_at" is not null;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "personal_budgets_referred_idx" ON "personal_budgets" USING btree ("referred_at") WHERE "referred_at" is not null;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "reviews_due_by_idx" ON "reviews" USING btree ("due_by");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "reviews_completed_idx" ON "reviews" USING btree ("completed_on") WHERE "completed_on" is not null;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "safeguarding_concerns_raised_idx" ON "safeguarding_concerns" USING btree ("raised_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "safeguarding_enquiries_opened_idx" ON "safeguarding_enquiries" USING btree ("opened_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "safeguarding_enquiries_concluded_idx" ON "safeguarding_enquiries" USING btree ("concluded_at") WHERE "concluded_at" is not null;
--> statement-breakpoint
-- Client Level Data: a request belongs to the period its outcome was recorded in.
CREATE INDEX IF NOT EXISTS "contacts_request_recorded_idx" ON "contacts" USING btree ((coalesce("resolved_at", "occurred_at"))) WHERE "person_id" is not null and "outcome" is not null;
