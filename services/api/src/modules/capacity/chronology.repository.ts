import { bestInterestsDecisions, capacityAssessments } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';

const a = capacityAssessments;
const b = bestInterestsDecisions;

/** Capacity assessments and best-interests decisions, for a person's chronology. */
export const capacityChronology: ChronologyBranch[] = [
  {
    kind: 'capacity_assessment',
    permission: 'capacity:read',
    at: a.createdAt,
    id: a.id,
    byId: a.assessedById,
    link: { type: 'capacity_assessment', id: a.id },
    summary: a.decision,
    detail: a.outcome,
    from: sql`${a}`,
    where: (personId) => [sql`${a.personId} = ${personId}`],
  },
  {
    kind: 'best_interests_decision',
    permission: 'capacity:read',
    at: b.createdAt,
    id: b.id,
    byId: b.decidedById,
    link: { type: 'best_interests_decision', id: b.id },
    summary: b.decision,
    detail: b.decisionArea,
    from: sql`${b}`,
    where: (personId) => [sql`${b.personId} = ${personId}`],
  },
];
