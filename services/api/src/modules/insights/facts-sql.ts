import { sql, type SQL } from 'drizzle-orm';

/**
 * The practice data as facts by day: one SQL used both to roll days up into `insight_facts` (the
 * worker) and to compute, live, the days that are not rolled up or have changed since (the
 * dashboard) — so a rolled-up figure is by construction the figure the records give.
 *
 * Each fact is (day, team, measure, key, on_day, n, amount):
 * - `contact` — contacts of the day by outcome (`key`);
 * - `journey_c1|c2|c3|first|long_term` — the day's contacts by the day (`on_day`) the story they led
 *   into first had a conversation 1, 2, 3, any conversation, or a signed-off budget;
 * - `story_opened`, `story_c3`, `story_long_term` — stories opened that day, by the day they reached
 *   conversation 3 or long-term support;
 * - `conversation_opened` / `conversation_concluded` by kind (`amount`: concluded resolved);
 * - `intensive_plan` — plans starting that day by their last day (`on_day`);
 * - `eligibility` (`amount`: eligible), `budget_signed_off` (`amount`: agreed weekly pence),
 *   `budget_referred`;
 * - `contingency` — spends by story (`key`; `amount`: pence), so a period can count the stories.
 * - `story_closed_reason`, `story_closed_stage`, `story_closed_answer` — stories closed that day (and
 *   still closed) by reason, by the stage they reached and by the person's answer (`key`).
 * - `assessment_requested` — stories where the person (or someone for them, `key`) asked that day to
 *   go straight to the eligibility assessment (Care Act s9(3)), bypassing the peer step.
 * Teams are the contact's for contacts and journeys, the story's for story work, the budget's own.
 */
export function factsSql(days: { list: SQL; first: SQL; last: SQL }): SQL {
  const day = (column: string) => sql.raw(`insight_day(${column})`);
  // Each instant within one of the days, and (so the planner sees how few rows that is, and joins
  // by index rather than hashing whole tables) between the first day's start and the last's end.
  const within = (name: string) => {
    const column = sql.raw(name);
    return sql`${column} >= d.s and ${column} < d.e
       and ${column} >= ((${days.first}::date)::timestamp at time zone 'Europe/London')
       and ${column} < (((${days.last}::date) + 1)::timestamp at time zone 'Europe/London')`;
  };
  return sql`
  with d as (
    select x as day, (x::timestamp at time zone 'Europe/London') as s, ((x + 1)::timestamp at time zone 'Europe/London') as e
      from unnest(${days.list}::date[]) x
  ),
  day_contacts as (
    select d.day, c.id, c.team_id, c.outcome from d join contacts c on ${within('c.occurred_at')}
  ),
  journeys as (
    select dc.day, dc.team_id, r.c1, r.c2, r.c3, r.first, b.long_term
      from day_contacts dc
      cross join lateral (
        select coalesce((select sc.story_id from story_contacts sc where sc.contact_id = dc.id),
                        (select s.id from stories s where s.contact_id = dc.id limit 1)) as story_id) cs
      cross join lateral (
        select min(v.started_at) filter (where v.kind = 1) as c1, min(v.started_at) filter (where v.kind = 2) as c2,
               min(v.started_at) filter (where v.kind = 3) as c3, min(v.started_at) as first
          from conversations v where v.story_id = cs.story_id) r
      cross join lateral (
        select min(pb.signed_off_at) as long_term from personal_budgets pb
         where pb.story_id = cs.story_id and pb.status = 'signed_off') b
     where cs.story_id is not null
  ),
  day_stories as (
    select d.day, st.team_id, r.c3, b.long_term
      from d join stories st on ${within('st.opened_at')}
      cross join lateral (select min(v.started_at) as c3 from conversations v where v.story_id = st.id and v.kind = 3) r
      cross join lateral (
        select min(pb.signed_off_at) as long_term from personal_budgets pb
         where pb.story_id = st.id and pb.status = 'signed_off') b
  )
  select day, team_id, 'contact' as measure, outcome as key, null::date as on_day, count(*)::int as n, 0::bigint as amount
    from day_contacts group by day, team_id, outcome
  union all
  select j.day, j.team_id, m.measure, null, m.on_day, count(*)::int, 0
    from journeys j
    cross join lateral (values ('journey_c1', ${day('j.c1')}), ('journey_c2', ${day('j.c2')}), ('journey_c3', ${day('j.c3')}),
                               ('journey_first', ${day('j.first')}), ('journey_long_term', ${day('j.long_term')})) m(measure, on_day)
   where m.on_day is not null
   group by j.day, j.team_id, m.measure, m.on_day
  union all
  select ds.day, ds.team_id, m.measure, null, m.on_day, count(*)::int, 0
    from day_stories ds
    cross join lateral (values ('story_opened', ds.day), ('story_c3', ${day('ds.c3')}), ('story_long_term', ${day('ds.long_term')})) m(measure, on_day)
   where m.on_day is not null
   group by ds.day, ds.team_id, m.measure, m.on_day
  union all
  select d.day, st.team_id, 'conversation_opened', v.kind::text, null, count(*)::int, 0
    from d join conversations v on ${within('v.started_at')} join stories st on st.id = v.story_id
   group by d.day, st.team_id, v.kind
  union all
  select d.day, st.team_id, 'conversation_concluded', v.kind::text, null, count(*)::int, count(*) filter (where v.resolved)
    from d join conversations v on ${within('v.concluded_at')} join stories st on st.id = v.story_id
   group by d.day, st.team_id, v.kind
  union all
  select d.day, st.team_id, 'intensive_plan', null, p.ends_on, count(*)::int, 0
    from d join intensive_plans p on p.starts_on = d.day and p.starts_on between ${days.first}::date and ${days.last}::date
    join conversations v on v.id = p.conversation_id join stories st on st.id = v.story_id
   group by d.day, st.team_id, p.ends_on
  union all
  select d.day, st.team_id, 'eligibility', null, null, count(*)::int, count(*) filter (where ed.eligible)
    from d join eligibility_determinations ed on ${within('ed.decided_at')}
    join stories st on st.id = ed.story_id
   group by d.day, st.team_id
  union all
  select d.day, b.team_id, 'budget_signed_off', null, null, count(*)::int, coalesce(sum(b.agreed_weekly_pence), 0)
    from d join personal_budgets b on ${within('b.signed_off_at')}
   group by d.day, b.team_id
  union all
  select d.day, b.team_id, 'budget_referred', null, null, count(*)::int, 0
    from d join personal_budgets b on ${within('b.referred_at')}
   group by d.day, b.team_id
  union all
  select d.day, st.team_id, 'contingency', cs.story_id::text, null, count(*)::int, sum(cs.amount_pence)
    from d join contingency_spends cs on cs.spent_on = d.day and cs.spent_on between ${days.first}::date and ${days.last}::date join stories st on st.id = cs.story_id
   group by d.day, st.team_id, cs.story_id
  union all
  select d.day, st.team_id, m.measure, m.key, null, count(*)::int, 0
    from d join stories st on st.status = 'closed' and st.closed_reason is not null and ${within('st.closed_at')}
    cross join lateral (values ('story_closed_reason', st.closed_reason), ('story_closed_stage', st.closed_stage),
                               ('story_closed_answer', st.resolved_what_mattered)) m(measure, key)
   group by d.day, st.team_id, m.measure, m.key
  union all
  select d.day, st.team_id, 'assessment_requested', st.assessment_requested_by, null, count(*)::int, 0
    from d join stories st on ${within('st.assessment_requested_at')}
   group by d.day, st.team_id, st.assessment_requested_by`;
}
