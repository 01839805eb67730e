import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversations, stories } from './conversations.js';
import { staffUsers } from './identity.js';
import { people } from './people.js';
import { safeguardingConcerns, safeguardingEnquiries } from './safeguarding.js';

/**
 * A case note: what happened with a person, written for them to read. A draft lives here alone
 * (its author may change it); from the moment it is final its text lives in `case_note_versions`,
 * one row per version, and is never updated in place.
 */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    storyId: uuid().references(() => stories.id),
    conversationId: uuid().references(() => conversations.id),
    concernId: uuid().references(() => safeguardingConcerns.id),
    enquiryId: uuid().references(() => safeguardingEnquiries.id),
    kind: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    authorId: uuid()
      .notNull()
      .references(() => staffUsers.id),
    status: text({ enum: ['draft', 'final'] }).notNull(),
    /** While a draft: its text. Once final: null (the text is in the versions). */
    draftSummary: text(),
    draftBody: text(),
    /** Row version for If-Match; for a final note, also its latest text version. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    finalisedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('case_notes_person_idx').on(t.personId, t.occurredAt.desc(), t.id.desc()),
    index('case_notes_story_idx')
      .on(t.storyId)
      .where(sql`${t.storyId} is not null`),
    check(
      'case_notes_kind',
      sql`${t.kind} in ('visit', 'phone_call', 'meeting', 'email_or_letter', 'observation', 'management_oversight')`,
    ),
    check(
      'case_notes_draft_text',
      sql`(${t.status} = 'draft') = (${t.draftBody} is not null) and (${t.status} = 'final') = (${t.finalisedAt} is not null)`,
    ),
  ],
);

/** Every version of a final note's text: the first when it was finalised, then each amendment with its reason. */
export const caseNoteVersions = pgTable(
  'case_note_versions',
  {
    noteId: uuid()
      .notNull()
      .references(() => caseNotes.id),
    version: integer().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    /** Why it was amended; null on the first final version. */
    amendmentReason: text(),
    writtenById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    writtenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.noteId, t.version] }),
    check('case_note_versions_reason', sql`(${t.version} = 1) = (${t.amendmentReason} is null)`),
  ],
);
