import { createHash, randomUUID } from 'node:crypto';
import {
  documentUploadProblems,
  noteVisibility,
  type DocumentMediaType,
  type DocumentRemovalBasis,
} from '@threefold/domain';
import type { Database, DbOrTx } from '@threefold/db';
import { fileTypeFromBuffer } from 'file-type';
import { Value } from 'typebox/value';
import { asUser } from '../../auth/principal.js';
import { AppProblem, assertMayOpen, invalidField, notFound, reasonRequired } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { documentsRepository as repo, type DocumentRecord } from './repository.js';
import { NewDocumentFields, type DocumentRemovalBody, type DocumentView, type NewDocumentInput } from './schemas.js';
import type { DocumentStore } from './store.js';

export function documentView(row: DocumentRecord): DocumentView {
  return {
    id: row.id,
    personId: row.personId,
    storyId: row.storyId,
    conversationId: row.conversationId,
    budgetId: row.budgetId,
    concernId: row.concernId,
    enquiryId: row.enquiryId,
    title: row.title,
    fileName: row.fileName,
    mediaType: row.mediaType as DocumentMediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: { id: row.uploadedById, name: row.uploadedByName },
    uploadedAt: row.uploadedAt.toISOString(),
    contentUrl: row.removedAt ? null : `/v1/documents/${row.id}/content`,
    removal: row.removedAt
      ? {
          removedAt: row.removedAt.toISOString(),
          removedBy: { id: row.removedById!, name: row.removedByName ?? '' },
          basis: row.removalBasis as DocumentRemovalBasis,
          reason: row.removalReason!,
        }
      : null,
  };
}

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  /** The file ran past the size limit and was cut off. */
  truncated: boolean;
}

/** A document's bytes as handed back. */
export interface HandBackDocument {
  id: string;
  fileName: string;
  bytes: Buffer;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Documents about a person, read under their parent's rules: a restricted person's need
 * `people:restricted` and a reason; one on a safeguarding concern or enquiry only the safeguarding
 * lead, colleagues involved in the enquiry and its uploader see. Every read is audited.
 */
export class DocumentsService {
  constructor(
    private readonly db: Database,
    private readonly store: DocumentStore,
    private readonly maxBytes: number,
  ) {}

  private async person(tx: DbOrTx, actor: Actor, personId: string, reason: string | undefined) {
    const person = await repo.personOf(tx, personId);
    assertMayOpen(person, actor.principal, reason, () => notFound('person'));
    return person!;
  }

  private async checkLinks(tx: DbOrTx, actor: Actor, input: NewDocumentInput, userId: string): Promise<void> {
    const personId = input.personId;
    const belongs = async (field: string, found: Promise<string | null | undefined>) => {
      if ((await found) !== personId) throw invalidField(field, 'is not one of this person’s records');
    };
    if (input.storyId) await belongs('storyId', repo.storyPerson(tx, input.storyId));
    if (input.conversationId) await belongs('conversationId', repo.conversationPerson(tx, input.conversationId));
    if (input.budgetId) await belongs('budgetId', repo.budgetPerson(tx, input.budgetId));
    if (input.enquiryId) await belongs('enquiryId', repo.enquiryPerson(tx, input.enquiryId));
    if (input.concernId)
      await belongs(
        'concernId',
        repo.concernOf(tx, input.concernId).then((c) => c?.personId),
      );
    if (input.concernId || input.enquiryId) {
      if (actor.principal.permissions.has('safeguarding:read')) return;
      const mine = await repo.involvements(tx, userId);
      const involved =
        (input.enquiryId !== undefined && mine.enquiryIds.has(input.enquiryId)) ||
        (input.concernId !== undefined && mine.concernIds.has(input.concernId));
      if (!involved) {
        throw invalidField(
          input.enquiryId ? 'enquiryId' : 'concernId',
          'is a safeguarding record you are not involved in: ask the safeguarding lead',
        );
      }
    }
  }

