import { inPgTransaction } from '@threefold/db';
import type pg from 'pg';

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
 * Teams are the contact's for contacts and journeys, the story's for story work, the budget's own.
 */
export function factsSql(days: { list: string; first: string; last: string }): string {
  const day = (column: string) => `insight_day(${column})`;
  // Each instant within one of the days, and (so the planner sees how few rows that is, and joins
  // by index rather than hashing whole tables) between the first day's start and the last's end.
  const within = (column: string) =>
    `${column} >= d.s and ${column} < d.e
       and ${column} >= ((${days.first}::date)::timestamp at time zone 'Europe/London')
       and ${column} < (((${days.last}::date) + 1)::timestamp at time zone 'Europe/London')`;
  return `
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
   group by d.day, st.team_id, cs.story_id`;
}

/**
 * A day is rolled up from one o'clock the next morning in England; until then it is computed live.
 * The triggers mark only days before the writer's transaction began, so a change to today needs no
 * mark: the hour's grace lets any transaction still writing to the day before commit first.
 */
export const ROLL_UP_AFTER = '1 hour';

/** The advisory lock that lets one API instance at a time roll days up. */
const ROLL_UP_LOCK = `hashtext('threefold.insights.roll-up')`;

/**
 * Rolls up to `maxDays` days into `insight_facts`: days marked stale by the triggers first, then days
 * never rolled up (from the first record onwards), never a day younger than the lag. One
 * transaction: the stale marks are deleted first (waiting for any writer still holding one), so the
 * facts computed next see every change those marks stood for. Returns the days rolled, or `null`
 * when another instance holds the roll-up.
 */
export async function rollUpInsights(pool: pg.Pool, maxDays = 31): Promise<string[] | null> {
  return inPgTransaction(pool, 'begin', async (client) => {
    const { rows: lock } = await client.query<{ ok: boolean }>(
      `select pg_try_advisory_xact_lock(${ROLL_UP_LOCK}) as ok`,
    );
    if (!lock[0]!.ok) return null;
    const { rows } = await client.query<{ day: string }>(
      `with bounds as (
       select least(
                (select insight_day(min(occurred_at)) from contacts),
                (select insight_day(min(opened_at)) from stories),
                (select insight_day(min(started_at)) from conversations),
                (select min(starts_on) from intensive_plans),
                (select insight_day(min(decided_at)) from eligibility_determinations),
                (select insight_day(min(signed_off_at)) from personal_budgets),
                (select insight_day(min(referred_at)) from personal_budgets),
                (select min(spent_on) from contingency_spends)) as first,
              ((now() at time zone 'Europe/London') - interval '${ROLL_UP_AFTER}')::date - 1 as last)
     select to_char(day, 'YYYY-MM-DD') as day from (
       select s.day, 0 as rank from insight_stale_days s, bounds where s.day <= bounds.last
       union
       select g::date, 1 from bounds, generate_series(bounds.first, bounds.last, interval '1 day') g
        where not exists (select 1 from insight_days r where r.day = g::date)
     ) todo
     order by rank, day limit $1`,
      [maxDays],
    );
    const days = [...new Set(rows.map((r) => r.day))].sort();
    if (days.length > 0) {
      await client.query('delete from insight_stale_days where day = any($1::date[])', [days]);
      await client.query('delete from insight_facts where day = any($1::date[])', [days]);
      // Each team's rows, and the whole practice's beside them.
      await client.query(
        `with x as (${factsSql({ list: '$1', first: '$2', last: '$3' })})
       insert into insight_facts (day, whole, team_id, measure, key, on_day, n, amount)
       select day, false, team_id, measure, key, on_day, n, amount from x
       union all
       select day, true, null, measure, key, on_day, sum(n)::int, sum(amount)::bigint from x group by day, measure, key, on_day`,
        [days, days[0], days.at(-1)],
      );
      await client.query(
        `insert into insight_days (day) select unnest($1::date[])
       on conflict (day) do update set rolled_at = now()`,
        [days],
      );
    }
    return days;
  });
}

/** Rolls up until nothing is left to roll (or another instance is rolling); returns the days rolled. */
export async function rollUpAllInsights(pool: pg.Pool, maxDays = 31): Promise<number> {
  let total = 0;
  for (;;) {
    const days = await rollUpInsights(pool, maxDays);
    if (!days || days.length === 0) return total;
    total += days.length;
  }
}
