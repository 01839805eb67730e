CREATE TABLE "insight_days" (
	"day" date PRIMARY KEY NOT NULL,
	"rolled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_facts" (
	"day" date NOT NULL,
	"whole" boolean DEFAULT false NOT NULL,
	"team_id" uuid,
	"measure" text NOT NULL,
	"key" text,
	"on_day" date,
	"n" integer NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_stale_days" (
	"day" date PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "insight_facts_scope_idx" ON "insight_facts" USING btree ("whole","team_id","day","measure","key","on_day","n","amount");