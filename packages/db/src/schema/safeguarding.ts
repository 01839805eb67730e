import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { contacts } from './contacts.js';
import { conversations } from './conversations.js';
import { staffUsers, teams } from './identity.js';
import { people } from './people.js';

/**
 * A safeguarding concern: raised at the front door (a contact's outcome), from a conversation, by
 * the council's systems, or on its own; then the section 42 decision on it, on a clock.
 */
export const safeguardingConcerns = pgTable(
  'safeguarding_concerns',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid().references(() => people.id),
    contactId: uuid().references(() => contacts.id),
    conversationId: uuid().references(() => conversations.id),
    /**
     * The team the concern came through: its contact's, else its conversation's story's. Filled in
     * by a trigger when the concern is raised (and if its contact or conversation changes), so the
     * practice data can count a team's concerns without looking up each one's contact.
     */
    teamId: uuid().references(() => teams.id),
    /** What happened, as it was told. */
    summary: text().notNull(),
    /** `awaiting_decision`, `enquiry` (an enquiry was opened) or `no_enquiry`. */
    status: text().notNull().default('awaiting_decision'),
    /** Where it came in: `contact`, `conversation`, `council_system` or `direct`. */
    raisedVia: text().notNull().default('contact'),
    /** Who told the practice (the contact's `madeBy` list), and their name or role in words. */
    raisedByKind: text(),
    raisedByName: text().notNull().default(''),
    /** `safe_now`, `made_safe`, `at_immediate_risk` or `not_known`. */
    immediateSafety: text().notNull().default('not_known'),
    immediateSafetyNote: text().notNull().default(''),
    suspectedRiskTypes: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    raisedByType: text().notNull(),
    raisedById: text(),
    raisedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // The section 42 decision, each criterion on its own.
    hasCareAndSupportNeeds: boolean(),
    experiencingOrAtRiskOfAbuseOrNeglect: boolean(),
    unableToProtectThemselves: boolean(),
    decisionRoute: text(),
    decisionRationale: text(),
    noEnquiryReason: text(),
    otherActions: jsonb()
      .$type<{ kind: string; detail: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    decidedAt: timestamp({ withTimezone: true }),
    decidedById: uuid().references(() => staffUsers.id),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('safeguarding_concerns_person_idx').on(t.personId),
    // The lead's queue: concerns awaiting a decision, oldest (so most overdue) first.
    index('safeguarding_concerns_awaiting_idx')
      .on(t.raisedAt, t.id)
      .where(sql`${t.status} = 'awaiting_decision'`),
  ],
);

/** A safeguarding enquiry (s42 or "other"), opened by a decision on a concern. */
export const safeguardingEnquiries = pgTable(
  'safeguarding_enquiries',
  {
    id: uuid().primaryKey().defaultRandom(),
    concernId: uuid()
      .notNull()
      .references(() => safeguardingConcerns.id),
    personId: uuid().references(() => people.id),
    /** `s42` or `other`. */
    kind: text().notNull(),
    /** `practice`, or `other_organisation` when the practice caused another body to enquire. */
    leadKind: text().notNull().default('practice'),
    leadStaffId: uuid().references(() => staffUsers.id),
    leadOrganisationName: text(),
    desiredOutcomesStatus: text(),
    desiredOutcomes: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    desiredOutcomesNotAskedReason: text(),
    mentalCapacity: text().notNull().default('not_assessed'),
    mentalCapacityNote: text().notNull().default(''),
    /** The capacity assessment (`capacity_assessments`, same person) the capacity answer rests on, if one. */
    mentalCapacityAssessmentId: uuid(),
    advocacy: jsonb().$type<Record<string, unknown>>(),
    advocateName: text().notNull().default(''),
    appropriatePersonName: text().notNull().default(''),
    safetyPlan: text().notNull().default(''),
    /** `open`, `concluded` or `ended_at_persons_request`. */
    status: text().notNull().default('open'),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    riskTypes: text().array(),
    /** The first of `locations` (kept for readers of one location). */
    location: text(),
    /** The first of `sources` (kept for readers of one source). */
    source: text(),
    /** Every location of risk the enquiry found (Safeguarding Adults Collection SG2b). */
    locations: text().array(),
    /** Every source of risk the enquiry found: SG2a/SG2b count each one. */
    sources: text().array(),
    riskAssessment: text(),
    result: text(),
    outcomesAchieved: text(),
    conclusionNote: text(),
    endedEarlyReason: text(),
    concludedAt: timestamp({ withTimezone: true }),
    concludedById: uuid().references(() => staffUsers.id),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('safeguarding_enquiries_concern_uq').on(t.concernId),
    index('safeguarding_enquiries_person_idx').on(t.personId),
    index('safeguarding_enquiries_open_idx')
      .on(t.openedAt, t.id)
      .where(sql`${t.status} = 'open'`),
  ],
);

/** Colleagues with a part in an enquiry: they see its detail, as the safeguarding lead does. */
export const safeguardingInvolvements = pgTable(
  'safeguarding_involvements',
  {
    enquiryId: uuid()
      .notNull()
      .references(() => safeguardingEnquiries.id),
    userId: uuid()
      .notNull()
      .references(() => staffUsers.id),
    /** In words: "leads the enquiry", "visits with the person", "talks to the provider". */
    role: text().notNull(),
    addedById: uuid().references(() => staffUsers.id),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.enquiryId, t.userId] }), index('safeguarding_involvements_user_idx').on(t.userId)],
);

/**
 * A Safeguarding Adult Review (Care Act 2014 s44) the Safeguarding Adults Board completed, for the
 * Safeguarding Adults Collection's SG5a (reviews where one or more individuals died, or none did)
 * and SG5b (the individuals who suffered serious harm and died or survived).
 */
export const safeguardingAdultReviews = pgTable(
  'safeguarding_adult_reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The day the review was completed (it counts in the financial year holding this day). */
    completedOn: date({ mode: 'string' }).notNull(),
    /** Individuals who suffered serious harm and died. */
    individualsDied: integer().notNull(),
    /** Individuals who suffered serious harm and survived. */
    individualsSurvived: integer().notNull(),
    summary: text().notNull().default(''),
    recordedById: uuid().references(() => staffUsers.id),
    recordedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('safeguarding_adult_reviews_completed_idx').on(t.completedOn)],
);
