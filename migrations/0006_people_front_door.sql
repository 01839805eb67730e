-- Fuzzy finding of people: trigram similarity (typos) and double metaphone (spellings).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
CREATE TABLE "disclosures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"recipient_type" text NOT NULL,
	"recipient_id" text NOT NULL,
	"recipient_name" text NOT NULL,
	"what" text NOT NULL,
	"disclosed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"moved" jsonb NOT NULL,
	"merged_by_type" text NOT NULL,
	"merged_by_id" text,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by_id" text
);
--> statement-breakpoint
CREATE TABLE "person_versions" (
	"person_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"changed_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"changed_by_type" text NOT NULL,
	"changed_by_id" text,
	"reason" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_versions_person_id_version_pk" PRIMARY KEY("person_id","version")
);
--> statement-breakpoint
CREATE TABLE "relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"related_person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"is_main_carer" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"team_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"made_by" text NOT NULL,
	"route_of_access" text NOT NULL,
	"what_matters" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"created_by_type" text NOT NULL,
	"created_by_id" text,
	"outcome" text,
	"outcome_reason" text,
	"resolved_at" timestamp with time zone,
	"resolved_by_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safeguarding_concerns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"contact_id" uuid,
	"summary" text NOT NULL,
	"status" text DEFAULT 'awaiting_decision' NOT NULL,
	"raised_by_type" text NOT NULL,
	"raised_by_id" text,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "people_nhs_number_key";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_survivor_id_people_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_merged_id_people_id_fk" FOREIGN KEY ("merged_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_versions" ADD CONSTRAINT "person_versions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_related_person_id_people_id_fk" FOREIGN KEY ("related_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD CONSTRAINT "safeguarding_concerns_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD CONSTRAINT "safeguarding_concerns_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosures_person_idx" ON "disclosures" USING btree ("person_id","disclosed_at");--> statement-breakpoint
CREATE INDEX "relationships_person_idx" ON "relationships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "relationships_pair_idx" ON "relationships" USING btree ("pair_id");--> statement-breakpoint
CREATE INDEX "contacts_occurred_idx" ON "contacts" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "contacts_person_idx" ON "contacts" USING btree ("person_id","occurred_at");--> statement-breakpoint
CREATE INDEX "contacts_team_idx" ON "contacts" USING btree ("team_id","occurred_at");--> statement-breakpoint
CREATE INDEX "contacts_open_idx" ON "contacts" USING btree ("occurred_at") WHERE "contacts"."outcome" is null;--> statement-breakpoint
CREATE INDEX "safeguarding_concerns_person_idx" ON "safeguarding_concerns" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "people_full_name_trgm" ON "people" USING gin ((lower("given_name" || ' ' || "family_name")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_family_trgm" ON "people" USING gin (lower("family_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_dob_idx" ON "people" USING btree ("date_of_birth");--> statement-breakpoint
CREATE UNIQUE INDEX "people_nhs_number_key" ON "people" USING btree ("nhs_number") WHERE "people"."merged_into_id" is null;