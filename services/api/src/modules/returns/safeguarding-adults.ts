import {
  desiredOutcomesStatuses,
  outcomesAchievedValues,
  riskAssessmentOutcomes,
  riskResults,
  safeguardingLocations,
  safeguardingRiskTypes,
  safeguardingSources,
} from '@threefold/domain';
import type pg from 'pg';

export const sacTables = [
  'concerns',
  'enquiries_started',
  'enquiries_concluded',
  'type_of_risk',
  'location_of_risk',
  'source_of_risk',
  'risk_assessment_outcome',
  'result',
  'desired_outcomes',
  'outcomes_achieved',
] as const;
export type SacTable = (typeof sacTables)[number];

export interface SacRow {
  table: SacTable;
  category: string;
  section42: number | null;
  other: number | null;
  total: number;
}

/** Every category of each table, in the national order: a table lists its zeros too. */
const categories: Record<SacTable, readonly string[]> = {
  concerns: ['concerns', 'individuals'],
  enquiries_started: ['enquiries', 'individuals'],
  enquiries_concluded: ['enquiries', 'individuals', 'ended_at_persons_request'],
  type_of_risk: safeguardingRiskTypes,
  location_of_risk: safeguardingLocations,
  source_of_risk: safeguardingSources,
  risk_assessment_outcome: riskAssessmentOutcomes,
  result: riskResults,
  desired_outcomes: desiredOutcomesStatuses,
  outcomes_achieved: outcomesAchievedValues,
};

/** The financial year starting 1 April of `year`, as England's dates. */
export function financialYear(year: number) {
  return {
    from: `${year}-04-01`,
    to: `${year + 1}-03-31`,
    label: `${year}-${String((year + 1) % 100).padStart(2, '0')}`,
  };
}

/**
 * The Safeguarding Adults Collection for a financial year, counted by SQL from the concerns and
 * enquiries: concerns raised; section 42 and other enquiries started and concluded (and the
 * people they were about); and, for the enquiries concluded in the year, the type (an enquiry may
 * find several), location and source of risk, the risk assessment outcome, the result, whether the
 * person was asked what they wanted (Making Safeguarding Personal) and whether it was achieved.
 */
export async function safeguardingAdultsCollection(db: Pick<pg.Pool, 'query'>, year: number): Promise<SacRow[]> {
  const { from, to } = financialYear(year);
  const start = `(($1::date)::timestamp at time zone 'Europe/London')`;
  const end = `((($2::date) + 1)::timestamp at time zone 'Europe/London')`;
  const { rows } = await db.query<{
    tbl: SacTable;
    category: string;
    s42: number | null;
    other: number | null;
    total: number;
  }>(
    `with concluded as (
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
       from split group by tbl, category`,
    [from, to],
  );
  const found = new Map(rows.map((r) => [`${r.tbl}/${r.category}`, r]));
  return sacTables.flatMap((table) =>
    categories[table].map((category) => {
      const r = found.get(`${table}/${category}`);
      const summaryOnly = table === 'concerns';
      return {
        table,
        category,
        section42: summaryOnly ? null : (r?.s42 ?? 0),
        other: summaryOnly ? null : (r?.other ?? 0),
        total: r?.total ?? 0,
      };
    }),
  );
}
