ALTER TABLE "care_services" ADD COLUMN "carer_support" text;--> statement-breakpoint
ALTER TABLE "care_services" ADD COLUMN "cared_for_person_id" uuid;--> statement-breakpoint
ALTER TABLE "care_services" ADD CONSTRAINT "care_services_cared_for_person_id_people_id_fk" FOREIGN KEY ("cared_for_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_services_cared_for_idx" ON "care_services" USING btree ("cared_for_person_id","start_on" DESC NULLS LAST,"id") WHERE "care_services"."cared_for_person_id" is not null;--> statement-breakpoint
ALTER TABLE "care_services" ADD CONSTRAINT "care_services_carer_check" CHECK (("care_services"."carer_support" is null) = ("care_services"."cared_for_person_id" is null));