import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Community and voluntary organisations the practice works with. The community directory is
 * shaped like Open Referral UK (HSDS): organisations run services, delivered at locations,
 * with contacts, schedules, eligibility, cost and taxonomy terms. All of it is public except
 * `practiceNotes`, which never leaves the practice.
 */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text().notNull().default(''),
    email: text(),
    phone: text(),
    website: text(),
    kind: text({ enum: ['partner', 'community'] })
      .notNull()
      .default('community'),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisations_name_idx').on(t.name)],
);

/** A PostgreSQL full-text document. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const directoryServices = pgTable(
  'directory_services',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    name: text().notNull(),
    description: text().notNull().default(''),
    url: text(),
    email: text(),
    phone: text(),
    status: text({ enum: ['active', 'inactive', 'defunct', 'temporarily closed'] })
      .notNull()
      .default('active'),
    /** Eligibility: the age range served, in whole years (null = no limit). */
    minimumAge: integer(),
    maximumAge: integer(),
    eligibilityDescription: text(),
    /** Cost in integer pence per `costOption` (0 = free); null when not known. */
    costPence: integer(),
    costOption: text(),
    costDescription: text(),
    /** For colleagues only; never published. */
    practiceNotes: text().notNull().default(''),
    /** Name and description as a full-text document, kept by PostgreSQL, for the directory search. */
    searchDocument: tsvector().generatedAlwaysAs(sql`to_tsvector('english', name || ' ' || description)`),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('directory_services_organisation_idx').on(t.organisationId),
    index('directory_services_updated_idx').on(t.updatedAt, t.id),
    index('directory_services_name_idx').on(t.name, t.id),
    index('directory_services_search_idx').using('gin', t.searchDocument),
    check(
      'directory_services_ages',
      sql`(${t.minimumAge} is null or ${t.minimumAge} >= 0) and (${t.maximumAge} is null or ${t.maximumAge} >= coalesce(${t.minimumAge}, 0))`,
    ),
    check('directory_services_cost', sql`${t.costPence} is null or ${t.costPence} >= 0`),
  ],
);

export const directoryLocations = pgTable(
  'directory_locations',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().references(() => organisations.id),
    name: text().notNull(),
    description: text().notNull().default(''),
    addressLine1: text(),
    town: text(),
    postcode: text(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Distance searches first narrow to a bounding box on this index, then measure exactly.
    index('directory_locations_lat_long_idx').on(t.latitude, t.longitude),
    check(
      'directory_locations_coordinates',
      sql`(${t.latitude} is null) = (${t.longitude} is null) and (${t.latitude} is null or (${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180))`,
    ),
  ],
);

export const serviceAtLocations = pgTable(
  'service_at_locations',
  {
    id: uuid().primaryKey().defaultRandom(),
    serviceId: uuid()
      .notNull()
      .references(() => directoryServices.id, { onDelete: 'cascade' }),
    locationId: uuid()
      .notNull()
      .references(() => directoryLocations.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('service_at_locations_pair_key').on(t.serviceId, t.locationId),
    index('service_at_locations_location_idx').on(t.locationId),
  ],
);

export const serviceContacts = pgTable(
  'service_contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    serviceId: uuid()
      .notNull()
      .references(() => directoryServices.id, { onDelete: 'cascade' }),
    name: text(),
    title: text(),
    email: text(),
    phone: text(),
  },
  (t) => [index('service_contacts_service_idx').on(t.serviceId)],
);

/** Regular opening times (ORUK regular_schedule): a weekday with opening and closing times. */
export const serviceSchedules = pgTable(
  'service_schedules',
  {
    id: uuid().primaryKey().defaultRandom(),
    serviceId: uuid()
      .notNull()
      .references(() => directoryServices.id, { onDelete: 'cascade' }),
    weekday: text({ enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] }).notNull(),
    opensAt: time().notNull(),
    closesAt: time().notNull(),
    description: text(),
  },
  (t) => [
    index('service_schedules_service_idx').on(t.serviceId),
    index('service_schedules_day_idx').on(t.weekday, t.opensAt, t.closesAt),
    check('service_schedules_order', sql`${t.closesAt} > ${t.opensAt}`),
  ],
);

export const taxonomies = pgTable('taxonomies', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  description: text().notNull().default(''),
  uri: text(),
  version: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const taxonomyTerms = pgTable(
  'taxonomy_terms',
  {
    id: uuid().primaryKey().defaultRandom(),
    taxonomyId: uuid()
      .notNull()
      .references(() => taxonomies.id),
    code: text(),
    name: text().notNull(),
    description: text().notNull().default(''),
    parentId: uuid(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('taxonomy_terms_taxonomy_idx').on(t.taxonomyId, t.name)],
);

export const serviceTaxonomyTerms = pgTable(
  'service_taxonomy_terms',
  {
    serviceId: uuid()
      .notNull()
      .references(() => directoryServices.id, { onDelete: 'cascade' }),
    termId: uuid()
      .notNull()
      .references(() => taxonomyTerms.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.termId] }), index('service_taxonomy_terms_term_idx').on(t.termId)],
);

/**
 * Postcode centroids the practice loads (CSV, e.g. from the ONS Postcode Directory) to turn a
 * searched postcode into coordinates without any outside service.
 */
export const postcodeCentroids = pgTable(
  'postcode_centroids',
  {
    postcode: text().primaryKey(),
    outcode: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
  },
  (t) => [index('postcode_centroids_outcode_idx').on(t.outcode)],
);
