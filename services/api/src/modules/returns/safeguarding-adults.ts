import type { DbOrTx } from '@threefold/db';
import { returnsRepository, type SacCount } from './repository.js';
import {
  SAC_CAPACITY_SUPPORTED,
  SAC_CEASED,
  SAC_NOT_RECORDED,
  sacAgeBandOf,
  sacAgeBands,
  sacAutism,
  sacAutismOf,
  sacCapacity,
  sacCapacityOf,
  sacDesiredOutcomes,
  sacDesiredOutcomesOf,
  sacEthnicities,
  sacEthnicityOf,
  sacGenderOf,
  sacGenders,
  sacLocationOf,
  sacLocations,
  sacMeasures,
  sacOutcomesAchieved,
  sacOutcomesAchievedOf,
  sacPrimarySupportReasonOf,
  sacPrimarySupportReasons,
  sacResultOf,
  sacResults,
  sacReviewIndividuals,
  sacReviews,
  sacRiskAssessmentOf,
  sacRiskAssessments,
  sacRiskTypeOf,
  sacRiskTypes,
  sacSourceOf,
  sacSources,
  sacTotals,
  type SacMeasure,
} from './sac-lists.js';

/** The collection's tables, by the references [SAC-publication] uses (sac-lists.ts). */
export const sacTables = [
  'SG1a',
  'SG1b',
  'SG1c',
  'SG1d',
  'SG1e',
  'SG1f',
  'SG2a',
  'SG2b',
  'SG2c',
  'SG2e',
  'SG3a',
  'SG4a',
  'SG5a',
  'SG5b',
] as const;
export type SacTable = (typeof sacTables)[number];

/** One cell of the collection: a table, what it counts, its row (category) and column (subcategory). */
export interface SacRow {
  table: SacTable;
  measure: SacMeasure;
  category: string;
  subcategory: string | null;
  value: number;
}

/** The financial year starting 1 April of `year`, as England's dates. */
export function financialYear(year: number) {
  return {
    from: `${year}-04-01`,
    to: `${year + 1}-03-31`,
    label: `${year}-${String((year + 1) % 100).padStart(2, '0')}`,
  };
}

const measureOf: Readonly<Record<string, SacMeasure>> = {
  concerns: sacMeasures.concerns,
  s42: sacMeasures.s42,
  other: sacMeasures.other,
  concluded_s42: sacMeasures.concludedS42,
  reviews: sacMeasures.reviews,
  review_individuals: sacMeasures.reviewIndividuals,
};

const key = (table: string, measure: string, category: string, subcategory: string | null = null) =>
  `${table}\u0000${measure}\u0000${category}\u0000${subcategory ?? ''}`;

/**
 * The counts (in the practice's codes) in the collection's wording, summed per cell: several
 * practice values may map to one national value (e.g. the primary support reasons' groups).
 */
function tally(counts: SacCount[]): Map<string, number> {
  const cells = new Map<string, number>();
  const add = (k: string, n: number) => cells.set(k, (cells.get(k) ?? 0) + n);
  const of = <K extends string>(map: Readonly<Record<K, string>>, code: string | null) =>
    code !== null && code in map ? map[code as K] : null;
  for (const c of counts) {
    const measure = measureOf[c.measure];
    if (!measure) continue;
    if (c.tbl === 'SG1') {
      const [age, gender, ethnicity, psr, autism] = (c.category ?? '||||').split('|');
      add(key('SG1a', measure, sacAgeBandOf(age ? Number(age) : null)), c.n);
      add(key('SG1b', measure, sacGenderOf(gender || null)), c.n);
      add(key('SG1c', measure, sacEthnicityOf(ethnicity || null)), c.n);
      add(key('SG1d', measure, sacPrimarySupportReasonOf(psr || null)), c.n);
      const sg1e = of(sacAutismOf, autism || null);
      if (sg1e) add(key('SG1e', measure, sg1e), c.n);
      continue;
    }
    let category: string | null = null;
    let subcategory: string | null = null;
    switch (c.tbl) {
      case 'SG1f':
        category = { concerns: sacTotals[0], s42: sacTotals[1], other: sacTotals[2] }[c.category ?? ''] ?? null;
        break;
      case 'SG2a':
        category = of(sacRiskTypeOf, c.category);
        subcategory = of(sacSourceOf, c.subcategory);
        if (!subcategory) category = null;
        break;
      case 'SG2b':
        category = of(sacLocationOf, c.category);
        subcategory = of(sacSourceOf, c.subcategory);
        if (!subcategory) category = null;
        break;
      case 'SG2c':
        category = c.category === 'ceased' ? SAC_CEASED : of(sacRiskAssessmentOf, c.category);
        break;
      case 'SG2e':
        category = of(sacResultOf, c.category);
        break;
      case 'SG3a':
        category = c.category === 'supported' ? SAC_CAPACITY_SUPPORTED : of(sacCapacityOf, c.category);
        break;
      case 'SG4a':
        category = c.category?.startsWith('achieved:')
          ? of(sacOutcomesAchievedOf, c.category.slice('achieved:'.length))
          : c.category === 'not_recorded'
            ? SAC_NOT_RECORDED
            : of(sacDesiredOutcomesOf, c.category);
        break;
      case 'SG5a':
        category = c.category === 'died' ? sacReviews[0] : sacReviews[1];
        break;
      case 'SG5b':
        category = c.category === 'died' ? sacReviewIndividuals[0] : sacReviewIndividuals[1];
        break;
    }
    if (category !== null) add(key(c.tbl, measure, category, subcategory), c.n);
  }
  return cells;
}

