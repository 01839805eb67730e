import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { staffUsers } from './identity.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * A saved mapping from one council export's columns to Threefold's fields (with value maps for
 * code lists), reusable for every file that export produces. Owned by the imports module.
 */
export const importMappings = pgTable(
  'import_mappings',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: text().notNull(),
    /** The council system the files come from, e.g. `mosaic`: external ids are unique per source. */
    source: text().notNull(),
    /** The mapping document (`columns`, `valueMaps`, `idColumn`) as documented in the README. */
    definition: jsonb().$type<Record<string, unknown>>().notNull(),
    createdById: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('import_mappings_name_key').on(t.name)],
);

/** One uploaded file and where its dry run and commit stand. The API holds no state: this does. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    mappingId: uuid()
      .notNull()
      .references(() => importMappings.id),
    source: text().notNull(),
    fileName: text().notNull(),
    format: text({ enum: ['csv', 'xlsx'] }).notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull(),
    status: text({ enum: ['checked', 'committing', 'committed', 'abandoned'] }).notNull(),
    totalRows: integer().notNull().default(0),
    badRows: integer().notNull().default(0),
    /** Rows already imported by an earlier run (same source id): skipped, nothing changed. */
    alreadyImportedRows: integer().notNull().default(0),
    committedRows: integer().notNull().default(0),
    skippedRows: integer().notNull().default(0),
    batches: integer().notNull().default(0),
    createdById: uuid().references(() => staffUsers.id),
    /** Who asked for the commit: the background job writes its batches and audit rows as them. */
    committedById: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('import_jobs_created_idx').on(t.createdAt.desc())],
);

/** The uploaded file, in chunks of at most 1 MiB, read back as a stream for the dry run and the commit. */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    jobId: uuid()
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

/** The dry run's report: every bad row, with the field and the reason. */
export const importProblems = pgTable(
  'import_problems',
  {
    jobId: uuid()
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    rowNumber: integer().notNull(),
    externalId: text(),
    field: text().notNull(),
    code: text().notNull(),
    reason: text().notNull(),
  },
  (t) => [index('import_problems_job_idx').on(t.jobId, t.rowNumber)],
);

/**
 * The council's own id for a record it handed over: one per (source, kind, external id), so a
 * re-import or a resumed commit finds what is already there instead of writing it twice.
 */
export const externalReferences = pgTable(
  'external_references',
  {
    source: text().notNull(),
    kind: text().notNull(),
    externalId: text().notNull(),
    recordId: uuid().notNull(),
    jobId: uuid().references(() => importJobs.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.kind, t.externalId] }),
    index('external_references_record_idx').on(t.recordId),
    check('external_references_id_not_blank', sql`length(trim(${t.externalId})) > 0`),
  ],
);

/** A hand-back: what was exported, by whom and when (the archive itself is built as it is downloaded). Owned by the exports module. */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    kinds: text().array().notNull(),
    createdById: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    downloads: integer().notNull().default(0),
    lastDownloadedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('export_jobs_created_idx').on(t.createdAt.desc())],
);

/**
 * Scratch for a dry run: each council id and NHS number met so far in the job's file with the first
 * row it was on, so duplicates within a file are found at flat memory however large the file is.
 * Emptied when the dry run ends (and with the job). Unlogged (see the migration): nothing here
 * outlives the dry run's transaction, so it is not worth the WAL.
 */
export const importSeenKeys = pgTable(
  'import_seen_keys',
  {
    jobId: uuid()
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    /** What the key is: `id` (the council's id), `nhsNumber`, or `person` (one open story, one live budget a person). */
    keyKind: text().notNull(),
    key: text().notNull(),
    /** The first row of the file it was on. */
    rowNumber: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.keyKind, t.key] })],
);
