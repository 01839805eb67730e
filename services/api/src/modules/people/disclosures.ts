import type { DbOrTx } from '@threefold/db';
import type { Actor } from '../../platform/actor.js';
import { subjectAccessRepository as repo } from './subject-access.repository.js';

/**
 * Records that a machine client received these people's details, for their subject access
 * exports. Colleagues' reads are not disclosures (the audit trail has them).
 */
export async function recordDisclosure(
  db: DbOrTx,
  actor: Actor,
  personIds: string | string[],
  what: string,
): Promise<void> {
  const ids = [personIds].flat();
  const principal = actor.principal;
  if (principal.kind !== 'client' || ids.length === 0) return;
  await repo.insertDisclosures(
    db,
    ids.map((personId) => ({
      personId,
      recipientType: principal.clientKind,
      recipientId: principal.clientId,
      recipientName: principal.clientKind === 'partner' ? `partner ${principal.organisationId}` : 'council',
      what,
      disclosedAt: actor.now(),
    })),
  );
}
