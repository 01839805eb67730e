ALTER TABLE "people" ADD COLUMN "visual_impairment" boolean;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "hearing_impairment" boolean;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "dementia" boolean;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "autism" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "has_unpaid_carer" boolean;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_autism_value" CHECK ("people"."autism" in ('autism', 'aspergers', 'none'));