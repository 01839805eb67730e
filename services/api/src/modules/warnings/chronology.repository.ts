import { personWarnings } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';

const w = personWarnings;

/** Warnings added and ended, for a person's chronology. */
export const warningChronology: ChronologyBranch[] = [
  {
    kind: 'warning_added',
    permission: 'warnings:read',
    at: w.createdAt,
    id: w.id,
    byId: w.createdById,
    link: { type: 'warning', id: w.id },
    summary: w.details,
    detail: w.kind,
    from: sql`${w}`,
    where: (personId) => [sql`${w.personId} = ${personId}`],
  },
  {
    kind: 'warning_ended',
    permission: 'warnings:read',
    at: w.endedAt,
    id: w.id,
    byId: w.endedById,
    link: { type: 'warning', id: w.id },
    summary: w.endReason,
    detail: w.kind,
    from: sql`${w}`,
    where: (personId) => [sql`${w.personId} = ${personId}`, sql`${w.endedAt} is not null`],
  },
];
