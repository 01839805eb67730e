ALTER TABLE "personal_budgets" ALTER COLUMN "determination_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "personal_budgets" ADD COLUMN "imported_from" text;