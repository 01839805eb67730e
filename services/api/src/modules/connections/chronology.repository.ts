import { connections } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';
import { enterScope } from './repository.js';

/** Connections made to a community service or organisation, with where each stands now. */
export const connectionChronology: ChronologyBranch[] = [
  {
    kind: 'connection',
    permission: 'connections:read',
    at: connections.createdAt,
    id: connections.id,
    byId: connections.createdById,
    link: { type: 'connection', id: connections.id },
    summary: connections.ask,
    detail: connections.status,
    from: sql`${connections}`,
    // Connections are under row-level security: the chronology is the practice's (staff only).
    prepare: (tx) => enterScope(tx, { kind: 'practice' }),
    where: (personId) => [sql`${connections.personId} = ${personId}`],
  },
];
