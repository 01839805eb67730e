import type pg from 'pg';

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
const day = (column: string) => `((${column}) at time zone 'Europe/London')::date`;

/**
 * The contacts of the period that led into a story: through `story_contacts` (every contact
 * progressed into a story) or, for stories opened from a contact before that link existed,
 * `stories.contact_id`.
 */
const CONTACT_STORIES = `
  period_contacts as (
    select c.id, c.occurred_at from contacts c
     where c.occurred_at >= ${START} and c.occurred_at < ${END} and ${TEAM('c.team_id')}
  ),
  contact_story as (
    select pc.id as contact_id, pc.occurred_at, coalesce(sc.story_id, s0.id) as story_id
      from period_contacts pc
      left join story_contacts sc on sc.contact_id = pc.id
      left join lateral (select s.id from stories s where s.contact_id = pc.id and sc.story_id is null limit 1) s0 on true
  )`;

/** Long-term support: a personal budget on the story signed off by the end of the period. */
export const LONG_TERM = (story: string) => `exists (
    select 1 from personal_budgets b
     where b.story_id = ${story} and b.status = 'signed_off' and b.signed_off_at < ${END})`;

/** A concern's team: the team of the contact it came from, else of the conversation's story. */
const CONCERN_TEAM = `coalesce(
    (select c.team_id from contacts c where c.id = sc.contact_id),
    (select st.team_id from conversations v join stories st on st.id = v.story_id where v.id = sc.conversation_id))`;

type Q = Pick<pg.Pool, 'query'>;

export class InsightsRepository {
  constructor(private readonly db: Q) {}

  private params(s: Scope) {
    return [s.from, s.to, s.teamId];
  }

  async contactsPerDay(s: Scope) {
    const { rows } = await this.db.query<{ date: string; contacts: number; resolved: number }>(
      `with days as (select d::date as date from generate_series($1::date, $2::date, interval '1 day') d),
            counts as (
              select ${day('c.occurred_at')} as date, count(*)::int as contacts,
                     count(*) filter (where c.outcome in ('information_and_advice','connected_to_community','no_further_action'))::int as resolved
                from contacts c
               where c.occurred_at >= ${START} and c.occurred_at < ${END} and ${TEAM('c.team_id')}
               group by 1)
       select to_char(days.date, 'YYYY-MM-DD') as date, coalesce(counts.contacts, 0) as contacts, coalesce(counts.resolved, 0) as resolved
         from days left join counts using (date) order by days.date`,
      this.params(s),
    );
    return rows;
  }

  async contactsByOutcome(s: Scope) {
    const { rows } = await this.db.query<{ outcome: string | null; count: number }>(
      `select c.outcome, count(*)::int as count from contacts c
        where c.occurred_at >= ${START} and c.occurred_at < ${END} and ${TEAM('c.team_id')}
        group by c.outcome order by count(*) desc, c.outcome nulls last`,
      this.params(s),
    );
    return rows;
  }

  async conversationsByKind(s: Scope) {
    const { rows } = await this.db.query<{
      kind: number;
      opened: number;
      concluded: number;
      concluded_resolved: number;
    }>(
      `select k.kind,
              (select count(*)::int from conversations v join stories st on st.id = v.story_id
                where v.kind = k.kind and v.started_at >= ${START} and v.started_at < ${END} and ${TEAM('st.team_id')}) as opened,
              coalesce(cc.concluded, 0) as concluded, coalesce(cc.concluded_resolved, 0) as concluded_resolved
         from (values (1), (2), (3)) k(kind)
         left join (
           select v.kind, count(*)::int as concluded, count(*) filter (where v.resolved)::int as concluded_resolved
             from conversations v join stories st on st.id = v.story_id
            where v.concluded_at >= ${START} and v.concluded_at < ${END} and ${TEAM('st.team_id')}
            group by v.kind) cc on cc.kind = k.kind
        order by k.kind`,
      this.params(s),
    );
    return rows;
  }

  async stories(s: Scope) {
    const { rows } = await this.db.query<{ opened: number; reached3: number; long_term: number }>(
      `select count(*)::int as opened,
              count(*) filter (where exists (
                select 1 from conversations v where v.story_id = st.id and v.kind = 3 and v.started_at < ${END}))::int as reached3,
              count(*) filter (where ${LONG_TERM('st.id')})::int as long_term
         from stories st
        where st.opened_at >= ${START} and st.opened_at < ${END} and ${TEAM('st.team_id')}`,
      this.params(s),
    );
    return rows[0]!;
  }

