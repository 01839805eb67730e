import { sql } from 'drizzle-orm';
import { boolean, check, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { stories } from './conversations.js';
import { staffUsers } from './identity.js';
import { people } from './people.js';
import { safeguardingEnquiries } from './safeguarding.js';

/**
 * A mental capacity assessment (Mental Capacity Act 2005 ss1–3): for one decision, at one time,
 * the two stages (an impairment of the mind or brain; unable to understand, retain, use or weigh,
 * or communicate — because of it), the practicable steps taken to help the person decide, and the
 * outcome. Recorded once; a later assessment of the same decision is a new row.
 */
export const capacityAssessments = pgTable(
  'capacity_assessments',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    storyId: uuid().references(() => stories.id),
    enquiryId: uuid().references(() => safeguardingEnquiries.id),
    decisionArea: text().notNull(),
    decision: text().notNull(),
    impairment: boolean().notNull(),
    impairmentDetail: text().notNull().default(''),
    unableToUnderstand: boolean().notNull(),
    unableToRetain: boolean().notNull(),
    unableToUseOrWeigh: boolean().notNull(),
    unableToCommunicate: boolean().notNull(),
    inabilityBecauseOfImpairment: boolean().notNull(),
    evidence: text().notNull().default(''),
    practicableSteps: text().notNull().default(''),
    outcome: text({ enum: ['has_capacity', 'lacks_capacity'] }).notNull(),
    /** Who assessed: the colleague recording it, and their role in words. */
    assessedById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    assessorRole: text().notNull().default(''),
    assessedOn: date({ mode: 'string' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('capacity_assessments_person_idx').on(t.personId, t.createdAt.desc(), t.id.desc()),
    check('capacity_assessments_outcome', sql`${t.outcome} in ('has_capacity', 'lacks_capacity')`),
    // Never "lacking" without an impairment and at least one of the four inabilities (s2(1), s3(1)).
    check(
      'capacity_assessments_lacking_has_grounds',
      sql`${t.outcome} <> 'lacks_capacity' or (${t.impairment} and ${t.inabilityBecauseOfImpairment} and (${t.unableToUnderstand} or ${t.unableToRetain} or ${t.unableToUseOrWeigh} or ${t.unableToCommunicate}))`,
    ),
  ],
);

/**
 * A best-interests decision (MCA 2005 s4) made for a person assessed as lacking capacity for that
 * decision: their wishes, feelings, beliefs and values, whose views were taken, the less
 * restrictive options considered (s1(6)), and what was decided.
 */
export const bestInterestsDecisions = pgTable(
  'best_interests_decisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    capacityAssessmentId: uuid()
      .notNull()
      .references(() => capacityAssessments.id),
    storyId: uuid().references(() => stories.id),
    enquiryId: uuid().references(() => safeguardingEnquiries.id),
    decisionArea: text().notNull(),
    decision: text().notNull(),
    decidedOn: date({ mode: 'string' }).notNull(),
    wishesAndFeelings: text().notNull().default(''),
    beliefsAndValues: text().notNull().default(''),
    consulted: jsonb()
      .$type<{ name: string; relationship: string; views: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    notConsultedReason: text().notNull().default(''),
    lessRestrictiveOptions: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    outcome: text().notNull(),
    decidedById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('best_interests_decisions_person_idx').on(t.personId, t.createdAt.desc(), t.id.desc()),
    index('best_interests_decisions_assessment_idx').on(t.capacityAssessmentId),
  ],
);
