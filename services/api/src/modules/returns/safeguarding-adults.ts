import {
  desiredOutcomesStatuses,
  outcomesAchievedValues,
  riskAssessmentOutcomes,
  riskResults,
  safeguardingLocations,
  safeguardingRiskTypes,
  safeguardingSources,
} from '@threefold/domain';
import type { DbOrTx } from '@threefold/db';
import { returnsRepository } from './repository.js';

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
export async function safeguardingAdultsCollection(db: DbOrTx, year: number): Promise<SacRow[]> {
  const { from, to } = financialYear(year);
  const rows = await returnsRepository.safeguardingAdultsCounts(db, from, to);
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
