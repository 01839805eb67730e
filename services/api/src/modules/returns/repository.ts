import type { DbOrTx } from '@threefold/db';
import { sql, type SQL } from 'drizzle-orm';

/** The national lists a person's fields are checked against (upper-case ethnicity codes, lower-case genders). */
export interface QualityLists {
  ethnicity: string[];
  gender: string[];
  primarySupportReason: string[];
}

/**
 * What the returns would fault in a person's record, as `field:problem` codes: SQL over the
 * person's row (`p`), against the code lists the returns use.
 */
const issues = (lists: QualityLists): SQL => sql`
  array_remove(array[
    case when p.nhs_number is null then 'nhsNumber:missing' end,
    case when p.ethnicity is null then 'ethnicity:missing'
         when not (upper(p.ethnicity) = any(${sql.param(lists.ethnicity)}::text[])) then 'ethnicity:invalid' end,
    case when p.gender is null then 'gender:missing'
         when not (lower(p.gender) = any(${sql.param(lists.gender)}::text[])) then 'gender:invalid' end,
    case when p.date_of_birth is null then 'dateOfBirth:missing' end,
    case when p.postcode is null then 'postcode:missing'
         when upper(p.postcode) !~ '^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$' then 'postcode:invalid' end,
    case when p.primary_support_reason is null and exists (
           select 1 from personal_budgets b where b.person_id = p.id and b.status = 'signed_off') then 'primarySupportReason:missing'
         when p.primary_support_reason is not null and not (p.primary_support_reason = any(${sql.param(lists.primarySupportReason)}::text[])) then 'primarySupportReason:invalid' end
  ], null)`;

/** The people the returns would carry: anyone with a contact outcome or a story, not merged away. */
const POPULATION = sql.raw(`
  p.merged_into_id is null and (
    exists (select 1 from contacts c where c.person_id = p.id and c.outcome is not null)
    or exists (select 1 from stories s where s.person_id = p.id))`);

/** Midnight in England at the start of `day`, and at the end of it. */
const startOf = (day: string) => sql`((${day}::date)::timestamp at time zone 'Europe/London')`;
const endOf = (day: string) => sql`(((${day}::date) + 1)::timestamp at time zone 'Europe/London')`;

export interface SacCount {
  tbl: string;
  category: string;
  s42: number | null;
  other: number | null;
  total: number;
}

/** Drizzle queries only (the Client Level Data export's COPY aside); each takes the handle to run on. */
export const returnsRepository = {
  /** A page of the people with issues, by id after `after`; one more than `limit` tells of a next page. */
  async peopleWithIssues(db: DbOrTx, lists: QualityLists, after: string | null, limit: number) {
    const { rows } = await db.execute<{ id: string; given_name: string; family_name: string; issues: string[] }>(sql`
      select * from (
       select p.id, p.given_name, p.family_name, ${issues(lists)} as issues
         from people p
        where ${POPULATION} and (${after}::uuid is null or p.id > ${after}::uuid)
        order by p.id) q
      where cardinality(q.issues) > 0
      order by q.id
      limit ${limit + 1}`);
    return rows;
  },

  /** How many people the returns carry, how many have issues, and the count of each `field:problem`. */
  async issueCounts(db: DbOrTx, lists: QualityLists) {
    const { rows } = await db.execute<{
      population: number;
      with_issues: number;
      codes: Record<string, number> | null;
    }>(sql`
     with checked as (select ${issues(lists)} as issues from people p where ${POPULATION})
     select (select count(*)::int from checked) as population,
            (select count(*)::int from checked where cardinality(issues) > 0) as with_issues,
            (select jsonb_object_agg(code, n) from (
               select code, count(*)::int as n from checked, unnest(issues) code group by code) x) as codes`);
    return rows[0]!;
  },

  /**
   * The Safeguarding Adults Collection's counts for a period of England's days: concerns (and
   * individuals), enquiries started and concluded by kind, and the concluded enquiries' risk,
   * result and Making Safeguarding Personal categories, by table and category.
   */
  async safeguardingAdultsCounts(db: DbOrTx, from: string, to: string): Promise<SacCount[]> {
    const start = startOf(from);
    const end = endOf(to);
    const { rows } = await db.execute<{ [K in keyof SacCount]: SacCount[K] }>(sql`
    with concluded as (
       select e.* from safeguarding_enquiries e
        where e.status in ('concluded', 'ended_at_persons_request') and e.concluded_at >= ${start} and e.concluded_at < ${end}),
     started as (
       select e.* from safeguarding_enquiries e where e.opened_at >= ${start} and e.opened_at < ${end}),
     split(tbl, category, kind, person_id) as (
       select 'type_of_risk', rt, kind, person_id from concluded, unnest(coalesce(risk_types, '{}')) rt
       union all select 'location_of_risk', location, kind, person_id from concluded where location is not null
       union all select 'source_of_risk', source, kind, person_id from concluded where source is not null
       union all select 'risk_assessment_outcome', risk_assessment, kind, person_id from concluded where risk_assessment is not null
       union all select 'result', result, kind, person_id from concluded where result is not null
       union all select 'desired_outcomes', desired_outcomes_status, kind, person_id from concluded where desired_outcomes_status is not null
       union all select 'outcomes_achieved', outcomes_achieved, kind, person_id from concluded where outcomes_achieved is not null)
     select 'concerns' as tbl, 'concerns' as category, null::int as s42, null::int as other, count(*)::int as total
       from safeguarding_concerns c where c.raised_at >= ${start} and c.raised_at < ${end}
     union all
     select 'concerns', 'individuals', null, null, count(distinct c.person_id)::int
       from safeguarding_concerns c where c.raised_at >= ${start} and c.raised_at < ${end}
     union all
     select 'enquiries_started', 'enquiries', count(*) filter (where kind = 's42')::int, count(*) filter (where kind = 'other')::int, count(*)::int from started
     union all
     select 'enquiries_started', 'individuals', count(distinct person_id) filter (where kind = 's42')::int,
            count(distinct person_id) filter (where kind = 'other')::int, count(distinct person_id)::int from started
     union all
     select 'enquiries_concluded', 'enquiries', count(*) filter (where kind = 's42')::int, count(*) filter (where kind = 'other')::int, count(*)::int from concluded
     union all
     select 'enquiries_concluded', 'individuals', count(distinct person_id) filter (where kind = 's42')::int,
            count(distinct person_id) filter (where kind = 'other')::int, count(distinct person_id)::int from concluded
     union all
     select 'enquiries_concluded', 'ended_at_persons_request', count(*) filter (where kind = 's42' and status = 'ended_at_persons_request')::int,
            count(*) filter (where kind = 'other' and status = 'ended_at_persons_request')::int,
            count(*) filter (where status = 'ended_at_persons_request')::int from concluded
     union all
     select tbl, category, count(*) filter (where kind = 's42')::int, count(*) filter (where kind = 'other')::int, count(*)::int
       from split group by tbl, category`);
    return rows;
  },
};
