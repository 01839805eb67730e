import type { Database, personMerges } from '@threefold/db';
import { actorOf } from '../../auth/principal.js';
import { AppProblem, notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { moveContactsToPerson, returnContactsToPerson } from '../contacts/service.js';
import { moveConcernsToPerson, returnConcernsToPerson } from '../safeguarding/concerns.js';
import { mergeRepository as repo } from './merges.repository.js';

export function mergeView(m: typeof personMerges.$inferSelect) {
  return {
    id: m.id,
    survivorId: m.survivorId,
    mergedId: m.mergedId,
    moved: m.moved,
    mergedAt: m.mergedAt.toISOString(),
    undoneAt: m.undoneAt?.toISOString() ?? null,
  };
}

export class PersonMerges {
  constructor(private readonly db: Database) {}

  /**
   * Folds a duplicate into the survivor: its records point at the survivor, and what moved is
   * kept for undo. Audited on both people.
   */
  async merge(actor: Actor, survivorId: string, duplicateId: string) {
    if (survivorId === duplicateId) {
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'A record cannot be merged into itself.', [
        { in: 'body', field: 'duplicateId', pointer: '/duplicateId', message: 'is the same record' },
      ]);
    }
    return this.db.transaction(async (tx) => {
      const rows = await repo.lockPeople(tx, [survivorId, duplicateId]);
      const survivor = rows.find((r) => r.id === survivorId);
      const duplicate = rows.find((r) => r.id === duplicateId);
      if (!survivor || !duplicate) throw notFound('person');
      if (survivor.mergedIntoId || duplicate.mergedIntoId) {
        throw new AppProblem(409, 'already_merged', 'Already merged', 'One of these records has already been merged.');
      }
      const moved = {
        contacts: await moveContactsToPerson(tx, duplicateId, survivorId),
        safeguardingConcerns: await moveConcernsToPerson(tx, duplicateId, survivorId),
        relationships: await repo.moveRelationships(tx, duplicateId, survivorId),
        relationshipsInverse: await repo.moveRelationshipsInverse(tx, duplicateId, survivorId),
      };
      const now = actor.now();
      await repo.setMergedInto(tx, duplicateId, survivorId, now);
      const who = actorOf(actor.principal);
      const merge = mergeView(
        await repo.insertMerge(tx, {
          survivorId,
          mergedId: duplicateId,
          moved,
          mergedByType: who.actorType,
          mergedById: who.actorId,
          mergedAt: now,
        }),
      );
      for (const personId of [merge.survivorId, merge.mergedId]) {
        await actor.audit(tx, { action: 'person.merge', resourceType: 'person_merge', resourceId: merge.id, personId });
      }
      return merge;
    });
  }

  /** Puts every moved record back on the duplicate and revives it. */
  async undo(actor: Actor, mergeId: string) {
    return this.db.transaction(async (tx) => {
      const merge = await repo.lockMerge(tx, mergeId);
      if (!merge) throw notFound('merge');
      if (merge.undoneAt)
        throw new AppProblem(409, 'already_undone', 'Already undone', 'This merge has already been undone.');
      const ids = (k: string) => merge.moved[k] ?? [];
      await returnContactsToPerson(tx, ids('contacts'), merge.mergedId);
      await returnConcernsToPerson(tx, ids('safeguardingConcerns'), merge.mergedId);
      await repo.setRelationshipsPerson(tx, ids('relationships'), merge.mergedId);
      await repo.setRelationshipsRelated(tx, ids('relationshipsInverse'), merge.mergedId);
      const now = actor.now();
      await repo.setMergedInto(tx, merge.mergedId, null, now);
      const undone = mergeView(await repo.markUndone(tx, mergeId, now, actorOf(actor.principal).actorId));
      await actor.audit(tx, {
        action: 'person.merge.undo',
        resourceType: 'person_merge',
        resourceId: undone.id,
        personId: undone.mergedId,
      });
      return undone;
    });
  }
}
