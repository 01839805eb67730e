CREATE TABLE "case_note_versions" (
	"note_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"amendment_reason" text,
	"written_by_id" uuid NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_note_versions_note_id_version_pk" PRIMARY KEY("note_id","version"),
	CONSTRAINT "case_note_versions_reason" CHECK (("case_note_versions"."version" = 1) = ("case_note_versions"."amendment_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "case_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"story_id" uuid,
	"conversation_id" uuid,
	"concern_id" uuid,
	"enquiry_id" uuid,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"author_id" uuid NOT NULL,
	"status" text NOT NULL,
	"draft_summary" text,
	"draft_body" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finalised_at" timestamp with time zone,
	CONSTRAINT "case_notes_kind" CHECK ("case_notes"."kind" in ('visit', 'phone_call', 'meeting', 'email_or_letter', 'observation', 'management_oversight')),
	CONSTRAINT "case_notes_draft_text" CHECK (("case_notes"."status" = 'draft') = ("case_notes"."draft_body" is not null) and ("case_notes"."status" = 'final') = ("case_notes"."finalised_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "case_note_versions" ADD CONSTRAINT "case_note_versions_note_id_case_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."case_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_versions" ADD CONSTRAINT "case_note_versions_written_by_id_staff_users_id_fk" FOREIGN KEY ("written_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_concern_id_safeguarding_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."safeguarding_concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_enquiry_id_safeguarding_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."safeguarding_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_author_id_staff_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_notes_person_idx" ON "case_notes" USING btree ("person_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "case_notes_story_idx" ON "case_notes" USING btree ("story_id") WHERE "case_notes"."story_id" is not null;--> statement-breakpoint
-- A final note's versions are the record: the application adds to them and never changes or removes one.
REVOKE UPDATE, DELETE, TRUNCATE ON case_note_versions FROM threefold_app;