const individualsMeasures = [sacMeasures.concerns, sacMeasures.s42, sacMeasures.other] as const;
const cross = (rows: readonly string[], columns: readonly string[]) =>
  rows.flatMap((r) => columns.map((c) => [r, c] as const));

/** Every cell of the collection in the national order, zeros included: [table, measure, category, subcategory]. */
export const sacLayout: readonly (readonly [SacTable, SacMeasure, string, string | null])[] = [
  ...(
    [
      ['SG1a', sacAgeBands],
      ['SG1b', sacGenders],
      ['SG1c', sacEthnicities],
      ['SG1d', sacPrimarySupportReasons],
      ['SG1e', sacAutism],
    ] as const
  ).flatMap(([table, list]) =>
    individualsMeasures.flatMap((m) => list.map((category) => [table, m, category, null] as const)),
  ),
  ['SG1f', sacMeasures.concerns, sacTotals[0], null],
  ['SG1f', sacMeasures.s42, sacTotals[1], null],
  ['SG1f', sacMeasures.other, sacTotals[2], null],
  ...cross(sacRiskTypes, sacSources).map(([r, c]) => ['SG2a', sacMeasures.concludedS42, r, c] as const),
  ...cross(sacLocations, sacSources).map(([r, c]) => ['SG2b', sacMeasures.concludedS42, r, c] as const),
  ...sacRiskAssessments.map((r) => ['SG2c', sacMeasures.concludedS42, r, null] as const),
  ...sacResults.map((r) => ['SG2e', sacMeasures.concludedS42, r, null] as const),
  ...[...sacCapacity, SAC_CAPACITY_SUPPORTED].map((r) => ['SG3a', sacMeasures.concludedS42, r, null] as const),
  ...[...sacDesiredOutcomes, ...sacOutcomesAchieved].map((r) => ['SG4a', sacMeasures.concludedS42, r, null] as const),
  ...sacReviews.map((r) => ['SG5a', sacMeasures.reviews, r, null] as const),
  ...sacReviewIndividuals.map((r) => ['SG5b', sacMeasures.reviewIndividuals, r, null] as const),
];

/**
 * The Safeguarding Adults Collection for a financial year as the guidance lays it out (tables
 * SG1a–SG5b, see sac-lists.ts): individuals in concerns and enquiries by age band, gender,
 * ethnicity, primary support reason and autism (SG1e); concerns and enquiries; for section 42 enquiries
 * concluded in the year each type and each location of risk by each source (an enquiry with two
 * sources counts under each), the risk assessment (or that it ceased at the person's request),
 * the result, mental capacity, Making Safeguarding Personal; and Safeguarding Adult Reviews.
 */
export async function safeguardingAdultsCollection(db: DbOrTx, year: number): Promise<SacRow[]> {
  const { from, to } = financialYear(year);
  const cells = tally(await returnsRepository.safeguardingAdultsCounts(db, from, to));
  return sacLayout.map(([table, measure, category, subcategory]) => ({
    table,
    measure,
    category,
    subcategory,
    value: cells.get(key(table, measure, category, subcategory)) ?? 0,
  }));
}
