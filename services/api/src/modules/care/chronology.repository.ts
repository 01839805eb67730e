import { careServices } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';

const s = careServices;

/** Services started and ended, for a person's chronology (read like budgets: `budgets:read`). */
export const careServiceChronology: ChronologyBranch[] = [
  {
    kind: 'care_service_started',
    permission: 'budgets:read',
    at: s.createdAt,
    id: s.id,
    byId: s.createdById,
    link: { type: 'care_service', id: s.id },
    summary: sql`${s.what} || ' from ' || to_char(${s.startOn}, 'FMDD Mon YYYY')`,
    detail: s.part,
    from: sql`${s}`,
    where: (personId) => [sql`${s.personId} = ${personId}`],
  },
  {
    kind: 'care_service_ended',
    permission: 'budgets:read',
    at: s.endedAt,
    id: s.id,
    byId: s.endedById,
    link: { type: 'care_service', id: s.id },
    summary: sql`${s.what} || ', last day ' || to_char(${s.endOn}, 'FMDD Mon YYYY')`,
    detail: s.endReason,
    from: sql`${s}`,
    where: (personId) => [sql`${s.personId} = ${personId}`, sql`${s.endedAt} is not null`],
  },
];
