import { randomUUID } from 'node:crypto';
import { noteKinds, type NoteKind } from '@threefold/domain';
import { recordImportedNotes, type ImportedNote } from '../../notes/service.js';
import { importedRecords, referenceCheck, refsOf } from './references.js';
import type { ImportKindHandler } from './types.js';

const PERSON = ['personId'] as const;

/** Historic notes, final from the start (read-only history), through the notes module. */
export const notesKind: ImportKindHandler = {
  kind: 'notes',
  codeLists: { kind: new Set(noteKinds) },
  checkBatch: referenceCheck('people', PERSON),
  async write(tx, actor, job, fresh, claim) {
    const imported = await importedRecords(tx, job, 'people', fresh, PERSON);
    const writable = fresh.filter((r) => refsOf(r, PERSON).every((p) => imported.has(p)));
    const notes = writable.map((r) => {
      const recordId = randomUUID();
      const author = typeof r.values.author === 'string' ? r.values.author : null;
      const note: ImportedNote = {
        id: recordId,
        personId: imported.get(r.values.personId as string)!,
        occurredAt: new Date(r.values.occurredAt as string),
        kind: r.values.kind as NoteKind,
        summary: r.values.summary as string,
        body: author
          ? `Written by ${author} in ${job.source}.\n\n${r.values.body as string}`
          : (r.values.body as string),
      };
      return { recordId, externalId: r.externalId!, note };
    });
    const toWrite = await claim(notes);
    await recordImportedNotes(
      tx,
      actor,
      toWrite.map((n) => n.note),
    );
    return { written: toWrite.length, left: fresh.length - writable.length };
  },
};
