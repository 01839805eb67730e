CREATE TABLE "directory_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"address_line1" text,
	"town" text,
	"postcode" text,
	"latitude" double precision,
	"longitude" double precision,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_locations_coordinates" CHECK (("directory_locations"."latitude" is null) = ("directory_locations"."longitude" is null) and ("directory_locations"."latitude" is null or ("directory_locations"."latitude" between -90 and 90 and "directory_locations"."longitude" between -180 and 180)))
);
--> statement-breakpoint
CREATE TABLE "directory_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"url" text,
	"email" text,
	"phone" text,
	"status" text DEFAULT 'active' NOT NULL,
	"minimum_age" integer,
	"maximum_age" integer,
	"eligibility_description" text,
	"cost_pence" integer,
	"cost_option" text,
	"cost_description" text,
	"practice_notes" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_services_ages" CHECK (("directory_services"."minimum_age" is null or "directory_services"."minimum_age" >= 0) and ("directory_services"."maximum_age" is null or "directory_services"."maximum_age" >= coalesce("directory_services"."minimum_age", 0))),
	CONSTRAINT "directory_services_cost" CHECK ("directory_services"."cost_pence" is null or "directory_services"."cost_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "postcode_centroids" (
	"postcode" text PRIMARY KEY NOT NULL,
	"outcode" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_at_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text,
	"title" text,
	"email" text,
	"phone" text
);
--> statement-breakpoint
CREATE TABLE "service_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"weekday" text NOT NULL,
	"opens_at" time NOT NULL,
	"closes_at" time NOT NULL,
	"description" text,
	CONSTRAINT "service_schedules_order" CHECK ("service_schedules"."closes_at" > "service_schedules"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "service_taxonomy_terms" (
	"service_id" uuid NOT NULL,
	"term_id" uuid NOT NULL,
	CONSTRAINT "service_taxonomy_terms_service_id_term_id_pk" PRIMARY KEY("service_id","term_id")
);
--> statement-breakpoint
CREATE TABLE "taxonomies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"uri" text,
	"version" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "taxonomies_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "taxonomy_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"taxonomy_id" uuid NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"parent_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connection_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"by_type" text NOT NULL,
	"by_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"conversation_id" uuid,
	"service_id" uuid,
	"organisation_id" uuid NOT NULL,
	"status" text DEFAULT 'offered' NOT NULL,
	"consent_to_share" boolean NOT NULL,
	"lawful_override_reason" text,
	"contact_route" text NOT NULL,
	"contact_detail" text,
	"what_matters" text DEFAULT '' NOT NULL,
	"ask" text NOT NULL,
	"shared_detail" text,
	"reason" text,
	"outcome" text,
	"created_by_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "directory_locations" ADD CONSTRAINT "directory_locations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_services" ADD CONSTRAINT "directory_services_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_at_locations" ADD CONSTRAINT "service_at_locations_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_at_locations" ADD CONSTRAINT "service_at_locations_location_id_directory_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_contacts" ADD CONSTRAINT "service_contacts_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_schedules" ADD CONSTRAINT "service_schedules_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_taxonomy_terms" ADD CONSTRAINT "service_taxonomy_terms_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_taxonomy_terms" ADD CONSTRAINT "service_taxonomy_terms_term_id_taxonomy_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."taxonomy_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taxonomy_terms" ADD CONSTRAINT "taxonomy_terms_taxonomy_id_taxonomies_id_fk" FOREIGN KEY ("taxonomy_id") REFERENCES "public"."taxonomies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_events" ADD CONSTRAINT "connection_events_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_locations_lat_long_idx" ON "directory_locations" USING btree ("latitude","longitude");--> statement-breakpoint
CREATE INDEX "directory_services_organisation_idx" ON "directory_services" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "directory_services_updated_idx" ON "directory_services" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "directory_services_name_idx" ON "directory_services" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "postcode_centroids_outcode_idx" ON "postcode_centroids" USING btree ("outcode");--> statement-breakpoint
CREATE UNIQUE INDEX "service_at_locations_pair_key" ON "service_at_locations" USING btree ("service_id","location_id");--> statement-breakpoint
CREATE INDEX "service_at_locations_location_idx" ON "service_at_locations" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "service_contacts_service_idx" ON "service_contacts" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "service_schedules_service_idx" ON "service_schedules" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "service_schedules_day_idx" ON "service_schedules" USING btree ("weekday","opens_at","closes_at");--> statement-breakpoint
CREATE INDEX "service_taxonomy_terms_term_idx" ON "service_taxonomy_terms" USING btree ("term_id");--> statement-breakpoint
CREATE INDEX "taxonomy_terms_taxonomy_idx" ON "taxonomy_terms" USING btree ("taxonomy_id","name");--> statement-breakpoint
CREATE INDEX "connection_events_connection_idx" ON "connection_events" USING btree ("connection_id","at");--> statement-breakpoint
CREATE INDEX "connections_partner_pull_idx" ON "connections" USING btree ("organisation_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "connections_person_idx" ON "connections" USING btree ("person_id","created_at");