CREATE TABLE "story_contacts" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"story_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eligibility_determinations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cared_for_person_id" uuid,
	"story_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"decided_by_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"inputs" jsonb NOT NULL,
	"eligible" boolean NOT NULL,
	"reasons" jsonb NOT NULL,
	"eligible_needs" jsonb NOT NULL,
	"period_from" date,
	"period_to" date,
	"ras_version_id" uuid,
	"ras_version" integer,
	"indicative_weekly_pence" integer,
	"derivation" jsonb,
	CONSTRAINT "eligibility_determinations_carer_check" CHECK (("eligibility_determinations"."kind" = 'carer') = ("eligibility_determinations"."cared_for_person_id" is not null)),
	CONSTRAINT "eligibility_determinations_budget_check" CHECK ("eligibility_determinations"."indicative_weekly_pence" is null or "eligibility_determinations"."indicative_weekly_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ras_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"rows" jsonb NOT NULL,
	"pence_per_point" integer NOT NULL,
	"maximum_weekly_pence" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ras_versions_pence_per_point_check" CHECK ("ras_versions"."pence_per_point" >= 0),
	CONSTRAINT "ras_versions_maximum_check" CHECK ("ras_versions"."maximum_weekly_pence" is null or "ras_versions"."maximum_weekly_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "unit_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"cost_pence" integer NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"retired_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_costs_cost_check" CHECK ("unit_costs"."cost_pence" >= 0)
);
--> statement-breakpoint
ALTER TABLE "story_contacts" ADD CONSTRAINT "story_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_contacts" ADD CONSTRAINT "story_contacts_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_cared_for_person_id_people_id_fk" FOREIGN KEY ("cared_for_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_decided_by_id_staff_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_ras_version_id_ras_versions_id_fk" FOREIGN KEY ("ras_version_id") REFERENCES "public"."ras_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ras_versions" ADD CONSTRAINT "ras_versions_created_by_id_staff_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "story_contacts_story_idx" ON "story_contacts" USING btree ("story_id");--> statement-breakpoint
CREATE INDEX "eligibility_determinations_person_idx" ON "eligibility_determinations" USING btree ("person_id","decided_at");--> statement-breakpoint
CREATE INDEX "eligibility_determinations_cared_for_idx" ON "eligibility_determinations" USING btree ("cared_for_person_id") WHERE "eligibility_determinations"."cared_for_person_id" is not null;--> statement-breakpoint
CREATE INDEX "eligibility_determinations_conversation_idx" ON "eligibility_determinations" USING btree ("conversation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ras_versions_version_key" ON "ras_versions" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_costs_name_key" ON "unit_costs" USING btree (lower("name")) WHERE "unit_costs"."retired_at" is null;--> statement-breakpoint
CREATE INDEX "story_events_requests_idx" ON "story_events" USING btree ("story_id","at") WHERE "story_events"."kind" in ('peer_review_requested', 'risk_panel_requested');