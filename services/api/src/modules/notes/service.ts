import { noteChangeProblems, noteVisibility, type NoteKind } from '@threefold/domain';
import type { Database, DbOrTx } from '@threefold/db';
import { asUser } from '../../auth/principal.js';
import { assertMayOpen, invalidField, notFound, reasonRequired, ruleBreach } from '../../errors.js';
import { staleVersion } from '../../platform/concurrency.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { notesRepository as repo, type NoteRecord } from './repository.js';
import type { NewNoteBody, NoteChangesBody, NoteView } from './schemas.js';

/** Notes may be written up to five minutes ahead of the clock (a laptop's clock runs fast), never later. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function noteView(row: NoteRecord): NoteView {
  return {
    id: row.id,
    personId: row.personId,
    storyId: row.storyId,
    conversationId: row.conversationId,
    concernId: row.concernId,
    enquiryId: row.enquiryId,
    kind: row.kind as NoteKind,
    occurredAt: row.occurredAt.toISOString(),
    status: row.status,
    summary: row.summary,
    body: row.body,
    author: { id: row.authorId, name: row.authorName },
    version: row.version,
    amended: row.amended,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finalisedAt: row.finalisedAt?.toISOString() ?? null,
  };
}

/**
 * Case notes: written by colleagues about a person, optionally about one story, conversation,
 * safeguarding concern or enquiry; read under the same rules as that parent (see `noteVisibility`).
 */
export class NotesService {
  constructor(private readonly db: Database) {}

  /** The person, if the actor may see them at all; a restricted record also needs a reason. */
  private async person(tx: DbOrTx, actor: Actor, personId: string, reason: string | undefined) {
    const person = await repo.personOf(tx, personId);
    assertMayOpen(person, actor.principal, reason, () => notFound('person'));
    return person!;
  }

  /** Every link names one of this person's records (and a safeguarding one the writer may see). */
  private async checkLinks(tx: DbOrTx, actor: Actor, personId: string, input: NewNoteBody): Promise<void> {
    const belongs = async (field: string, found: Promise<string | null | undefined>) => {
      if ((await found) !== personId) throw invalidField(field, 'is not one of this person’s records');
    };
    if (input.storyId) await belongs('storyId', repo.storyPerson(tx, input.storyId));
    if (input.conversationId) await belongs('conversationId', repo.conversationPerson(tx, input.conversationId));
    if (input.enquiryId) await belongs('enquiryId', repo.enquiryPerson(tx, input.enquiryId));
    if (input.concernId) {
      await belongs(
        'concernId',
        repo.concernOf(tx, input.concernId).then((c) => c?.personId),
      );
    }
    if (input.concernId || input.enquiryId) {
      const user = asUser(actor.principal);
      const link = { concernId: input.concernId ?? null, enquiryId: input.enquiryId ?? null };
      if (!user.permissions.has('safeguarding:read') && !(await repo.isInvolved(tx, user.userId, link))) {
        throw invalidField(
          input.enquiryId ? 'enquiryId' : 'concernId',
          'is a safeguarding record you are not involved in: ask the safeguarding lead',
        );
      }
    }
  }

  private notInFuture(actor: Actor, field: string, at: string): Date {
    const when = new Date(at);
    if (when.getTime() > actor.now().getTime() + FUTURE_TOLERANCE_MS)
      throw invalidField(field, 'cannot be in the future');
    return when;
  }

