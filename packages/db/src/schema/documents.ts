import { sql } from 'drizzle-orm';
import { bigint, check, customType, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { personalBudgets } from './budgets.js';
import { conversations, stories } from './conversations.js';
import { staffUsers } from './identity.js';
import { people } from './people.js';
import { safeguardingConcerns, safeguardingEnquiries } from './safeguarding.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * A document held about a person (a signed direct payment agreement, a GP letter, a photo of a
 * tenancy), optionally on one of their stories, conversations, budgets, concerns or enquiries, and
 * read under that parent's rules. Its bytes live in `document_contents` (the PostgreSQL store) or
 * in an S3-compatible object store under `storage_key`. Removal is a retention decision recorded
 * here (who, when, why); the bytes go, the record that there was a document stays.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    storyId: uuid().references(() => stories.id),
    conversationId: uuid().references(() => conversations.id),
    budgetId: uuid().references(() => personalBudgets.id),
    concernId: uuid().references(() => safeguardingConcerns.id),
    enquiryId: uuid().references(() => safeguardingEnquiries.id),
    title: text().notNull(),
    /** The name the file had when it was uploaded (shown, never trusted for its type). */
    fileName: text().notNull(),
    /** The type found in the content itself, from the allowed list. */
    mediaType: text().notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull(),
    /** Hex SHA-256 of the bytes, checked again whenever they are read back. */
    sha256: text().notNull(),
    storage: text({ enum: ['postgres', 's3'] }).notNull(),
    storageKey: text(),
    uploadedById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    uploadedAt: timestamp({ withTimezone: true }).notNull(),
    removedAt: timestamp({ withTimezone: true }),
    removedById: uuid().references(() => staffUsers.id),
    removalBasis: text(),
    removalReason: text(),
  },
  (t) => [
    index('documents_person_idx').on(t.personId, t.uploadedAt.desc(), t.id.desc()),
    check('documents_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check(
      'documents_removal',
      sql`(${t.removedAt} is null) = (${t.removedById} is null) and (${t.removedAt} is null) = (${t.removalReason} is null) and (${t.removedAt} is null) = (${t.removalBasis} is null)`,
    ),
  ],
);

/** The PostgreSQL store: a document's bytes, deleted when a retention decision removes it. */
export const documentContents = pgTable('document_contents', {
  documentId: uuid()
    .primaryKey()
    .references(() => documents.id),
  bytes: bytea().notNull(),
});
