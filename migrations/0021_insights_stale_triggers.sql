-- The practice data roll-up stays true: any change to the records a rolled-up day was computed from
-- marks that day stale in the same transaction, and the dashboard computes stale days live until the
-- worker rolls them again. Statement-level triggers with transition tables, so a bulk load marks
-- each day once rather than once a row.

-- A moment's day in England.
CREATE OR REPLACE FUNCTION insight_day(t timestamptz) RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT (t AT TIME ZONE 'Europe/London')::date $$;
--> statement-breakpoint

-- Marks days stale. Today is never rolled up (the worker rolls days at least two days old), so a
-- change to today's records needs no mark and writers do not queue on one row. The upsert locks
-- the mark until the writer commits: a roll-up that deletes it waits, then sees the change.
CREATE OR REPLACE FUNCTION insight_mark_days(days date[]) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO insight_stale_days (day)
  SELECT DISTINCT d FROM unnest(days) d
   WHERE d IS NOT NULL AND d < (now() AT TIME ZONE 'Europe/London')::date
   ORDER BY d
  ON CONFLICT (day) DO UPDATE SET marked_at = excluded.marked_at
$$;
--> statement-breakpoint

-- Every day whose facts depend on these stories: the story's own day, the days of the contacts that
-- led into it, its conversations' days, its intensive plans' first days, its determinations' days
-- and its contingency spends' days.
CREATE OR REPLACE FUNCTION insight_story_days(ids uuid[]) RETURNS date[]
  LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT d), '{}') FROM (
    SELECT insight_day(s.opened_at) AS d FROM stories s WHERE s.id = ANY (ids)
    UNION ALL SELECT insight_day(c.occurred_at) FROM stories s JOIN contacts c ON c.id = s.contact_id WHERE s.id = ANY (ids)
    UNION ALL SELECT insight_day(c.occurred_at) FROM story_contacts sc JOIN contacts c ON c.id = sc.contact_id WHERE sc.story_id = ANY (ids)
    UNION ALL SELECT insight_day(v.started_at) FROM conversations v WHERE v.story_id = ANY (ids)
    UNION ALL SELECT insight_day(v.concluded_at) FROM conversations v WHERE v.story_id = ANY (ids)
    UNION ALL SELECT p.starts_on FROM intensive_plans p JOIN conversations v ON v.id = p.conversation_id WHERE v.story_id = ANY (ids)
    UNION ALL SELECT insight_day(e.decided_at) FROM eligibility_determinations e WHERE e.story_id = ANY (ids)
    UNION ALL SELECT cs.spent_on FROM contingency_spends cs WHERE cs.story_id = ANY (ids)
  ) x
$$;
--> statement-breakpoint

-- Contacts: a contact counts on its own day, and its journey does too.
CREATE OR REPLACE FUNCTION insight_mark_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(ARRAY(SELECT insight_day(n.occurred_at) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(SELECT insight_day(o.occurred_at) FROM old_rows o));
  ELSE
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (insight_day(o.occurred_at)), (insight_day(n.occurred_at))) v(d)
       WHERE (o.occurred_at, o.team_id, o.outcome) IS DISTINCT FROM (n.occurred_at, n.team_id, n.outcome)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A contact joining or leaving a story changes that contact's journey.
CREATE OR REPLACE FUNCTION insight_mark_story_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(ARRAY(SELECT insight_day(c.occurred_at) FROM new_rows n JOIN contacts c ON c.id = n.contact_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(SELECT insight_day(c.occurred_at) FROM old_rows o JOIN contacts c ON c.id = o.contact_id));
  ELSE
    PERFORM insight_mark_days(ARRAY(
      SELECT insight_day(c.occurred_at) FROM (SELECT contact_id FROM old_rows UNION SELECT contact_id FROM new_rows) x
        JOIN contacts c ON c.id = x.contact_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Stories: a new story, or one whose team, day or opening contact changed (not each save of its holder or status).
CREATE OR REPLACE FUNCTION insight_mark_stories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(insight_story_days(ARRAY(SELECT n.id FROM new_rows n)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o LEFT JOIN contacts c ON c.id = o.contact_id
       CROSS JOIN LATERAL (VALUES (insight_day(o.opened_at)), (insight_day(c.occurred_at))) v(d)));
  ELSE
    PERFORM insight_mark_days(insight_story_days(ARRAY(
      SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.opened_at, o.team_id, o.contact_id) IS DISTINCT FROM (n.opened_at, n.team_id, n.contact_id))));
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o LEFT JOIN contacts c ON c.id = o.contact_id
       CROSS JOIN LATERAL (VALUES (insight_day(o.opened_at)), (insight_day(c.occurred_at))) v(d)
       WHERE EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id
                      AND (o.opened_at, o.team_id, o.contact_id) IS DISTINCT FROM (n.opened_at, n.team_id, n.contact_id))));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Conversations: opened, concluded, re-kinded or moved; not each save of their notes.
CREATE OR REPLACE FUNCTION insight_mark_conversations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(insight_story_days(ARRAY(SELECT DISTINCT n.story_id FROM new_rows n)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(insight_story_days(ARRAY(SELECT DISTINCT o.story_id FROM old_rows o)));
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o CROSS JOIN LATERAL (VALUES (insight_day(o.started_at)), (insight_day(o.concluded_at))) v(d)));
  ELSE
    PERFORM insight_mark_days(insight_story_days(ARRAY(
      SELECT DISTINCT s FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.story_id), (n.story_id)) v(s)
       WHERE (o.story_id, o.kind, o.started_at, o.concluded_at, o.resolved) IS DISTINCT FROM (n.story_id, n.kind, n.started_at, n.concluded_at, n.resolved))));
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (insight_day(o.started_at)), (insight_day(o.concluded_at))) v(d)
       WHERE (o.story_id, o.kind, o.started_at, o.concluded_at, o.resolved) IS DISTINCT FROM (n.story_id, n.kind, n.started_at, n.concluded_at, n.resolved)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Intensive plans count from their first day; their team is their conversation's story's.
