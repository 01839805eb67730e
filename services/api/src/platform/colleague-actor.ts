import type { Database } from '@threefold/db';
import { permissionsOfRoles, type Role } from '@threefold/domain';
import type { AuditWriter } from '../audit/writer.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { Actor, Clock } from './actor.js';

/**
 * A colleague as the actor of work done outside a request (the import command line, a background
 * import commit): their roles' permissions, and audit rows under their name through `writer`.
 */
export function colleagueActor(
  db: Database,
  writer: AuditWriter,
  user: { id: string; displayName: string; roles: string[] },
  sessionId: string,
  now: Clock,
): Actor {
  const roles = user.roles as Role[];
  const principal: UserPrincipal = {
    kind: 'user',
    userId: user.id,
    sessionId,
    displayName: user.displayName,
    roles,
    teamIds: [],
    delegatedWeeklyLimitPence: null,
    permissions: permissionsOfRoles(roles),
  };
  const who = { actorType: 'user' as const, actorId: user.id, actorRole: roles.join(',') || null };
  return {
    principal,
    audit: (tx, event) =>
      tx === db ? writer.record({ ...event, ...who }) : writer.recordInTx(tx, { ...event, ...who }),
    auditPart: (event) => writer.partFor({ ...event, ...who }),
    now,
  };
}
