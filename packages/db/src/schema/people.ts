import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    consentToShare: boolean().notNull().default(false),
    consentRecordedAt: timestamp({ withTimezone: true }),
    consentScope: text(),
    advocacyNeed: boolean().notNull().default(false),
    restricted: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_nhs_number_key').on(t.nhsNumber),
    index('people_family_given_idx').on(t.familyName, t.givenName),
    index('people_postcode_idx').on(t.postcode),
    check('people_nhs_number_shape', sql`${t.nhsNumber} ~ '^[0-9]{10}$'`),
    check(
      'people_death_after_birth',
      sql`${t.dateOfDeath} is null or ${t.dateOfBirth} is null or ${t.dateOfDeath} >= ${t.dateOfBirth}`,
    ),
  ],
);