CREATE OR REPLACE FUNCTION insight_mark_intensive_plans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(ARRAY(SELECT n.starts_on FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(SELECT o.starts_on FROM old_rows o));
  ELSE
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o JOIN new_rows n ON n.conversation_id = o.conversation_id
       CROSS JOIN LATERAL (VALUES (o.starts_on), (n.starts_on)) v(d)
       WHERE (o.starts_on, o.ends_on, o.conversation_id) IS DISTINCT FROM (n.starts_on, n.ends_on, n.conversation_id)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Determinations count on the day they were made.
CREATE OR REPLACE FUNCTION insight_mark_determinations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(ARRAY(SELECT insight_day(n.decided_at) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(SELECT insight_day(o.decided_at) FROM old_rows o));
  ELSE
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (insight_day(o.decided_at)), (insight_day(n.decided_at))) v(d)
       WHERE (o.decided_at, o.eligible, o.story_id) IS DISTINCT FROM (n.decided_at, n.eligible, n.story_id)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Budgets: signed off or referred on a day, and long-term support reached by their story.
CREATE OR REPLACE FUNCTION insight_mark_budgets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM new_rows n
       CROSS JOIN LATERAL (VALUES (insight_day(n.signed_off_at)), (insight_day(n.referred_at))) v(d)));
    PERFORM insight_mark_days(insight_story_days(ARRAY(SELECT DISTINCT n.story_id FROM new_rows n)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o
       CROSS JOIN LATERAL (VALUES (insight_day(o.signed_off_at)), (insight_day(o.referred_at))) v(d)));
    PERFORM insight_mark_days(insight_story_days(ARRAY(SELECT DISTINCT o.story_id FROM old_rows o)));
  ELSE
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (insight_day(o.signed_off_at)), (insight_day(o.referred_at)),
                                  (insight_day(n.signed_off_at)), (insight_day(n.referred_at))) v(d)
       WHERE (o.status, o.signed_off_at, o.referred_at, o.agreed_weekly_pence, o.team_id, o.story_id) IS DISTINCT FROM (n.status, n.signed_off_at, n.referred_at, n.agreed_weekly_pence, n.team_id, n.story_id)));
    PERFORM insight_mark_days(insight_story_days(ARRAY(
      SELECT DISTINCT s FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.story_id), (n.story_id)) v(s)
       WHERE (o.status, o.signed_off_at, o.referred_at, o.agreed_weekly_pence, o.team_id, o.story_id) IS DISTINCT FROM (n.status, n.signed_off_at, n.referred_at, n.agreed_weekly_pence, n.team_id, n.story_id))));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Contingency spends count on the day they were made, by story.
CREATE OR REPLACE FUNCTION insight_mark_contingency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(ARRAY(SELECT n.spent_on FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(SELECT o.spent_on FROM old_rows o));
  ELSE
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.spent_on), (n.spent_on)) v(d)
       WHERE (o.spent_on, o.amount_pence, o.story_id) IS DISTINCT FROM (n.spent_on, n.amount_pence, n.story_id)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Each table's function, on insert, update and delete, once a statement, with the rows it changed.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('contacts', 'insight_mark_contacts', 'contacts'),
      ('story_contacts', 'insight_mark_story_contacts', 'story_contacts'),
      ('stories', 'insight_mark_stories', 'stories'),
      ('conversations', 'insight_mark_conversations', 'conversations'),
      ('intensive_plans', 'insight_mark_intensive_plans', 'intensive_plans'),
      ('eligibility_determinations', 'insight_mark_determinations', 'determinations'),
      ('personal_budgets', 'insight_mark_budgets', 'budgets'),
      ('contingency_spends', 'insight_mark_contingency', 'contingency')
    ) v(tab, fn, short)
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION %I()', 'insight_' || t.short || '_insert', t.tab, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION %I()', 'insight_' || t.short || '_update', t.tab, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION %I()', 'insight_' || t.short || '_delete', t.tab, t.fn);
  END LOOP;
END $$;
--> statement-breakpoint

-- The longest intensive plan bounds how far before a period a plan active in it can have started.
CREATE INDEX IF NOT EXISTS "intensive_plans_length_idx" ON "intensive_plans" USING btree (("ends_on" - "starts_on"));
--> statement-breakpoint
-- The roll-up reads a day's intensive plans by their first day.
CREATE INDEX IF NOT EXISTS "intensive_plans_starts_idx" ON "intensive_plans" USING btree ("starts_on");
--> statement-breakpoint
-- Safeguarding clocks: the concerns and enquiries whose clock was running at some point of a period,
-- found as time ranges overlapping it (a decision or conclusion recorded before the start, which
-- should not happen, is read as an instant).
CREATE INDEX IF NOT EXISTS "safeguarding_concerns_clock_idx" ON "safeguarding_concerns" USING gist (
  tstzrange("raised_at", CASE WHEN "decided_at" IS NULL THEN NULL ELSE greatest("decided_at", "raised_at") END, '[]'));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "safeguarding_enquiries_clock_idx" ON "safeguarding_enquiries" USING gist (
  tstzrange("opened_at", CASE WHEN "concluded_at" IS NULL THEN NULL ELSE greatest("concluded_at", "opened_at") END, '[]'));
