import { personalBudgets, reviews } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';

const b = personalBudgets;

/** Personal budgets started and signed off, and reviews completed, for a person's chronology. */
export const budgetChronology: ChronologyBranch[] = [
  {
    kind: 'budget_started',
    permission: 'budgets:read',
    at: b.createdAt,
    id: b.id,
    byId: b.createdById,
    link: { type: 'budget', id: b.id },
    summary: sql`''`,
    detail: b.indicativeWeeklyPence,
    from: sql`${b}`,
    where: (personId) => [sql`${b.personId} = ${personId}`],
  },
  {
    kind: 'budget_signed_off',
    permission: 'budgets:read',
    at: b.signedOffAt,
    id: b.id,
    byId: b.signedOffById,
    link: { type: 'budget', id: b.id },
    summary: sql`coalesce(${b.panelNote}, '')`,
    detail: sql`coalesce(${b.agreedWeeklyPence}, ${b.weeklyTotalPence})`,
    from: sql`${b}`,
    where: (personId) => [sql`${b.personId} = ${personId}`, sql`${b.signedOffAt} is not null`],
  },
  {
    kind: 'review_completed',
    permission: 'budgets:read',
    at: reviews.completedAt,
    id: reviews.id,
    byId: reviews.completedById,
    link: { type: 'review', id: reviews.id },
    summary: reviews.notes,
    detail: sql`concat(${reviews.kind}, '|', ${reviews.outcome})`,
    from: sql`${reviews}`,
    where: (personId) => [sql`${reviews.personId} = ${personId}`, sql`${reviews.completedAt} is not null`],
  },
];