  async funnel(s: Scope) {
    const { rows } = await this.db.query<{
      contacts: number;
      c1: number;
      c2: number;
      c3: number;
      long_term: number;
      measured: number;
      median: number | null;
      p90: number | null;
    }>(
      `with ${CONTACT_STORIES},
       reached as (
         select cs.contact_id, cs.occurred_at, cs.story_id,
                r.c1, r.c2, r.c3, r.first_at,
                cs.story_id is not null and ${LONG_TERM('cs.story_id')} as long_term
           from contact_story cs
           left join lateral (
             select bool_or(v.kind = 1) as c1, bool_or(v.kind = 2) as c2, bool_or(v.kind = 3) as c3, min(v.started_at) as first_at
               from conversations v where v.story_id = cs.story_id and v.started_at < ${END}) r on true)
       select count(*)::int as contacts,
              count(*) filter (where c1)::int as c1, count(*) filter (where c2)::int as c2, count(*) filter (where c3)::int as c3,
              count(*) filter (where long_term)::int as long_term,
              count(first_at)::int as measured,
              percentile_cont(0.5) within group (order by ${day('first_at')} - ${day('occurred_at')}) as median,
              percentile_cont(0.9) within group (order by ${day('first_at')} - ${day('occurred_at')}) as p90
         from reached`,
      this.params(s),
    );
    return rows[0]!;
  }

  async intensivePlans(s: Scope) {
    const { rows } = await this.db.query<{
      active: number;
      active_at_end: number;
      mean_length: number | null;
      longest: number | null;
    }>(
      `select count(*)::int as active,
              count(*) filter (where p.starts_on <= $2::date and p.ends_on >= $2::date)::int as active_at_end,
              round(avg(p.ends_on - p.starts_on + 1), 1)::float8 as mean_length,
              max(p.ends_on - p.starts_on + 1) as longest
         from intensive_plans p
         join conversations v on v.id = p.conversation_id
         join stories st on st.id = v.story_id
        where p.starts_on <= $2::date and p.ends_on >= $1::date and ${TEAM('st.team_id')}`,
      this.params(s),
    );
    return rows[0]!;
  }

  async contingency(s: Scope) {
    const { rows } = await this.db.query<{ spends: number; total: number; stories: number }>(
      `select count(*)::int as spends, coalesce(sum(cs.amount_pence), 0)::bigint as total, count(distinct cs.story_id)::int as stories
         from contingency_spends cs join stories st on st.id = cs.story_id
        where cs.spent_on between $1::date and $2::date and ${TEAM('st.team_id')}`,
      this.params(s),
    );
    return rows[0]!;
  }

  async eligibility(s: Scope) {
    const { rows } = await this.db.query<{ determinations: number; eligible: number }>(
      `select count(*)::int as determinations, count(*) filter (where ed.eligible)::int as eligible
         from eligibility_determinations ed join stories st on st.id = ed.story_id
        where ed.decided_at >= ${START} and ed.decided_at < ${END} and ${TEAM('st.team_id')}`,
      this.params(s),
    );
    return rows[0]!;
  }

  async budgets(s: Scope) {
    const { rows } = await this.db.query<{ signed_off: number; weekly: number; referred: number }>(
      `select count(*) filter (where b.signed_off_at >= ${START} and b.signed_off_at < ${END})::int as signed_off,
              coalesce(sum(b.agreed_weekly_pence) filter (where b.signed_off_at >= ${START} and b.signed_off_at < ${END}), 0)::bigint as weekly,
              count(*) filter (where b.referred_at >= ${START} and b.referred_at < ${END})::int as referred
         from personal_budgets b
        where ((b.signed_off_at >= ${START} and b.signed_off_at < ${END}) or (b.referred_at >= ${START} and b.referred_at < ${END}))
          and ${TEAM('b.team_id')}`,
      this.params(s),
    );
    return rows[0]!;
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

  /** Concerns raised before the period ended and not decided before it began: their clocks matter. */
  async concernClocks(s: Scope) {
    const { rows } = await this.db.query<{ raised_at: Date; decided_at: Date | null }>(
      `select sc.raised_at, sc.decided_at from safeguarding_concerns sc
        where sc.raised_at < ${END} and (sc.decided_at is null or sc.decided_at >= ${START})
          and ($3::uuid is null or ${CONCERN_TEAM} = $3::uuid)`,
      this.params(s),
    );
    return rows;
  }

  async enquiryClocks(s: Scope) {
    const { rows } = await this.db.query<{
      kind: string;
      opened_at: Date;
      concluded_at: Date | null;
      desired_outcomes_status: string | null;
      outcomes_achieved: string | null;
    }>(
      `select e.kind, e.opened_at, e.concluded_at, e.desired_outcomes_status, e.outcomes_achieved
         from safeguarding_enquiries e join safeguarding_concerns sc on sc.id = e.concern_id
        where e.opened_at < ${END} and (e.concluded_at is null or e.concluded_at >= ${START})
          and ($3::uuid is null or ${CONCERN_TEAM} = $3::uuid)`,
      this.params(s),
    );
    return rows;
  }
}
