import { randomUUID } from 'node:crypto';
import { relationshipTypes, type RelationshipType } from '@threefold/domain';
import { recordImportedRelationships, type ImportedRelationship } from '../../people/service.js';
import { importedRecords, referenceCheck, refsOf } from './references.js';
import type { ImportKindHandler } from './types.js';

const PEOPLE = ['personId', 'relatedPersonId'] as const;

/** Relationships and carers between two people imported from the same source, through the people module. */
export const relationshipsKind: ImportKindHandler = {
  kind: 'relationships',
  codeLists: { type: new Set(relationshipTypes) },
  checkBatch: referenceCheck('people', PEOPLE),
  async write(tx, actor, job, fresh, claim) {
    const imported = await importedRecords(tx, job, 'people', fresh, PEOPLE);
    const writable = fresh.filter((r) => refsOf(r, PEOPLE).every((p) => imported.has(p)));
    const pairs = writable.map((r) => {
      const recordId = randomUUID();
      const relationship: ImportedRelationship = {
        pairId: recordId,
        personId: imported.get(r.values.personId as string)!,
        relatedPersonId: imported.get(r.values.relatedPersonId as string)!,
        type: r.values.type as RelationshipType,
        isMainCarer: r.values.isMainCarer === true,
      };
      return { recordId, externalId: r.externalId!, relationship };
    });
    const toWrite = await claim(pairs);
    await recordImportedRelationships(
      tx,
      actor,
      toWrite.map((p) => p.relationship),
    );
    return { written: toWrite.length, left: fresh.length - writable.length };
  },
};
