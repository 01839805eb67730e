import {
  caseNotes,
  caseNoteVersions,
  safeguardingConcerns,
  safeguardingEnquiries,
  safeguardingInvolvements,
  staffUsers,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { personRepository } from '../people/repository.js';
import { storyRepository } from '../conversations/story.repository.js';

export type NoteRow = typeof caseNotes.$inferSelect;
export type NewNoteRow = typeof caseNotes.$inferInsert;
export type NoteVersionRow = typeof caseNoteVersions.$inferSelect;

/** A note with its current text (the draft, or the latest final version) and its author's name. */
export interface NoteRecord extends NoteRow {
  summary: string;
  body: string;
  authorName: string;
  amended: boolean;
}

/**
 * A note's current text in one lateral read of its latest final version (none while a draft):
 * the draft's text, else that version's; amended once that version is past the first.
 */
function withCurrentText(db: DbOrTx) {
  const latest = db
    .select({ summary: caseNoteVersions.summary, body: caseNoteVersions.body, version: caseNoteVersions.version })
    .from(caseNoteVersions)
    .where(eq(caseNoteVersions.noteId, caseNotes.id))
    .orderBy(desc(caseNoteVersions.version))
    .limit(1)
    .as('latest');
  return db
    .select({
      note: caseNotes,
      authorName: staffUsers.displayName,
      summary: sql<string>`coalesce(${caseNotes.draftSummary}, ${latest.summary})`,
      body: sql<string>`coalesce(${caseNotes.draftBody}, ${latest.body})`,
      amended: sql<boolean>`coalesce(${latest.version} > 1, false)`,
    })
    .from(caseNotes)
    .innerJoin(staffUsers, eq(staffUsers.id, caseNotes.authorId))
    .leftJoinLateral(latest, sql`true`);
}

/** Who may read which notes, as SQL over `case_notes`: the list's filter, the same rule as `noteVisibility`. */
export interface ReaderFilter {
  userId: string | null;
  seesSafeguarding: boolean;
}

function visibleTo(reader: ReaderFilter): SQL {
  const mine = reader.userId ? eq(caseNotes.authorId, reader.userId) : sql`false`;
  const draftRule = or(eq(caseNotes.status, 'final'), mine)!;
  if (reader.seesSafeguarding) return draftRule;
  const involved = reader.userId
    ? sql`exists (select 1 from ${safeguardingInvolvements} i
                   left join ${safeguardingEnquiries} e on e.id = i.enquiry_id
                  where i.user_id = ${reader.userId}
                    and (i.enquiry_id = ${caseNotes.enquiryId} or e.concern_id = ${caseNotes.concernId}))`
    : sql`false`;
  return and(draftRule, or(and(isNull(caseNotes.concernId), isNull(caseNotes.enquiryId)), mine, involved))!;
}

export const notesRepository = {
  /** Final notes, a page at a time in id order, after `afterId` (a hand-back export). */
  async finalExportPage(tx: DbOrTx, afterId: string | null, limit: number): Promise<NoteRow[]> {
    return tx
      .select()
      .from(caseNotes)
      .where(and(eq(caseNotes.status, 'final'), afterId ? gt(caseNotes.id, afterId) : undefined))
      .orderBy(asc(caseNotes.id))
      .limit(limit);
  },
  /** Every written version of these notes, oldest first (text, and why each amendment was made). */
  async versionsOfNotes(tx: DbOrTx, noteIds: string[]): Promise<NoteVersionRow[]> {
    if (!noteIds.length) return [];
    return tx
      .select()
      .from(caseNoteVersions)
      .where(inArray(caseNoteVersions.noteId, noteIds))
      .orderBy(asc(caseNoteVersions.noteId), asc(caseNoteVersions.version));
  },
  /** The people module's own read (one owner for the people table). */
  personOf: personRepository.accessOf,

  storyPerson: storyRepository.personOfStory,

  conversationPerson: storyRepository.personOfConversation,

  /** The person a concern is about and the enquiry it led to, if any. */
  async concernOf(
    tx: DbOrTx,
    concernId: string,
  ): Promise<{ personId: string | null; enquiryId: string | null } | undefined> {
    const [row] = await tx
      .select({ personId: safeguardingConcerns.personId, enquiryId: safeguardingEnquiries.id })
      .from(safeguardingConcerns)
      .leftJoin(safeguardingEnquiries, eq(safeguardingEnquiries.concernId, safeguardingConcerns.id))
      .where(eq(safeguardingConcerns.id, concernId));
    return row;
  },

  async enquiryPerson(tx: DbOrTx, enquiryId: string): Promise<string | null | undefined> {
    const [row] = await tx
      .select({ personId: safeguardingConcerns.personId })
      .from(safeguardingEnquiries)
      .innerJoin(safeguardingConcerns, eq(safeguardingConcerns.id, safeguardingEnquiries.concernId))
      .where(eq(safeguardingEnquiries.id, enquiryId));
    return row?.personId;
  },

  /** Whether a colleague is involved in an enquiry, or in the enquiry a concern led to. */
  async isInvolved(tx: DbOrTx, userId: string, link: { concernId: string | null; enquiryId: string | null }) {
    const enquiryIds: string[] = [];
    if (link.enquiryId) enquiryIds.push(link.enquiryId);
    if (link.concernId) {
      const concern = await this.concernOf(tx, link.concernId);
      if (concern?.enquiryId) enquiryIds.push(concern.enquiryId);
    }
    if (enquiryIds.length === 0) return false;
    const rows = await tx
      .select({ id: safeguardingInvolvements.enquiryId })
      .from(safeguardingInvolvements)
      .where(and(eq(safeguardingInvolvements.userId, userId), inArray(safeguardingInvolvements.enquiryId, enquiryIds)))
      .limit(1);
    return rows.length > 0;
  },

  async insertNote(tx: DbOrTx, values: NewNoteRow): Promise<NoteRow> {
    const [row] = await tx.insert(caseNotes).values(values).returning();
    return row!;
  },

  /** Many notes at once, each with its first version (an import's batch), a few hundred to a statement. */
  async insertMany(tx: DbOrTx, notes: NewNoteRow[], versions: NoteVersionRow[]): Promise<void> {
    for (let i = 0; i < notes.length; i += 500) await tx.insert(caseNotes).values(notes.slice(i, i + 500));
    for (let i = 0; i < versions.length; i += 500) await tx.insert(caseNoteVersions).values(versions.slice(i, i + 500));
  },

  async insertVersion(tx: DbOrTx, values: NoteVersionRow): Promise<void> {
    await tx.insert(caseNoteVersions).values(values);
  },

  /** Changes a note if it is still at `expected`; undefined when someone else changed it first. */
  async updateNote(
    tx: DbOrTx,
    id: string,
    expected: number,
    values: Partial<Omit<NoteRow, 'id' | 'personId' | 'authorId' | 'createdAt'>>,
  ): Promise<NoteRow | undefined> {
    const [row] = await tx
      .update(caseNotes)
      .set({ ...values, version: expected + 1 })
      .where(and(eq(caseNotes.id, id), eq(caseNotes.version, expected)))
      .returning();
    return row;
  },

  async noteById(tx: DbOrTx, id: string): Promise<NoteRecord | undefined> {
    const [row] = await withCurrentText(tx).where(eq(caseNotes.id, id));
    return (
      row && { ...row.note, summary: row.summary, body: row.body, authorName: row.authorName, amended: row.amended }
    );
  },

  /** A person's notes the reader may see, newest first, keyset-paged on (occurredAt, id). */
  async notesOfPerson(
    tx: DbOrTx,
    personId: string,
    reader: ReaderFilter,
    filter: { kind?: string | undefined; storyId?: string | undefined },
    after: [string, string] | undefined,
    limit: number,
  ): Promise<NoteRecord[]> {
    const rows = await withCurrentText(tx)
      .where(
        and(
          eq(caseNotes.personId, personId),
          visibleTo(reader),
          filter.kind ? eq(caseNotes.kind, filter.kind) : undefined,
          filter.storyId ? eq(caseNotes.storyId, filter.storyId) : undefined,
          after
            ? or(
                lt(caseNotes.occurredAt, new Date(after[0])),
                and(eq(caseNotes.occurredAt, new Date(after[0])), lt(caseNotes.id, after[1])),
              )
            : undefined,
        ),
      )
      .orderBy(desc(caseNotes.occurredAt), desc(caseNotes.id))
      .limit(limit + 1);
    return rows.map((r) => ({
      ...r.note,
      summary: r.summary,
      body: r.body,
      authorName: r.authorName,
      amended: r.amended,
    }));
  },

  async latestTextVersion(tx: DbOrTx, noteId: string): Promise<number> {
    const [row] = await tx
      .select({ version: sql<number>`coalesce(max(${caseNoteVersions.version}), 0)::int` })
      .from(caseNoteVersions)
      .where(eq(caseNoteVersions.noteId, noteId));
    return row?.version ?? 0;
  },

  async versionsOf(tx: DbOrTx, noteId: string) {
    return tx
      .select({ version: caseNoteVersions, writtenByName: staffUsers.displayName })
      .from(caseNoteVersions)
      .innerJoin(staffUsers, eq(staffUsers.id, caseNoteVersions.writtenById))
      .where(eq(caseNoteVersions.noteId, noteId))
      .orderBy(asc(caseNoteVersions.version));
  },
};
