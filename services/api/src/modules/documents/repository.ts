import {
  documentContents,
  documents,
  personalBudgets,
  safeguardingConcerns,
  safeguardingEnquiries,
  safeguardingInvolvements,
  staffUsers,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { personRepository } from '../people/repository.js';
import { storyRepository } from '../conversations/story.repository.js';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
export interface DocumentRecord extends DocumentRow {
  uploadedByName: string;
  removedByName: string | null;
}

const remover = alias(staffUsers, 'remover');

function withNames(tx: DbOrTx) {
  return tx
    .select({ document: documents, uploadedByName: staffUsers.displayName, removedByName: remover.displayName })
    .from(documents)
    .innerJoin(staffUsers, eq(staffUsers.id, documents.uploadedById))
    .leftJoin(remover, eq(remover.id, documents.removedById));
}

const flat = (r: { document: DocumentRow; uploadedByName: string; removedByName: string | null }): DocumentRecord => ({
  ...r.document,
  uploadedByName: r.uploadedByName,
  removedByName: r.removedByName,
});

export const documentsRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(tx: DbOrTx, afterId: string | null, limit: number): Promise<(typeof documents.$inferSelect)[]> {
    return tx
      .select()
      .from(documents)
      .where(afterId ? gt(documents.id, afterId) : undefined)
      .orderBy(asc(documents.id))
      .limit(limit);
  },
  /** The people module's own read (one owner for the people table). */
  personOf: personRepository.accessOf,

  storyPerson: storyRepository.personOfStory,

  conversationPerson: storyRepository.personOfConversation,

  async budgetPerson(tx: DbOrTx, id: string): Promise<string | undefined> {
    const [row] = await tx
      .select({ personId: personalBudgets.personId })
      .from(personalBudgets)
      .where(eq(personalBudgets.id, id));
    return row?.personId;
  },

  async concernOf(tx: DbOrTx, id: string): Promise<{ personId: string | null; enquiryId: string | null } | undefined> {
    const [row] = await tx
      .select({ personId: safeguardingConcerns.personId, enquiryId: safeguardingEnquiries.id })
      .from(safeguardingConcerns)
      .leftJoin(safeguardingEnquiries, eq(safeguardingEnquiries.concernId, safeguardingConcerns.id))
      .where(eq(safeguardingConcerns.id, id));
    return row;
  },

  async enquiryPerson(tx: DbOrTx, id: string): Promise<string | null | undefined> {
    const [row] = await tx
      .select({ personId: safeguardingConcerns.personId })
      .from(safeguardingEnquiries)
      .innerJoin(safeguardingConcerns, eq(safeguardingConcerns.id, safeguardingEnquiries.concernId))
      .where(eq(safeguardingEnquiries.id, id));
    return row?.personId;
  },

  /** The enquiries a colleague is involved in, with the concerns they came from. */
  async involvements(tx: DbOrTx, userId: string): Promise<{ enquiryIds: Set<string>; concernIds: Set<string> }> {
    const rows = await tx
      .select({ enquiryId: safeguardingInvolvements.enquiryId, concernId: safeguardingEnquiries.concernId })
      .from(safeguardingInvolvements)
      .innerJoin(safeguardingEnquiries, eq(safeguardingEnquiries.id, safeguardingInvolvements.enquiryId))
      .where(eq(safeguardingInvolvements.userId, userId));
    return {
      enquiryIds: new Set(rows.map((r) => r.enquiryId)),
      concernIds: new Set(rows.map((r) => r.concernId)),
    };
  },

  async insert(tx: DbOrTx, values: NewDocumentRow): Promise<DocumentRow> {
    const [row] = await tx.insert(documents).values(values).returning();
    return row!;
  },

  async byId(tx: DbOrTx, id: string): Promise<DocumentRecord | undefined> {
    const [row] = await withNames(tx).where(eq(documents.id, id));
    return row && flat(row);
  },

  /** Every document about a person, newest first (removed ones too: the decision is part of the record). */
  async ofPerson(tx: DbOrTx, personId: string): Promise<DocumentRecord[]> {
    const rows = await withNames(tx)
      .where(eq(documents.personId, personId))
      .orderBy(desc(documents.uploadedAt), desc(documents.id));
    return rows.map(flat);
  },

  async markRemoved(
    tx: DbOrTx,
    id: string,
    values: { removedAt: Date; removedById: string; removalBasis: string; removalReason: string },
  ): Promise<boolean> {
    const rows = await tx
      .update(documents)
      .set(values)
      .where(and(eq(documents.id, id), isNull(documents.removedAt)))
      .returning({ id: documents.id });
    return rows.length > 0;
  },

  async putContent(tx: DbOrTx, documentId: string, bytes: Buffer): Promise<void> {
    await tx.insert(documentContents).values({ documentId, bytes });
  },

  async content(tx: DbOrTx, documentId: string): Promise<Buffer | undefined> {
    const [row] = await tx
      .select({ bytes: documentContents.bytes })
      .from(documentContents)
      .where(eq(documentContents.documentId, documentId));
    return row?.bytes;
  },

  async deleteContent(tx: DbOrTx, documentId: string): Promise<void> {
    await tx.delete(documentContents).where(eq(documentContents.documentId, documentId));
  },
};