  async write(actor: Actor, personId: string, input: NewNoteBody, reason: string | undefined): Promise<NoteView> {
    const user = asUser(actor.principal, 'Case notes are written by colleagues.');
    const occurredAt = this.notInFuture(actor, 'occurredAt', input.occurredAt);
    const now = actor.now();
    const final = input.status === 'final';
    return this.db.transaction(async (tx) => {
      await this.person(tx, actor, personId, reason);
      await this.checkLinks(tx, actor, personId, input);
      const row = await repo.insertNote(tx, {
        personId,
        storyId: input.storyId ?? null,
        conversationId: input.conversationId ?? null,
        concernId: input.concernId ?? null,
        enquiryId: input.enquiryId ?? null,
        kind: input.kind,
        occurredAt,
        authorId: user.userId,
        status: final ? 'final' : 'draft',
        draftSummary: final ? null : input.summary,
        draftBody: final ? null : input.body,
        createdAt: now,
        updatedAt: now,
        finalisedAt: final ? now : null,
      });
      if (final) {
        await repo.insertVersion(tx, {
          noteId: row.id,
          version: 1,
          summary: input.summary,
          body: input.body,
          amendmentReason: null,
          writtenById: user.userId,
          writtenAt: now,
        });
      }
      await actor.audit(tx, { action: 'note.create', resourceType: 'note', resourceId: row.id, personId });
      return noteView({
        ...row,
        summary: input.summary,
        body: input.body,
        authorName: user.displayName,
        amended: false,
      });
    });
  }

  /** One note the actor may read, or 404 as if it did not exist. */
  private async readable(tx: DbOrTx, actor: Actor, id: string, reason: string | undefined): Promise<NoteRecord> {
    const note = await repo.noteById(tx, id);
    if (!note) throw notFound('note');
    const person = await repo.personOf(tx, note.personId);
    const principal = actor.principal;
    const userId = principal.kind === 'user' ? principal.userId : null;
    const safeguarding = note.concernId !== null || note.enquiryId !== null;
    const involvedInEnquiry =
      safeguarding && userId !== null
        ? await repo.isInvolved(tx, userId, { concernId: note.concernId, enquiryId: note.enquiryId })
        : false;
    const visibility = noteVisibility(
      { authorId: note.authorId, status: note.status, personRestricted: person?.restricted ?? false, safeguarding },
      { userId, permissions: principal.permissions, involvedInEnquiry },
    );
    if (visibility === 'hidden') throw notFound('note');
    if (person?.restricted && !reason?.trim()) throw reasonRequired();
    return note;
  }

  async get(actor: Actor, id: string, reason: string | undefined) {
    const note = await this.readable(this.db, actor, id, reason);
    const versions = await repo.versionsOf(this.db, id);
    await actor.audit(this.db, {
      action: 'note.read',
      resourceType: 'note',
      resourceId: id,
      personId: note.personId,
      reason: reason ?? null,
    });
    return {
      note: noteView(note),
      versions: versions.map(({ version: v, writtenByName }) => ({
        version: v.version,
        summary: v.summary,
        body: v.body,
        amendmentReason: v.amendmentReason,
        writtenBy: { id: v.writtenById, name: writtenByName },
        writtenAt: v.writtenAt.toISOString(),
      })),
    };
  }

  async list(
    actor: Actor,
    personId: string,
    query: { kind?: NoteKind | undefined; storyId?: string | undefined; limit: number; cursor?: string | undefined },
    reason: string | undefined,
  ) {
    await this.person(this.db, actor, personId, reason);
    const principal = actor.principal;
    const after = decodeCursor<[string, string]>(query.cursor, 2);
    const rows = await repo.notesOfPerson(
      this.db,
      personId,
      {
        userId: principal.kind === 'user' ? principal.userId : null,
        seesSafeguarding: principal.permissions.has('safeguarding:read'),
      },
      { kind: query.kind, storyId: query.storyId },
      after,
      query.limit,
    );
    const page = pageOf(rows, query.limit, (r) => [r.occurredAt.toISOString(), r.id]);
    // One group commit for the page, not one round trip per note.
    await Promise.all(
      page.items.map((note) =>
        actor.audit(this.db, {
          action: 'note.read',
          resourceType: 'note',
          resourceId: note.id,
          personId,
          reason: reason ?? null,
        }),
      ),
    );
    return { items: page.items.map(noteView), nextCursor: page.nextCursor };
  }

