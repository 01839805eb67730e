import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { personalBudgets, reviews } from './budgets.js';
import { organisations } from './directory.js';
import { machineClients, staffUsers } from './identity.js';
import { people } from './people.js';

/**
 * Organisations that deliver care under a plan (home care agencies, day centres, care homes),
 * with their Care Quality Commission location id. Maintained by the practice's administrators. A
 * suspended provider takes no new services; the ones it has carry on until they are ended.
 */
export const careProviders = pgTable(
  'care_providers',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** CQC location id: "1-" and digits. Null for providers CQC does not register (e.g. a day centre). */
    cqcLocationId: text(),
    address: text().notNull().default(''),
    postcode: text(),
    phone: text(),
    email: text(),
    servicesOffered: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The same organisation in the community directory, where it is there. */
    directoryOrganisationId: uuid().references(() => organisations.id),
    status: text({ enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    suspendedReason: text(),
    suspendedAt: timestamp({ withTimezone: true }),
    createdById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('care_providers_cqc_idx').on(t.cqcLocationId),
    index('care_providers_name_idx').on(t.name, t.id),
    check('care_providers_cqc_format', sql`${t.cqcLocationId} is null or ${t.cqcLocationId} ~ '^1-[0-9]{1,11}$'`),
  ],
);

/**
 * A service delivering one part of a signed-off personal budget: by a provider, or by the person
 * themselves for a direct payment. Never edited once started except to suspend, resume and end:
 * a change of plan ends services and starts new ones.
 */
export const careServices = pgTable(
  'care_services',
  {
    id: uuid().primaryKey().defaultRandom(),
    budgetId: uuid()
      .notNull()
      .references(() => personalBudgets.id),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    part: text({ enum: ['direct_payment', 'council_managed', 'individual_service_fund'] }).notNull(),
    /** The plan line this service delivers (its position in the plan); null for a whole part. */
    planLine: integer(),
    what: text().notNull(),
    providerId: uuid().references(() => careProviders.id),
    weeklyPence: integer().notNull(),
    startOn: date({ mode: 'string' }).notNull(),
    /** The last day delivered. */
    endOn: date({ mode: 'string' }),
    /** The day it is planned to end, as the council set it (not an ending: the service is live until ended). */
    plannedEndOn: date({ mode: 'string' }),
    /** The cost of one unit (an hour, a visit), whole pence, when the service is costed by units. */
    unitCostPence: integer(),
    /** Units (hours, visits) a week, in quarter steps, when the service is costed by units. */
    unitsPerWeek: numeric({ precision: 8, scale: 2, mode: 'number' }),
    /** The council system a live service was imported from (null: started here). */
    importedFrom: text(),
    endReason: text(),
    endNote: text(),
    /** The service this one replaced under a new plan. */
    replacesId: uuid(),
    /**
     * Only under a carer's own budget (from a carer's eligibility determination): support direct to
     * the carer, or provided to the person they care for. Null for anyone else's budget.
     */
    carerSupport: text({ enum: ['direct_to_carer', 'to_cared_for_person'] }),
    /** Under a carer's budget: the adult they care for (from the determination). */
    caredForPersonId: uuid().references(() => people.id),
    createdById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    endedById: uuid().references(() => staffUsers.id),
    endedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('care_services_person_idx').on(t.personId, t.startOn.desc(), t.id),
    // A person's chronology: services started, and ended, newest first.
    index('care_services_person_created_idx').on(t.personId, t.createdAt.desc(), t.id.desc()),
    index('care_services_person_ended_idx')
      .on(t.personId, t.endedAt.desc(), t.id.desc())
      .where(sql`${t.endedAt} is not null`),
    index('care_services_budget_idx').on(t.budgetId, t.part, t.startOn),
    index('care_services_provider_idx').on(t.providerId),
    check('care_services_amount_check', sql`${t.weeklyPence} >= 0`),
    check('care_services_dates_check', sql`${t.endOn} is null or ${t.endOn} >= ${t.startOn}`),
    check('care_services_end_reason_check', sql`(${t.endOn} is null) = (${t.endReason} is null)`),
    index('care_services_cared_for_idx')
      .on(t.caredForPersonId, t.startOn.desc(), t.id)
      .where(sql`${t.caredForPersonId} is not null`),
    check('care_services_carer_check', sql`(${t.carerSupport} is null) = (${t.caredForPersonId} is null)`),
    check('care_services_provider_check', sql`${t.part} = 'direct_payment' or ${t.providerId} is not null`),
  ],
);

/** A pause in a service (a hospital stay): from the first day not delivered to the last. */
export const careServiceSuspensions = pgTable(
  'care_service_suspensions',
  {
    id: uuid().primaryKey().defaultRandom(),
    serviceId: uuid()
      .notNull()
      .references(() => careServices.id),
    fromOn: date({ mode: 'string' }).notNull(),
    toOn: date({ mode: 'string' }),
    reason: text().notNull(),
    note: text().notNull().default(''),
    byId: uuid().references(() => staffUsers.id),
    at: timestamp({ withTimezone: true }).notNull(),
    resumedById: uuid().references(() => staffUsers.id),
    resumedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('care_service_suspensions_service_idx').on(t.serviceId, t.fromOn),
    check('care_service_suspensions_dates_check', sql`${t.toOn} is null or ${t.toOn} >= ${t.fromOn}`),
  ],
);

/** A direct payment agreement (Care Act 2014 ss31–32): who holds it, from when, paid how often. */
export const directPaymentAgreements = pgTable(
  'direct_payment_agreements',
  {
    id: uuid().primaryKey().defaultRandom(),
    budgetId: uuid()
      .notNull()
      .references(() => personalBudgets.id),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    holder: text({ enum: ['person', 'nominated_person', 'suitable_person'] }).notNull(),
    holderName: text(),
    startOn: date({ mode: 'string' }).notNull(),
    paymentFrequency: text({ enum: ['weekly', 'four_weekly', 'monthly'] }).notNull(),
    monitoringReviewOn: date({ mode: 'string' }).notNull(),
    reviewId: uuid().references(() => reviews.id),
    createdById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('direct_payment_agreements_budget_idx').on(t.budgetId)],
);

/**
 * The person's assessed weekly contribution, as the council's financial assessment (charging)
 * system sends it: each from its effective date until the next.
 */
export const financialAssessments = pgTable(
  'financial_assessments',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    weeklyContributionPence: integer().notNull(),
    effectiveFrom: date({ mode: 'string' }).notNull(),
    /** The council system's own reference for the assessment. */
    reference: text(),
    clientId: uuid().references(() => machineClients.id),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('financial_assessments_person_idx').on(t.personId, t.effectiveFrom, t.receivedAt),
    check('financial_assessments_amount_check', sql`${t.weeklyContributionPence} >= 0`),
  ],
);

/**
 * The end of support for a person: they died or moved away, on a date. One action ends their open
 * stories, services, reviews and tasks with that reason; this row records it.
 */
export const supportEndings = pgTable(
  'support_endings',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    reason: text({ enum: ['deceased', 'moved_away'] }).notNull(),
    endedOn: date({ mode: 'string' }).notNull(),
    note: text().notNull().default(''),
    byId: uuid().references(() => staffUsers.id),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('support_endings_person_idx').on(t.personId, t.at)],
);
