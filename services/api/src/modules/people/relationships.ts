import type { Database, DbOrTx } from '@threefold/db';
import { inverseRelationship, isCaringRelationship, type RelationshipType } from '@threefold/domain';
import { AppProblem, notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { canSeeRestricted } from './person-record.js';
import { readablePerson } from './records.js';
import { relationshipRepository as repo } from './relationships.repository.js';

/** A person's relationships, read from their side. */
export async function relationshipsOf(db: DbOrTx, personId: string) {
  const rows = await repo.currentOf(db, personId);
  return rows.map(({ r, given, family }) => ({
    id: r.id,
    pairId: r.pairId,
    personId: r.personId,
    relatedPersonId: r.relatedPersonId,
    relatedPersonName: `${given} ${family}`,
    type: r.type as RelationshipType,
    isMainCarer: r.isMainCarer,
    createdAt: r.createdAt.toISOString(),
  }));
}

export interface NewRelationshipInput {
  relatedPersonId: string;
  type: RelationshipType;
  isMainCarer: boolean;
}

export class Relationships {
  constructor(private readonly db: Database) {}

  /** A person's relationships, for a colleague who may open the person (the read is audited). */
  async list(actor: Actor, id: string, reason: string | undefined) {
    const row = await readablePerson(this.db, actor, id, reason);
    await actor.audit(this.db, {
      action: 'person.relationships.read',
      resourceType: 'person',
      resourceId: row.id,
      personId: row.id,
    });
    return { items: await relationshipsOf(this.db, row.id) };
  }

  /** Adds both sides of a relationship in one transaction, audited on the person it was added from. */
  async relate(actor: Actor, id: string, { relatedPersonId, type, isMainCarer }: NewRelationshipInput) {
    if (id === relatedPersonId) {
      throw new AppProblem(400, 'validation_failed', 'Invalid request', 'A person cannot be related to themselves.', [
        { in: 'body', field: 'relatedPersonId', pointer: '/relatedPersonId', message: 'is this same person' },
      ]);
    }
    if (isMainCarer && !isCaringRelationship(type)) {
      throw new AppProblem(
        400,
        'validation_failed',
        'Invalid request',
        'Only a caring relationship has a main carer.',
        [
          {
            in: 'body',
            field: 'isMainCarer',
            pointer: '/isMainCarer',
            message: 'applies to unpaid_carer_of / cared_for_by only',
          },
        ],
      );
    }
    return this.db.transaction(async (tx) => {
      const found = await repo.restrictionsOf(tx, [id, relatedPersonId]);
      if (found.length !== 2 || (found.some((p) => p.restricted) && !canSeeRestricted(actor.principal)))
        throw notFound('person');
      const pairId = crypto.randomUUID();
      const createdAt = actor.now();
      await repo.insertPair(tx, [
        { pairId, personId: id, relatedPersonId, type, isMainCarer, createdAt },
        {
          pairId,
          personId: relatedPersonId,
          relatedPersonId: id,
          type: inverseRelationship(type),
          isMainCarer,
          createdAt,
        },
      ]);
      const relationship = (await relationshipsOf(tx, id)).find((r) => r.pairId === pairId)!;
      await actor.audit(tx, {
        action: 'person.relationship.create',
        resourceType: 'relationship',
        resourceId: relationship.id,
        personId: id,
      });
      return relationship;
    });
  }
}

/** A relationship from a council's file: both people already recorded, the type checked by the import. */
export interface ImportedRelationship {
  pairId: string;
  personId: string;
  relatedPersonId: string;
  type: RelationshipType;
  isMainCarer: boolean;
}

/**
 * Records a batch of relationships from an import in `tx`, both sides of each as `relate` does
 * (main-carer status on both). The import audits the batch.
 */
export async function recordImportedRelationships(
  tx: DbOrTx,
  actor: Actor,
  batch: ImportedRelationship[],
): Promise<void> {
  const now = actor.now();
  await repo.insertMany(
    tx,
    batch.flatMap((r) => [
      {
        pairId: r.pairId,
        personId: r.personId,
        relatedPersonId: r.relatedPersonId,
        type: r.type,
        isMainCarer: r.isMainCarer,
        createdAt: now,
      },
      {
        pairId: r.pairId,
        personId: r.relatedPersonId,
        relatedPersonId: r.personId,
        type: inverseRelationship(r.type),
        isMainCarer: r.isMainCarer,
        createdAt: now,
      },
    ]),
  );
}
