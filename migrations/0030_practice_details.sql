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
ALTER TABLE "practice_details" ADD CONSTRAINT "practice_details_updated_by_id_staff_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- hand-written
-- The one row every written record is signed from; administrators fill in the real details.
INSERT INTO "practice_details" ("id", "name", "address_lines", "postcode", "phone", "email", "updated_at")
VALUES ('practice', 'Your Social Work Practice', '[]'::jsonb, '', '', '', now())
ON CONFLICT DO NOTHING;
