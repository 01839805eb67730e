import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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

/**
 * A person the practice supports or knows of. Identity and statutory-return fields follow
 * the spec (§3.1); later modules hang their records off `people.id`.
 */
export const people = pgTable(
  'people',
  {
    id: uuid().primaryKey().defaultRandom(),
    givenName: text().notNull(),
    familyName: text().notNull(),
    preferredName: text(),
    dateOfBirth: date({ mode: 'string' }),
    dateOfDeath: date({ mode: 'string' }),
    gender: text(),
    ethnicity: text(),
    nhsNumber: text(),
    councilPersonId: text(),
    addressLine1: text(),
    addressLine2: text(),
    town: text(),
    postcode: text(),
    phone: text(),
    email: text(),
    preferredLanguage: text(),
    interpreterNeeded: boolean().notNull().default(false),
    communicationNeeds: text(),
    gpPracticeCode: text(),
    primarySupportReason: text(),
    accommodationStatus: text(),
    employmentStatus: text(),
    /**
     * Client Level Data release 2 person fields (Visual_Impairment, Hearing_Impairment, Dementia,
     * Autism_Spectrum_Disorder_ASD, Has_Unpaid_Carer) and SAC SG1e. Null is "not recorded".
     * Both impairments true is dual sensory loss.
     */
    visualImpairment: boolean(),
    hearingImpairment: boolean(),
    dementia: boolean(),
    /** SAC SG1e's split: `autism` (excluding Asperger's / high functioning), `aspergers`, or `none`. */
    autism: text(),
    hasUnpaidCarer: boolean(),
    consentToShare: boolean().notNull().default(false),
    consentRecordedAt: timestamp({ withTimezone: true }),
    consentScope: text(),
    advocacyNeed: boolean().notNull().default(false),
    restricted: boolean().notNull().default(false),
    /** Set when this record was merged into another: the survivor. Both histories are kept. */
    mergedIntoId: uuid(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_nhs_number_key')
      .on(t.nhsNumber)
      .where(sql`${t.mergedIntoId} is null`),
    // Fuzzy finding (see search.repository.ts): typos are found by trigrams over the distinct name
    // parts (person_family_names, person_given_names), then these btree indexes join to people;
    // spellings by double metaphone of both names. The date of birth rides along so narrowing by it
    // is an index condition, not a heap visit per namesake. The import's exact duplicate check
    // (family, given, date of birth) probes people_name_lower_idx too.
    index('people_name_lower_idx').on(sql`lower(${t.familyName})`, sql`lower(${t.givenName})`, t.dateOfBirth),
    // A name's exact matches in a fixed order (id), so a common name's first page is read from the
    // index rather than ranked from every namesake (search.repository.ts, `byName`).
    index('people_name_lower_id_idx')
      .on(sql`lower(${t.familyName})`, sql`lower(${t.givenName})`, t.id)
      .where(sql`${t.mergedIntoId} is null`),
    index('people_family_metaphone_idx').on(
      sql`dmetaphone(${t.familyName})`,
      sql`lower(${t.givenName})`,
      t.dateOfBirth,
    ),
    index('people_name_metaphone_idx').on(
      sql`dmetaphone(${t.familyName})`,
      sql`dmetaphone(${t.givenName})`,
      t.dateOfBirth,
    ),
    index('people_dob_idx').on(t.dateOfBirth),
    index('people_family_given_idx').on(t.familyName, t.givenName),
    index('people_postcode_idx').on(t.postcode),
    check('people_nhs_number_shape', sql`${t.nhsNumber} ~ '^[0-9]{10}$'`),
    check('people_autism_value', sql`${t.autism} in ('autism', 'aspergers', 'none')`),
    check(
      'people_death_after_birth',
      sql`${t.dateOfDeath} is null or ${t.dateOfBirth} is null or ${t.dateOfDeath} >= ${t.dateOfBirth}`,
    ),
  ],
);

/** Every version a person's record has had: corrections are appended, never overwritten. */
export const personVersions = pgTable(
  'person_versions',
  {
    personId: uuid()
      .notNull()
      .references(() => people.id),
    version: integer().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    changedFields: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    changedByType: text().notNull(),
    changedById: text(),
    reason: text(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.version] })],
);

/**
 * Relationships are stored from both sides, one row each, sharing a pair id: "Ann is the
 * unpaid carer of Bob" and "Bob is cared for by Ann".
 */
export const relationships = pgTable(
  'relationships',
  {
    id: uuid().primaryKey().defaultRandom(),
    pairId: uuid().notNull(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    relatedPersonId: uuid()
      .notNull()
      .references(() => people.id),
    type: text().notNull(),
    isMainCarer: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('relationships_person_idx').on(t.personId), index('relationships_pair_idx').on(t.pairId)],
);

/** A merge of a duplicate into a survivor, with what moved, so an administrator can undo it. */
export const personMerges = pgTable('person_merges', {
  id: uuid().primaryKey().defaultRandom(),
  survivorId: uuid()
    .notNull()
    .references(() => people.id),
  mergedId: uuid()
    .notNull()
    .references(() => people.id),
  moved: jsonb().$type<Record<string, string[]>>().notNull(),
  mergedByType: text().notNull(),
  mergedById: text(),
  mergedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  undoneAt: timestamp({ withTimezone: true }),
  undoneById: text(),
});

/** Who received a person's data outside the practice: for the subject access request. */
export const disclosures = pgTable(
  'disclosures',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    recipientType: text({ enum: ['council', 'partner', 'other'] }).notNull(),
    recipientId: text().notNull(),
    recipientName: text().notNull(),
    what: text().notNull(),
    disclosedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('disclosures_person_idx').on(t.personId, t.disclosedAt)],
);

/**
 * Every distinct family name and given name (lower-cased), kept by a trigger on people. Fuzzy
 * search ranks these few strings by trigram likeness first (a few hundred thousand family names at
 * ten million people, not millions of full names) and only then joins to people by btree, so a
 * common name cannot flood the candidates and the trigram index stays small enough to stay cached.
 * Two letters swapped ("wislon") share few trigrams with the name, so both tables also have a
 * btree on `name_letters(name)`, the name's letters in order (hand-written in migration
 * 0040_name_letters_key: drizzle cannot order the function before the index): a swap keeps it.
 */
export const personFamilyNames = pgTable('person_family_names', { name: text().primaryKey() }, (t) => [
  index('person_family_names_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
]);

/** Every distinct given name (lower-cased): see `personFamilyNames`. */
export const personGivenNames = pgTable('person_given_names', { name: text().primaryKey() }, (t) => [
  index('person_given_names_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
]);