  /**
   * Changes a note: the author edits or finalises their draft; anyone who may read a final note and
   * write notes amends its text with a reason — a new version, the earlier kept.
   */
  async change(
    actor: Actor,
    id: string,
    expected: number,
    changes: NoteChangesBody,
    reason: string | undefined,
  ): Promise<NoteView> {
    const user = asUser(actor.principal, 'Case notes are written by colleagues.');
    const now = actor.now();
    return this.db.transaction(async (tx) => {
      const note = await this.readable(tx, actor, id, reason);
      if (note.version !== expected) throw staleVersion();
      const changesText =
        (changes.summary !== undefined && changes.summary !== note.summary) ||
        (changes.body !== undefined && changes.body !== note.body);
      const changesFacts = changes.kind !== undefined || changes.occurredAt !== undefined;
      const problems = noteChangeProblems(note.status, note.authorId === user.userId, {
        changesText,
        changesFacts,
        finalise: changes.finalise === true,
        amendmentReason: changes.amendmentReason,
      });
      if (problems.length > 0) throw ruleBreach(problems[0]!.code, 'This note cannot change that way', problems);
      const summary = changes.summary ?? note.summary;
      const body = changes.body ?? note.body;
      let action: string;
      let updated;
      if (note.status === 'draft') {
        const finalise = changes.finalise === true;
        updated = await repo.updateNote(tx, id, expected, {
          kind: changes.kind ?? note.kind,
          occurredAt: changes.occurredAt ? this.notInFuture(actor, 'occurredAt', changes.occurredAt) : note.occurredAt,
          draftSummary: finalise ? null : summary,
          draftBody: finalise ? null : body,
          status: finalise ? 'final' : 'draft',
          finalisedAt: finalise ? now : null,
          updatedAt: now,
        });
        if (updated && finalise) {
          await repo.insertVersion(tx, {
            noteId: id,
            version: 1,
            summary,
            body,
            amendmentReason: null,
            writtenById: user.userId,
            writtenAt: now,
          });
        }
        action = finalise ? 'note.finalise' : 'note.update';
      } else {
        updated = await repo.updateNote(tx, id, expected, { updatedAt: now });
        if (updated) {
          await repo.insertVersion(tx, {
            noteId: id,
            version: (await repo.latestTextVersion(tx, id)) + 1,
            summary,
            body,
            amendmentReason: changes.amendmentReason!.trim(),
            writtenById: user.userId,
            writtenAt: now,
          });
        }
        action = 'note.amend';
      }
      if (!updated) throw staleVersion();
      await actor.audit(tx, { action, resourceType: 'note', resourceId: id, personId: note.personId });
      return noteView({
        ...updated,
        summary,
        body,
        authorName: note.authorName,
        amended: note.status === 'final' || note.amended,
      });
    });
  }
}

/** A historic note from a council's file, its person already imported. */
export interface ImportedNote {
  id: string;
  personId: string;
  occurredAt: Date;
  kind: NoteKind;
  summary: string;
  body: string;
}

/**
 * Records historic notes from an import in `tx`: final from the start (read-only history; an
 * amendment is the only change, with its reason), written by the colleague running the import, the
 * council's author named in the text. The import audits the batch.
 */
export async function recordImportedNotes(tx: DbOrTx, actor: Actor, notes: ImportedNote[]): Promise<void> {
  const user = asUser(actor.principal, 'Notes are imported by colleagues.');
  const now = actor.now();
  await repo.insertMany(
    tx,
    notes.map((note) => ({
      id: note.id,
      personId: note.personId,
      kind: note.kind,
      occurredAt: note.occurredAt,
      authorId: user.userId,
      status: 'final' as const,
      draftSummary: null,
      draftBody: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      finalisedAt: now,
    })),
    notes.map((note) => ({
      noteId: note.id,
      version: 1,
      summary: note.summary,
      body: note.body,
      amendmentReason: null,
      writtenById: user.userId,
      writtenAt: now,
    })),
  );
}