  /** The fields of a multipart upload, checked as a JSON body would be: unknown fields refused. */
  parseFields(fields: Record<string, string>): NewDocumentInput {
    const known = Object.keys(NewDocumentFields.properties);
    const unknown = Object.keys(fields).find((f) => !known.includes(f));
    if (unknown) throw invalidField(unknown, 'is not a field of an upload');
    if (fields.personId === undefined) throw invalidField('personId', 'is required');
    const first = Value.Errors(NewDocumentFields, fields)[0];
    if (first) throw invalidField(first.instancePath.replace(/^\//, '') || 'personId', first.message);
    return fields as NewDocumentInput;
  }

  async upload(
    actor: Actor,
    input: NewDocumentInput,
    file: UploadedFile,
    reason: string | undefined,
  ): Promise<DocumentView> {
    const user = asUser(actor.principal, 'Documents are added by colleagues.');
    const detected = await fileTypeFromBuffer(file.bytes);
    const problems = documentUploadProblems({
      detectedType: detected?.mime,
      sizeBytes: file.truncated ? this.maxBytes + 1 : file.bytes.length,
      maxBytes: this.maxBytes,
    });
    if (problems.length > 0) {
      const tooLarge = problems.some((p) => p.code === 'document_too_large');
      const first = tooLarge ? problems.find((p) => p.code === 'document_too_large')! : problems[0]!;
      throw new AppProblem(
        tooLarge ? 413 : 422,
        first.code,
        tooLarge ? 'Document too large' : 'Document not accepted',
        problems.map((p) => p.detail).join(' '),
        [{ in: 'body', field: 'file', pointer: '/file', message: first.detail }],
      );
    }
    const now = actor.now();
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      await this.person(tx, actor, input.personId, reason);
      await this.checkLinks(tx, actor, input, user.userId);
      const row = await repo.insert(tx, {
        id,
        personId: input.personId,
        storyId: input.storyId ?? null,
        conversationId: input.conversationId ?? null,
        budgetId: input.budgetId ?? null,
        concernId: input.concernId ?? null,
        enquiryId: input.enquiryId ?? null,
        title: input.title?.trim() || file.fileName,
        fileName: file.fileName,
        mediaType: detected!.mime,
        sizeBytes: file.bytes.length,
        sha256: sha256(file.bytes),
        storage: this.store.kind,
        storageKey: this.store.keyFor(id),
        uploadedById: user.userId,
        uploadedAt: now,
      });
      await this.store.put(tx, id, file.bytes, detected!.mime);
      await actor.audit(tx, {
        action: 'document.create',
        resourceType: 'document',
        resourceId: id,
        personId: input.personId,
        reason: reason ?? null,
      });
      return documentView({ ...row, uploadedByName: user.displayName, removedByName: null });
    });
  }

  /** Whether the reader may see a document, by its parent's rule. */
  private visible(
    actor: Actor,
    doc: DocumentRecord,
    personRestricted: boolean,
    involved: { enquiryIds: Set<string>; concernIds: Set<string> },
  ): boolean {
    const principal = actor.principal;
    const userId = principal.kind === 'user' ? principal.userId : null;
    const safeguarding = doc.concernId !== null || doc.enquiryId !== null;
    return (
      noteVisibility(
        { authorId: doc.uploadedById, status: 'final', personRestricted, safeguarding },
        {
          userId,
          permissions: principal.permissions,
          involvedInEnquiry:
            (doc.enquiryId !== null && involved.enquiryIds.has(doc.enquiryId)) ||
            (doc.concernId !== null && involved.concernIds.has(doc.concernId)),
        },
      ) === 'visible'
    );
  }

  private async involvementsOf(tx: DbOrTx, actor: Actor) {
    const principal = actor.principal;
    return principal.kind === 'user'
      ? repo.involvements(tx, principal.userId)
      : { enquiryIds: new Set<string>(), concernIds: new Set<string>() };
  }

  /** One document the actor may read, or 404 as if it did not exist. */
  private async readable(tx: DbOrTx, actor: Actor, id: string, reason: string | undefined): Promise<DocumentRecord> {
    const doc = await repo.byId(tx, id);
    if (!doc) throw notFound('document');
    const person = await repo.personOf(tx, doc.personId);
    if (!this.visible(actor, doc, person?.restricted ?? false, await this.involvementsOf(tx, actor))) {
      throw notFound('document');
    }
    if (person?.restricted && !reason?.trim()) throw reasonRequired();
    return doc;
  }

  async get(actor: Actor, id: string, reason: string | undefined): Promise<DocumentView> {
    const doc = await this.readable(this.db, actor, id, reason);
    await actor.audit(this.db, {
      action: 'document.read',
      resourceType: 'document',
      resourceId: id,
      personId: doc.personId,
      reason: reason ?? null,
    });
    return documentView(doc);
  }

