import { eligibilityDeterminations } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';

const d = eligibilityDeterminations;

/** Eligibility determinations about a person (as the adult, or as a carer), for their chronology. */
export const eligibilityChronology: ChronologyBranch[] = [
  {
    kind: 'eligibility',
    permission: 'budgets:read',
    at: d.decidedAt,
    id: d.id,
    byId: d.decidedById,
    link: { type: 'determination', id: d.id },
    summary: sql`array_to_string(array(select jsonb_array_elements_text(${d.eligibleNeeds})), ', ')`,
    detail: sql`concat(${d.kind}, '|', case when ${d.eligible} then 'eligible' else 'not_eligible' end)`,
    from: sql`${d}`,
    where: (personId) => [sql`${d.personId} = ${personId}`],
  },
];
