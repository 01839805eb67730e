CREATE TABLE "person_warning_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "person_warning_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"warning_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"by_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"review_on" date
);
--> statement-breakpoint
CREATE TABLE "person_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"details" text NOT NULL,
	"review_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_reviewed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_by_id" uuid,
	"end_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "person_warnings_kind" CHECK ("person_warnings"."kind" in ('risk_to_staff', 'risk_to_others', 'risk_to_self', 'other')),
	CONSTRAINT "person_warnings_ended" CHECK (("person_warnings"."status" = 'ended') = ("person_warnings"."ended_at" is not null) and ("person_warnings"."ended_at" is null) = ("person_warnings"."end_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "person_warning_events" ADD CONSTRAINT "person_warning_events_warning_id_person_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."person_warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_warning_events" ADD CONSTRAINT "person_warning_events_by_id_staff_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_warnings" ADD CONSTRAINT "person_warnings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_warnings" ADD CONSTRAINT "person_warnings_created_by_id_staff_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_warnings" ADD CONSTRAINT "person_warnings_ended_by_id_staff_users_id_fk" FOREIGN KEY ("ended_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_warning_events_warning_idx" ON "person_warning_events" USING btree ("warning_id","at");--> statement-breakpoint
CREATE INDEX "person_warnings_person_idx" ON "person_warnings" USING btree ("person_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "person_warnings_ended_idx" ON "person_warnings" USING btree ("person_id","ended_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "person_warnings"."ended_at" is not null;--> statement-breakpoint
CREATE INDEX "reviews_person_completed_idx" ON "reviews" USING btree ("person_id","completed_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "reviews"."completed_at" is not null;--> statement-breakpoint
-- hand-written
-- A warning's history is the record of who added, reviewed and ended it: appended to, never changed.
REVOKE UPDATE, DELETE, TRUNCATE ON person_warning_events FROM threefold_app;
