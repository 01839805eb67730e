ALTER TABLE "stories" ADD COLUMN "closed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "closed_stage" text;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "resolved_what_mattered" text;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "persons_words" text;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "closed_note" text;--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_closed_by_id_staff_users_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stories_closed_idx" ON "stories" USING btree ("closed_at") WHERE "stories"."status" = 'closed';--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_closed_fields" CHECK (("stories"."closed_reason" is null) = ("stories"."closed_stage" is null) and ("stories"."closed_reason" is null) = ("stories"."resolved_what_mattered" is null) and ("stories"."closed_reason" is null or ("stories"."status" = 'closed' and "stories"."closed_at" is not null)));--> statement-breakpoint
-- hand-written
-- Practice data counts closed stories on the day they closed (by reason, stage reached and the
-- person's answer), so the days a story's closing touches are marked stale like its other days.
CREATE OR REPLACE FUNCTION insight_story_days(ids uuid[]) RETURNS date[]
  LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT d), '{}') FROM (
    SELECT insight_day(s.opened_at) AS d FROM stories s WHERE s.id = ANY (ids)
    UNION ALL SELECT insight_day(s.closed_at) FROM stories s WHERE s.id = ANY (ids)
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
-- Stories: a new story, or one whose team, day or opening contact changed, or that closed or reopened
-- (not each save of its holder).
CREATE OR REPLACE FUNCTION insight_mark_stories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM insight_mark_days(insight_story_days(ARRAY(SELECT n.id FROM new_rows n)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o LEFT JOIN contacts c ON c.id = o.contact_id
       CROSS JOIN LATERAL (VALUES (insight_day(o.opened_at)), (insight_day(c.occurred_at)), (insight_day(o.closed_at))) v(d)));
  ELSE
    PERFORM insight_mark_days(insight_story_days(ARRAY(
      SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.opened_at, o.team_id, o.contact_id) IS DISTINCT FROM (n.opened_at, n.team_id, n.contact_id))));
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o LEFT JOIN contacts c ON c.id = o.contact_id
       CROSS JOIN LATERAL (VALUES (insight_day(o.opened_at)), (insight_day(c.occurred_at)), (insight_day(o.closed_at))) v(d)
       WHERE EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id
                      AND (o.opened_at, o.team_id, o.contact_id) IS DISTINCT FROM (n.opened_at, n.team_id, n.contact_id))));
    PERFORM insight_mark_days(ARRAY(
      SELECT d FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (insight_day(o.closed_at)), (insight_day(n.closed_at))) v(d)
       WHERE (o.status, o.closed_at, o.closed_reason, o.closed_stage, o.resolved_what_mattered)
             IS DISTINCT FROM (n.status, n.closed_at, n.closed_reason, n.closed_stage, n.resolved_what_mattered)));
  END IF;
  RETURN NULL;
END $$;
