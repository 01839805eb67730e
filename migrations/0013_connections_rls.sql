-- Directory search: full text over a service's name and description (the same expression the
-- search query uses, so the planner can use the index).
CREATE INDEX IF NOT EXISTS directory_services_text_idx ON directory_services
  USING gin (to_tsvector('english', name || ' ' || description));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS directory_services_name_trgm ON directory_services USING gin (lower(name) gin_trgm_ops);
--> statement-breakpoint
-- Row-level security on what partners may read. A transaction says who it acts for with
-- set_config(..., true) (local to the transaction):
--   threefold.scope = 'practice'       colleagues of the practice: every row
--   threefold.partner_org = <org uuid> a partner client: only rows addressed to that organisation
-- With neither set, nothing is visible: a query that forgets to say who it is for fails closed.
-- The application's role (threefold_app) owns no table and has neither SUPERUSER nor BYPASSRLS,
-- so these policies bind it.
ALTER TABLE connections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE connection_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY connections_practice ON connections
  USING (current_setting('threefold.scope', true) = 'practice')
  WITH CHECK (current_setting('threefold.scope', true) = 'practice');
--> statement-breakpoint
CREATE POLICY connections_partner ON connections
  USING (organisation_id::text = nullif(current_setting('threefold.partner_org', true), ''))
  WITH CHECK (organisation_id::text = nullif(current_setting('threefold.partner_org', true), ''));
--> statement-breakpoint
CREATE POLICY connection_events_practice ON connection_events
  USING (current_setting('threefold.scope', true) = 'practice')
  WITH CHECK (current_setting('threefold.scope', true) = 'practice');
--> statement-breakpoint
CREATE POLICY connection_events_partner ON connection_events
  USING (organisation_id::text = nullif(current_setting('threefold.partner_org', true), ''))
  WITH CHECK (organisation_id::text = nullif(current_setting('threefold.partner_org', true), ''));
--> statement-breakpoint
-- Tables created by this migration are granted through the default privileges of 0002; say it
-- again here so a database whose owner differs from the one that ran 0002 still works.
GRANT SELECT, INSERT, UPDATE, DELETE ON connections, connection_events, directory_services, directory_locations,
  service_at_locations, service_contacts, service_schedules, taxonomies, taxonomy_terms, service_taxonomy_terms,
  postcode_centroids TO threefold_app;
