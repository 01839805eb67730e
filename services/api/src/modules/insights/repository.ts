import type pg from 'pg';
import { factsSql } from './facts.js';

/** A period in England's days, and optionally one team. */
export interface Scope {
  from: string;
  to: string;
  teamId: string | null;
}

// The period as instants: midnight in England at the start of `from`, up to midnight after `to`.
const START = `(($1::date)::timestamp at time zone 'Europe/London')`;
const END = `((($2::date) + 1)::timestamp at time zone 'Europe/London')`;
const TEAM = (column: string) => `($3::uuid is null or ${column} = $3::uuid)`;
/**
 * A clock that ran at some point of the period: started before its end, and not stopped before its
 * start. The range expression is the one the GiST index (`*_clock_idx`) holds, so the index finds
 * them; the plain comparisons keep the meaning exact.
 */
const CLOCK = (started: string, stopped: string) => `
  tstzrange(${started}, case when ${stopped} is null then null else greatest(${stopped}, ${started}) end, '[]')
    && tstzrange(${START}, ${END}, '[)')
  and ${started} < ${END} and (${stopped} is null or ${stopped} >= ${START})`;

type Q = Pick<pg.Pool, 'query'>;

export class InsightsRepository {
  constructor(private readonly db: Q) {}

  private params(s: Scope) {
    return [s.from, s.to, s.teamId];
  }

  /**
   * The days of the period (and, for intensive plans, of the longest plan before it) that must be
   * computed live: never rolled up, or changed since they were.
   */
  async liveDays(s: Scope): Promise<{ days: string[]; longestPlan: number }> {
    const { rows } = await this.db.query<{ days: string[]; longest: number }>(
      `with longest as (select coalesce(max(ends_on - starts_on), 0) as days from intensive_plans)
       select coalesce(array_agg(to_char(x, 'YYYY-MM-DD') order by x), '{}') as days, (select days from longest) as longest
         from generate_series($1::date - (select days from longest), $2::date, interval '1 day') x
        where not exists (select 1 from insight_days r where r.day = x::date)
           or exists (select 1 from insight_stale_days s where s.day = x::date)`,
      [s.from, s.to],
    );
    return { days: rows[0]!.days, longestPlan: rows[0]!.longest };
  }

  /**
   * The period's facts (`facts.ts`), rolled up where a day is and live where it is not, summed
   * to what the dashboard needs: contacts by day and outcome, the rest by measure and key, a
   * contact's days to its first conversation and a plan's length as spans. A fact counts only
   * what had happened by the end of the period (`on_day`), so a past period's figures stay put.
   */
  async facts(s: Scope, live: { days: string[]; longestPlan: number }) {
    // The whole practice reads its own rows; a team, its own.
    const rolled = s.teamId ? 'not whole and team_id = $3::uuid' : 'whole and team_id is null';
    const { rows } = await this.db.query<{
      measure: string;
      key: string | null;
      day: string | null;
      span: number | null;
      at_end: boolean;
      n: number;
      amount: number;
      distinct_keys: number;
    }>(
      `with f as (
         select day, measure, key, on_day, n, amount from insight_facts
          where ${rolled} and day between $1::date - $5::int and $2::date and not (day = any($4::date[]))
         union all
         select day, measure, key, on_day, n, amount from (${factsSql({ list: '$4', first: '$6', last: '$7' })}) live
          where ${TEAM('team_id')}
       )
       select measure, case when measure = 'contingency' then null else key end as key,
              case when measure = 'contact' then to_char(day, 'YYYY-MM-DD') end as day,
              case when measure = 'journey_first' then on_day - day when measure = 'intensive_plan' then on_day - day + 1 end as span,
              measure = 'intensive_plan' and on_day >= $2::date as at_end,
              sum(n)::int as n, sum(amount)::bigint as amount,
              count(distinct key) filter (where measure = 'contingency')::int as distinct_keys
         from f
        where case when measure = 'intensive_plan' then day <= $2::date and on_day >= $1::date
                   else day >= $1::date and (on_day is null or on_day <= $2::date) end
        group by 1, 2, 3, 4, 5`,
      [s.from, s.to, s.teamId, live.days, live.longestPlan, live.days[0] ?? null, live.days.at(-1) ?? null],
    );
    return rows;
  }

  async reviews(s: Scope) {
    const { rows } = await this.db.query<{ due: number; overdue: number; completed: number; on_time: number }>(
      `select count(*) filter (where r.due_by between $1::date and $2::date)::int as due,
              count(*) filter (where r.due_by < $2::date and (r.completed_on is null or r.completed_on > $2::date))::int as overdue,
              count(*) filter (where r.completed_on between $1::date and $2::date)::int as completed,
              count(*) filter (where r.completed_on between $1::date and $2::date and r.completed_on <= r.due_by)::int as on_time
         from reviews r
        where ((r.due_by <= $2::date and (r.completed_on is null or r.completed_on >= $1::date))
               or r.completed_on between $1::date and $2::date)
          and ${TEAM('r.team_id')}`,
      this.params(s),
    );
    return rows[0]!;
  }

  /**
   * Concerns raised before the period ended and not decided before it began (their clocks matter),
   * as counts by the days in England they were raised and decided.
   */
  async concernClocks(s: Scope) {
    const { rows } = await this.db.query<{ raised_on: string; decided_on: string | null; n: number }>(
      `select to_char(insight_day(sc.raised_at), 'YYYY-MM-DD') as raised_on,
              to_char(insight_day(sc.decided_at), 'YYYY-MM-DD') as decided_on, count(*)::int as n
         from safeguarding_concerns sc
        where ${CLOCK('sc.raised_at', 'sc.decided_at')}
          and ${TEAM('sc.team_id')}
        group by 1, 2`,
      this.params(s),
    );
    return rows;
  }

  /** Enquiries whose clocks ran in the period, as counts by kind, days in England and outcomes. */
  async enquiryClocks(s: Scope) {
    const { rows } = await this.db.query<{
      kind: string;
      opened_on: string;
      concluded_on: string | null;
      desired_outcomes_status: string | null;
      outcomes_achieved: string | null;
      n: number;
    }>(
      `select e.kind, to_char(insight_day(e.opened_at), 'YYYY-MM-DD') as opened_on,
              to_char(insight_day(e.concluded_at), 'YYYY-MM-DD') as concluded_on,
              e.desired_outcomes_status, e.outcomes_achieved, count(*)::int as n
         from safeguarding_enquiries e join safeguarding_concerns sc on sc.id = e.concern_id
        where ${CLOCK('e.opened_at', 'e.concluded_at')}
          and ${TEAM('sc.team_id')}
        group by 1, 2, 3, 4, 5`,
      this.params(s),
    );
    return rows;
  }
}
