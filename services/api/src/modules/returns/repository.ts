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
         when p.primary_support_reason is not null and not (p.primary_support_reason = any(${sql.param(lists.primarySupportReason)}::text[])) then 'primarySupportReason:invalid' end,
    case when p.has_unpaid_carer is null then 'hasUnpaidCarer:missing' end
  ], null)`;

/**
 * The people the returns would carry: anyone with a contact outcome or a story, or recorded as a
 * current unpaid carer (a carer known by association in the CLD), not merged away.
 */
const POPULATION = sql.raw(`
  p.merged_into_id is null and (
    exists (select 1 from contacts c where c.person_id = p.id and c.outcome is not null)
    or exists (select 1 from stories s where s.person_id = p.id)
    or exists (select 1 from relationships r where r.person_id = p.id and r.type = 'unpaid_carer_of' and r.ended_at is null))`);

/** Midnight in England at the start of `day`, and at the end of it. */
const startOf = (day: string) => sql`((${day}::date)::timestamp at time zone 'Europe/London')`;
const endOf = (day: string) => sql`(((${day}::date) + 1)::timestamp at time zone 'Europe/London')`;

/** One count of the Safeguarding Adults Collection, in the practice's codes (mapped in sac-lists.ts). */
export interface SacCount {
  /** `SG1` (individuals: category is age|gender|ethnicity|psr|autism joined by `|`), `SG1f`, `SG2a`… */
  tbl: string;
  /** `concerns`, `s42`, `other`, `concluded_s42`, `reviews`, `review_individuals`. */
  measure: string;
  category: string | null;
  subcategory: string | null;
  n: number;
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
   * The Safeguarding Adults Collection's counts for a period of England's days, in the practice's
   * codes. SG1: the individuals (once each per measure) in concerns raised and enquiries started,
   * with their age on the last day (or at death) and coded fields; SG1f: concerns and enquiries.
   * SG2–SG4: section 42 enquiries concluded (or ended at the person's request) in the period —
   * each type of risk by each source, each location by each source, the risk assessment, the
   * result, mental capacity (and support when lacking it), desired outcomes asked and achieved.
   * SG5: Safeguarding Adult Reviews completed in the period.
   */
  async safeguardingAdultsCounts(db: DbOrTx, from: string, to: string): Promise<SacCount[]> {
    const start = startOf(from);
    const end = endOf(to);
    const { rows } = await db.execute<{ [K in keyof SacCount]: SacCount[K] }>(sql`
    with concerns as (
       select c.* from safeguarding_concerns c where c.raised_at >= ${start} and c.raised_at < ${end}),
     started as (
       select e.* from safeguarding_enquiries e where e.opened_at >= ${start} and e.opened_at < ${end}),
     concluded as (
       select e.* from safeguarding_enquiries e
        where e.kind = 's42' and e.status in ('concluded', 'ended_at_persons_request')
          and e.concluded_at >= ${start} and e.concluded_at < ${end}),
     individuals as (
       select distinct 'concerns' as measure, coalesce(c.person_id::text, 'concern:' || c.id) as who, c.person_id from concerns c
       union
       select distinct e.kind, coalesce(e.person_id::text, 'enquiry:' || e.id), e.person_id from started e),
     described as (
       select i.measure,
              extract(year from age(least(coalesce(p.date_of_death, ${to}::date), ${to}::date), p.date_of_birth))::int as age,
              p.gender, p.ethnicity, p.primary_support_reason as psr, p.autism
         from individuals i left join people p on p.id = i.person_id)
     select 'SG1' as tbl, measure, concat_ws('|', coalesce(age::text, ''), coalesce(gender, ''), coalesce(ethnicity, ''), coalesce(psr, ''), coalesce(autism, '')) as category,
            null::text as subcategory, count(*)::int as n
       from described group by measure, age, gender, ethnicity, psr, autism
     union all select 'SG1f', 'concerns', 'concerns', null, count(*)::int from concerns
     union all select 'SG1f', kind, kind, null, count(*)::int from started group by kind
     union all select 'SG2a', 'concluded_s42', rt, src, count(*)::int
       from concluded, unnest(coalesce(risk_types, '{}')) rt, unnest(coalesce(sources, array_remove(array[source], null))) src
      where status = 'concluded' group by rt, src
     union all select 'SG2b', 'concluded_s42', loc, src, count(*)::int
       from concluded, unnest(coalesce(locations, array_remove(array[location], null))) loc,
            unnest(coalesce(sources, array_remove(array[source], null))) src
      where status = 'concluded' group by loc, src
     union all select 'SG2c', 'concluded_s42', case when status = 'ended_at_persons_request' then 'ceased' else risk_assessment end, null, count(*)::int
       from concluded where status = 'ended_at_persons_request' or risk_assessment is not null group by 3
     union all select 'SG2e', 'concluded_s42', result, null, count(*)::int from concluded where result is not null group by result
     union all select 'SG3a', 'concluded_s42', mental_capacity, null, count(*)::int from concluded group by mental_capacity
     union all select 'SG3a', 'concluded_s42', 'supported', null, count(*)::int from concluded
      where mental_capacity = 'lacks_capacity' and (advocate_name <> '' or appropriate_person_name <> '')
     union all select 'SG4a', 'concluded_s42', coalesce(desired_outcomes_status, 'not_recorded'), null, count(*)::int
       from concluded group by 3
     union all select 'SG4a', 'concluded_s42', 'achieved:' || outcomes_achieved, null, count(*)::int
       from concluded where outcomes_achieved is not null group by outcomes_achieved
     union all select 'SG5a', 'reviews', case when individuals_died > 0 then 'died' else 'none_died' end, null, count(*)::int
       from safeguarding_adult_reviews where completed_on between ${from}::date and ${to}::date group by 3
     union all select 'SG5b', 'review_individuals', 'died', null, coalesce(sum(individuals_died), 0)::int
       from safeguarding_adult_reviews where completed_on between ${from}::date and ${to}::date
     union all select 'SG5b', 'review_individuals', 'survived', null, coalesce(sum(individuals_survived), 0)::int
       from safeguarding_adult_reviews where completed_on between ${from}::date and ${to}::date`);
    return rows;
  },
};
