import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { conversations, stories } from './conversations.js';
import { staffUsers } from './identity.js';
import { people } from './people.js';

/** One row of the resource allocation table: an eligible need and the points it carries. */
export interface RasRow {
  /** Whose need: an adult's outcome or a carer's. */
  kind: 'adult' | 'carer';
  /** The outcome (or, for carers, `health-deteriorating`) the points are for. */
  need: string;
  points: number;
}

/**
 * The resource allocation table (RAS) as the practice administrators maintain it. Each change is
 * a new version: old versions are never updated, so a determination can always say which table
 * (and which figures) its indicative budget came from.
 */
export const rasVersions = pgTable(
  'ras_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    version: integer().notNull(),
    rows: jsonb().$type<RasRow[]>().notNull(),
    /** Points turn into money at this rate: indicative weekly budget = points × pence per point. */
    pencePerPoint: integer().notNull(),
    /** An indicative budget above this is capped (still only indicative; panel decides above limits). */
    maximumWeeklyPence: integer(),
    note: text().notNull().default(''),
    createdById: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ras_versions_version_key').on(t.version),
    check('ras_versions_pence_per_point_check', sql`${t.pencePerPoint} >= 0`),
    check('ras_versions_maximum_check', sql`${t.maximumWeeklyPence} is null or ${t.maximumWeeklyPence} >= 0`),
  ],
);

/** Reference unit costs for support plan lines (home care hour, day opportunity, PA hour...). */
export const unitCosts = pgTable(
  'unit_costs',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** What one unit is: hour, day, session, week, night, item. */
    unit: text().notNull(),
    costPence: integer().notNull(),
    notes: text().notNull().default(''),
    /** Retired costs stay so that plan lines built on them keep their meaning. */
    retiredAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('unit_costs_name_key')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.retiredAt} is null`),
    check('unit_costs_cost_check', sql`${t.costPence} >= 0`),
  ],
);

/**
 * An eligibility determination (Care and Support (Eligibility Criteria) Regulations 2015): a pure
 * function of its inputs, stored with them, the decision, the reasons in plain words and the
 * indicative budget the resource allocation table gave at the time.
 */
export const eligibilityDeterminations = pgTable(
  'eligibility_determinations',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The person the determination is about: the adult, or the carer. */
    personId: uuid()
      .notNull()
      .references(() => people.id),
    kind: text({ enum: ['adult', 'carer'] }).notNull(),
    /** For a carer: the adult they care for. */
    caredForPersonId: uuid().references(() => people.id),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id),
    decidedById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Everything the decision was made from, exactly as entered. */
    inputs: jsonb().$type<Record<string, unknown>>().notNull(),
    eligible: boolean().notNull(),
    /** Each criterion, met or not, with its reason in plain words. */
    reasons: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The outcomes (needs) the person is unable to achieve: the needs the budget is for. */
    eligibleNeeds: jsonb().$type<string[]>().notNull(),
    /** Fluctuating needs: the period the decision looked at. */
    periodFrom: date({ mode: 'string' }),
    periodTo: date({ mode: 'string' }),
    rasVersionId: uuid().references(() => rasVersions.id),
    rasVersion: integer(),
    /** Integer pence a week; null when not eligible. Indicative only, not an entitlement. */
    indicativeWeeklyPence: integer(),
    derivation: jsonb().$type<Record<string, unknown>>(),
    /** The advocacy test as it stood at the determination (Care Act s67; reg 4 cases). */
    advocacy: jsonb().$type<Record<string, unknown>>(),
    /**
     * Ordinary residence (Care Act 2014 s13(3)(c), s39): the council responsible for meeting the
     * needs, on what basis, and whether another council disputes it.
     */
    ordinaryResidenceCouncil: text(),
    ordinaryResidenceBasis: text(),
    ordinaryResidenceDisputed: boolean().notNull().default(false),
    ordinaryResidenceNote: text().notNull().default(''),
  },
  (t) => [
    index('eligibility_determinations_person_idx').on(t.personId, t.decidedAt),
    index('eligibility_determinations_cared_for_idx')
      .on(t.caredForPersonId)
      .where(sql`${t.caredForPersonId} is not null`),
    index('eligibility_determinations_conversation_idx').on(t.conversationId),
    check('eligibility_determinations_carer_check', sql`(${t.kind} = 'carer') = (${t.caredForPersonId} is not null)`),
    check(
      'eligibility_determinations_budget_check',
      sql`${t.indicativeWeeklyPence} is null or ${t.indicativeWeeklyPence} >= 0`,
    ),
  ],
);
