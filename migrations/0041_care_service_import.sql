ALTER TABLE "care_services" ADD COLUMN "planned_end_on" date;--> statement-breakpoint
ALTER TABLE "care_services" ADD COLUMN "unit_cost_pence" integer;--> statement-breakpoint
ALTER TABLE "care_services" ADD COLUMN "units_per_week" numeric(8, 2);--> statement-breakpoint
ALTER TABLE "care_services" ADD COLUMN "imported_from" text;