  /** The bytes, checked against the checksum taken at upload. */
  async content(
    actor: Actor,
    id: string,
    reason: string | undefined,
  ): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
    const doc = await this.readable(this.db, actor, id, reason);
    if (doc.removedAt) {
      throw new AppProblem(
        410,
        'document_removed',
        'Document removed',
        `This document was removed on ${doc.removedAt.toISOString().slice(0, 10)}: ${doc.removalReason}`,
      );
    }
    const bytes = await this.store.get(this.db, doc.id, doc.storageKey);
    if (!bytes || sha256(bytes) !== doc.sha256) {
      throw new AppProblem(
        500,
        'document_integrity',
        'Document damaged',
        'The stored bytes do not match their checksum.',
      );
    }
    await actor.audit(this.db, {
      action: 'document.content.read',
      resourceType: 'document',
      resourceId: id,
      personId: doc.personId,
      reason: reason ?? null,
    });
    return { bytes, mediaType: doc.mediaType, fileName: doc.fileName };
  }

  /** The documents about a person the actor may see, newest first; each audited as read. */
  async list(actor: Actor, personId: string, reason: string | undefined): Promise<DocumentView[]> {
    const person = await this.person(this.db, actor, personId, reason);
    const involved = await this.involvementsOf(this.db, actor);
    const rows = (await repo.ofPerson(this.db, personId)).filter((d) =>
      this.visible(actor, d, person.restricted, involved),
    );
    await Promise.all(
      rows.map((d) =>
        actor.audit(this.db, {
          action: 'document.read',
          resourceType: 'document',
          resourceId: d.id,
          personId,
          reason: reason ?? null,
        }),
      ),
    );
    return rows.map(documentView);
  }

  /**
   * Every document still held by the practice, with its bytes, a page at a time in id order, for
   * the hand-back to the council (the export's own permission decides; each one read is audited).
   * A document whose bytes are missing or fail their checksum is skipped and named in `missing`.
   */
  async *heldForHandBack(actor: Actor, missing: string[] = [], pageSize = 100): AsyncGenerator<HandBackDocument> {
    let after: string | null = null;
    for (;;) {
      const page = await repo.exportPage(this.db, after, pageSize);
      for (const doc of page) {
        if (doc.removedAt) continue;
        const bytes = await this.store.get(this.db, doc.id, doc.storageKey);
        if (!bytes || sha256(bytes) !== doc.sha256) {
          missing.push(doc.id);
          continue;
        }
        await actor.audit(this.db, {
          action: 'document.content.read',
          resourceType: 'document',
          resourceId: doc.id,
          personId: doc.personId,
          reason: 'hand-back export',
        });
        yield { id: doc.id, fileName: doc.fileName, bytes };
      }
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.id;
    }
  }

  /**
   * Every document still held about a person, with its bytes, for their subject access bundle
   * (the export's own permission decides; each one read is audited).
   */
  async heldFor(actor: Actor, personId: string): Promise<{ document: DocumentView; bytes: Buffer }[]> {
    const held = [];
    for (const doc of await repo.ofPerson(this.db, personId)) {
      if (doc.removedAt) continue;
      const bytes = await this.store.get(this.db, doc.id, doc.storageKey);
      if (!bytes || sha256(bytes) !== doc.sha256) continue;
      await actor.audit(this.db, {
        action: 'document.content.read',
        resourceType: 'document',
        resourceId: doc.id,
        personId,
        reason: 'subject access request',
      });
      held.push({ document: documentView(doc), bytes });
    }
    return held;
  }

  /**
   * Removes a document's bytes as a recorded retention decision: the row keeps who removed it,
   * when, on what basis and why; a second removal is refused.
   */
  async remove(
    actor: Actor,
    id: string,
    decision: DocumentRemovalBody,
    reason: string | undefined,
  ): Promise<DocumentView> {
    const user = asUser(actor.principal, 'Documents are removed by colleagues.');
    const now = actor.now();
    return this.db.transaction(async (tx) => {
      const doc = await this.readable(tx, actor, id, reason);
      const removed = await repo.markRemoved(tx, id, {
        removedAt: now,
        removedById: user.userId,
        removalBasis: decision.basis,
        removalReason: decision.reason.trim(),
      });
      if (!removed) {
        throw new AppProblem(409, 'document_already_removed', 'Already removed', 'This document was already removed.');
      }
      await this.store.remove(tx, id, doc.storageKey);
      await actor.audit(tx, {
        action: 'document.remove',
        resourceType: 'document',
        resourceId: id,
        personId: doc.personId,
        reason: reason ?? null,
      });
      return documentView({
        ...doc,
        removedAt: now,
        removedById: user.userId,
        removedByName: user.displayName,
        removalBasis: decision.basis,
        removalReason: decision.reason.trim(),
      });
    });
  }
}
