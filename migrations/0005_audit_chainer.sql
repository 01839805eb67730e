ALTER TABLE "audit_chain" ADD COLUMN "chained_below_txid" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_txid_idx" ON "audit_events" USING btree ("txid");--> statement-breakpoint
-- The chain is as append-only as the events: 0002 guarded only the events against TRUNCATE.
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
