import { teams, type DbOrTx } from '@threefold/db';
import { eq, sql, type SQL } from 'drizzle-orm';
import { factsSql } from './facts-sql.js';

/** A period in England's days, and optionally one team. */
export interface Scope {
  from: string;
  to: string;
  teamId: string | null;
}

/**
 * A day is rolled up from one o'clock the next morning in England; until then it is computed live.
 * The triggers mark only days before the writer's transaction began, so a change to today needs no
 * mark: the hour's grace lets any transaction still writing to the day before commit first.
 */
export const ROLL_UP_AFTER = '1 hour';

/** The advisory lock that lets one API instance at a time roll days up. */
const ROLL_UP_LOCK = sql.raw(`hashtext('threefold.insights.roll-up')`);

// The period as instants: midnight in England at the start of `from`, up to midnight after `to`.
const start = (s: Scope) => sql`((${s.from}::date)::timestamp at time zone 'Europe/London')`;
const end = (s: Scope) => sql`(((${s.to}::date) + 1)::timestamp at time zone 'Europe/London')`;
const inTeam = (s: Scope, column: string) => sql`(${s.teamId}::uuid is null or ${sql.raw(column)} = ${s.teamId}::uuid)`;
/**
 * A clock that ran at some point of the period: started before its end, and not stopped before its
 * start. The range expression is the one the GiST index (`*_clock_idx`) holds, so the index finds
 * them; the plain comparisons keep the meaning exact.
 */
const clockRan = (s: Scope, startedColumn: string, stoppedColumn: string): SQL => {
  const started = sql.raw(startedColumn);
  const stopped = sql.raw(stoppedColumn);
  return sql`
  tstzrange(${started}, case when ${stopped} is null then null else greatest(${stopped}, ${started}) end, '[]')
    && tstzrange(${start(s)}, ${end(s)}, '[)')
  and ${started} < ${end(s)} and (${stopped} is null or ${stopped} >= ${start(s)})`;
};
const dates = (days: string[]) => sql`${sql.param(days)}::date[]`;

type FactRow = {
  measure: string;
  key: string | null;
  day: string | null;
  span: number | null;
  at_end: boolean;
  n: number;
  amount: number;
  distinct_keys: number;
};
type ConcernClockRow = { raised_on: string; decided_on: string | null; n: number };
type EnquiryClockRow = {
  kind: string;
  opened_on: string;
  concluded_on: string | null;
  desired_outcomes_status: string | null;
  outcomes_achieved: string | null;
  n: number;
};

