CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"preferred_name" text,
	"date_of_birth" date,
	"date_of_death" date,
	"gender" text,
	"ethnicity" text,
	"nhs_number" text,
	"council_person_id" text,
	"address_line1" text,
	"address_line2" text,
	"town" text,
	"postcode" text,
	"phone" text,
	"email" text,
	"preferred_language" text,
	"interpreter_needed" boolean DEFAULT false NOT NULL,
	"communication_needs" text,
	"gp_practice_code" text,
	"primary_support_reason" text,
	"accommodation_status" text,
	"employment_status" text,
	"consent_to_share" boolean DEFAULT false NOT NULL,
	"consent_recorded_at" timestamp with time zone,
	"consent_scope" text,
	"advocacy_need" boolean DEFAULT false NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_nhs_number_shape" CHECK ("people"."nhs_number" ~ '^[0-9]{10}$'),
	CONSTRAINT "people_death_after_birth" CHECK ("people"."date_of_death" is null or "people"."date_of_birth" is null or "people"."date_of_death" >= "people"."date_of_birth")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"email" text,
	"phone" text,
	"website" text,
	"kind" text DEFAULT 'community' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "people_nhs_number_key" ON "people" USING btree ("nhs_number");--> statement-breakpoint
CREATE INDEX "people_family_given_idx" ON "people" USING btree ("family_name","given_name");--> statement-breakpoint
CREATE INDEX "people_postcode_idx" ON "people" USING btree ("postcode");--> statement-breakpoint
CREATE INDEX "organisations_name_idx" ON "organisations" USING btree ("name");