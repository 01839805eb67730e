CREATE TABLE "document_contents" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"story_id" uuid,
	"conversation_id" uuid,
	"budget_id" uuid,
	"concern_id" uuid,
	"enquiry_id" uuid,
	"title" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage" text NOT NULL,
	"storage_key" text,
	"uploaded_by_id" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by_id" uuid,
	"removal_basis" text,
	"removal_reason" text,
	CONSTRAINT "documents_sha256" CHECK ("documents"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "documents_removal" CHECK (("documents"."removed_at" is null) = ("documents"."removed_by_id" is null) and ("documents"."removed_at" is null) = ("documents"."removal_reason" is null) and ("documents"."removed_at" is null) = ("documents"."removal_basis" is null))
);
--> statement-breakpoint
CREATE TABLE "practice_details" (
	"id" text PRIMARY KEY DEFAULT 'practice' NOT NULL,
	"name" text NOT NULL,
	"address_lines" jsonb NOT NULL,
	"postcode" text NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"website" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_id" uuid,
	CONSTRAINT "practice_details_one_row" CHECK ("practice_details"."id" = 'practice')
);
--> statement-breakpoint
ALTER TABLE "document_contents" ADD CONSTRAINT "document_contents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_budget_id_personal_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."personal_budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_concern_id_safeguarding_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."safeguarding_concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_enquiry_id_safeguarding_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."safeguarding_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_id_staff_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_removed_by_id_staff_users_id_fk" FOREIGN KEY ("removed_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_details" ADD CONSTRAINT "practice_details_updated_by_id_staff_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_person_idx" ON "documents" USING btree ("person_id","uploaded_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- hand-written
-- Removing a document is a recorded retention decision: the row stays with who, when and why.
REVOKE DELETE, TRUNCATE ON documents FROM threefold_app;
--> statement-breakpoint
-- hand-written
-- The one row every written record is signed from; administrators fill in the real details.
INSERT INTO "practice_details" ("id", "name", "address_lines", "postcode", "phone", "email", "updated_at")
VALUES ('practice', 'Your Social Work Practice', '[]'::jsonb, '', '', '', now())
ON CONFLICT DO NOTHING;