/** Drizzle queries only; every method takes the handle to run on (the database or a transaction). */
export const insightsRepository = {
  async teamExists(db: DbOrTx, teamId: string): Promise<boolean> {
    const rows = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).limit(1);
    return rows.length > 0;
  },

  /**
   * Turns JIT off for the rest of the transaction: the dashboard's queries are many small index
   * lookups that the planner costs high enough to JIT-compile, and compiling costs more than
   * running them (hundreds of milliseconds at two million contacts).
   */
  async withoutJit(tx: DbOrTx): Promise<void> {
    await tx.execute(sql`set local jit = off`);
  },

  /**
   * The days of the period (and, for intensive plans, of the longest plan before it) that must be
   * computed live: never rolled up, or changed since they were.
   */
  async liveDays(db: DbOrTx, s: Scope): Promise<{ days: string[]; longestPlan: number }> {
    const { rows } = await db.execute<{ days: string[]; longest: number }>(sql`
      with longest as (select coalesce(max(ends_on - starts_on), 0) as days from intensive_plans)
       select coalesce(array_agg(to_char(x, 'YYYY-MM-DD') order by x), '{}') as days, (select days from longest) as longest
         from generate_series(${s.from}::date - (select days from longest), ${s.to}::date, interval '1 day') x
        where not exists (select 1 from insight_days r where r.day = x::date)
           or exists (select 1 from insight_stale_days s where s.day = x::date)`);
    return { days: rows[0]!.days, longestPlan: rows[0]!.longest };
  },

  /**
   * The period's facts (`facts-sql.ts`), rolled up where a day is and live where it is not, summed
   * to what the dashboard needs: contacts by day and outcome, the rest by measure and key, a
   * contact's days to its first conversation and a plan's length as spans. A fact counts only
   * what had happened by the end of the period (`on_day`), so a past period's figures stay put.
   */
  async facts(db: DbOrTx, s: Scope, live: { days: string[]; longestPlan: number }): Promise<FactRow[]> {
    // The whole practice reads its own rows; a team, its own.
    const rolled = s.teamId ? sql`not whole and team_id = ${s.teamId}::uuid` : sql`whole and team_id is null`;
    const liveFacts = factsSql({
      list: dates(live.days),
      first: sql`${live.days[0] ?? null}`,
      last: sql`${live.days.at(-1) ?? null}`,
    });
    const { rows } = await db.execute<FactRow>(sql`
      with f as (
         select day, measure, key, on_day, n, amount from insight_facts
          where ${rolled} and day between ${s.from}::date - ${live.longestPlan}::int and ${s.to}::date
            and not (day = any(${dates(live.days)}))
         union all
         select day, measure, key, on_day, n, amount from (${liveFacts}) live
          where ${inTeam(s, 'team_id')}
       )
       select measure, case when measure = 'contingency' then null else key end as key,
              case when measure = 'contact' then to_char(day, 'YYYY-MM-DD') end as day,
              case when measure = 'journey_first' then on_day - day when measure = 'intensive_plan' then on_day - day + 1 end as span,
              measure = 'intensive_plan' and on_day >= ${s.to}::date as at_end,
              sum(n)::int as n, sum(amount)::bigint as amount,
              count(distinct key) filter (where measure = 'contingency')::int as distinct_keys
         from f
        where case when measure = 'intensive_plan' then day <= ${s.to}::date and on_day >= ${s.from}::date
                   else day >= ${s.from}::date and (on_day is null or on_day <= ${s.to}::date) end
        group by 1, 2, 3, 4, 5`);
    return rows;
  },

  async reviews(db: DbOrTx, s: Scope) {
    const from = sql`${s.from}::date`;
    const to = sql`${s.to}::date`;
    const { rows } = await db.execute<{ due: number; overdue: number; completed: number; on_time: number }>(sql`
      select count(*) filter (where r.due_by between ${from} and ${to})::int as due,
              count(*) filter (where r.due_by < ${to} and (r.completed_on is null or r.completed_on > ${to}))::int as overdue,
              count(*) filter (where r.completed_on between ${from} and ${to})::int as completed,
              count(*) filter (where r.completed_on between ${from} and ${to} and r.completed_on <= r.due_by)::int as on_time
         from reviews r
        where ((r.due_by <= ${to} and (r.completed_on is null or r.completed_on >= ${from}))
               or r.completed_on between ${from} and ${to})
          and ${inTeam(s, 'r.team_id')}`);
    return rows[0]!;
  },

  /**
   * Concerns raised before the period ended and not decided before it began (their clocks matter),
   * as counts by the days in England they were raised and decided.
   */
  async concernClocks(db: DbOrTx, s: Scope): Promise<ConcernClockRow[]> {
    const { rows } = await db.execute<ConcernClockRow>(sql`
      select to_char(insight_day(sc.raised_at), 'YYYY-MM-DD') as raised_on,
              to_char(insight_day(sc.decided_at), 'YYYY-MM-DD') as decided_on, count(*)::int as n
         from safeguarding_concerns sc
        where ${clockRan(s, 'sc.raised_at', 'sc.decided_at')}
          and ${inTeam(s, 'sc.team_id')}
        group by 1, 2`);
    return rows;
  },

  /** Enquiries whose clocks ran in the period, as counts by kind, days in England and outcomes. */
  async enquiryClocks(db: DbOrTx, s: Scope): Promise<EnquiryClockRow[]> {
    const { rows } = await db.execute<EnquiryClockRow>(sql`
      select e.kind, to_char(insight_day(e.opened_at), 'YYYY-MM-DD') as opened_on,
              to_char(insight_day(e.concluded_at), 'YYYY-MM-DD') as concluded_on,
              e.desired_outcomes_status, e.outcomes_achieved, count(*)::int as n
         from safeguarding_enquiries e join safeguarding_concerns sc on sc.id = e.concern_id
        where ${clockRan(s, 'e.opened_at', 'e.concluded_at')}
          and ${inTeam(s, 'sc.team_id')}
        group by 1, 2, 3, 4, 5`);
    return rows;
  },

  // ——— Rolling up ———

  /** Takes the roll-up's lock for the transaction; false when another instance holds it. */
  async tryRollUpLock(tx: DbOrTx): Promise<boolean> {
    const { rows } = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${ROLL_UP_LOCK}) as ok`);
    return rows[0]!.ok;
  },

  /**
   * Up to `maxDays` days to roll up: days marked stale by the triggers first, then days never
   * rolled up (from the first record onwards), never a day younger than the lag.
   */
  async daysToRollUp(tx: DbOrTx, maxDays: number): Promise<string[]> {
    const { rows } = await tx.execute<{ day: string }>(sql`
      with bounds as (
       select least(
                (select insight_day(min(occurred_at)) from contacts),
                (select insight_day(min(opened_at)) from stories),
                (select insight_day(min(started_at)) from conversations),
                (select min(starts_on) from intensive_plans),
                (select insight_day(min(decided_at)) from eligibility_determinations),
                (select insight_day(min(signed_off_at)) from personal_budgets),
                (select insight_day(min(referred_at)) from personal_budgets),
                (select min(spent_on) from contingency_spends)) as first,
              ((now() at time zone 'Europe/London') - interval ${sql.raw(`'${ROLL_UP_AFTER}'`)})::date - 1 as last)
     select to_char(day, 'YYYY-MM-DD') as day from (
       select s.day, 0 as rank from insight_stale_days s, bounds where s.day <= bounds.last
       union
       select g::date, 1 from bounds, generate_series(bounds.first, bounds.last, interval '1 day') g
        where not exists (select 1 from insight_days r where r.day = g::date)
     ) todo
     order by rank, day limit ${maxDays}`);
    return rows.map((r) => r.day);
  },

  /**
   * Forgets the days' stale marks and rolled-up facts. The marks go first (waiting for any writer
   * still holding one), so facts computed next see every change those marks stood for.
   */
  async forgetDays(tx: DbOrTx, days: string[]): Promise<void> {
    await tx.execute(sql`delete from insight_stale_days where day = any(${dates(days)})`);
    await tx.execute(sql`delete from insight_facts where day = any(${dates(days)})`);
  },

  /** The days' facts from the records: each team's rows, and the whole practice's beside them. */
  async insertFacts(tx: DbOrTx, days: string[]): Promise<void> {
    const facts = factsSql({ list: dates(days), first: sql`${days[0]}`, last: sql`${days.at(-1)}` });
    await tx.execute(sql`
      with x as (${facts})
       insert into insight_facts (day, whole, team_id, measure, key, on_day, n, amount)
       select day, false, team_id, measure, key, on_day, n, amount from x
       union all
       select day, true, null, measure, key, on_day, sum(n)::int, sum(amount)::bigint from x group by day, measure, key, on_day`);
  },

  async markRolledUp(tx: DbOrTx, days: string[]): Promise<void> {
    await tx.execute(sql`
      insert into insight_days (day) select unnest(${dates(days)})
       on conflict (day) do update set rolled_at = now()`);
  },
};
