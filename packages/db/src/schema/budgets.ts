import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversations, stories } from './conversations.js';
import { eligibilityDeterminations } from './eligibility.js';
import { staffUsers, teams } from './identity.js';
import { people } from './people.js';

/** A support plan line as stored: what the domain's `PlanLine` is, plus the reference cost it came from. */
export interface StoredPlanLine {
  what: string;
  provider: 'organisation' | 'personal_assistant' | 'family' | 'community';
  providerName: string;
  paid: boolean;
  unitCostPence: number;
  unitCostId: string | null;
  unit: string;
  unitsPerWeek: number;
  frequency: 'weekly' | 'fortnightly' | 'four_weekly';
}

export interface StoredFundingSource {
  kind: 'council' | 'nhs' | 'person_contribution' | 'other_public';
  weeklyPence: number;
  description: string;
}

export interface StoredManagement {
  method: 'direct_payment' | 'council_managed' | 'individual_service_fund' | 'mixed';
  directPayment: { section: 's31' | 's32'; authorisedPerson: string | null; conditions: string[] } | null;
  parts: { method: 'direct_payment' | 'council_managed' | 'individual_service_fund'; weeklyPence: number }[];
}

/**
 * Weekly sign-off limits delegated to each role (administrator-maintained reference data). A
 * colleague's own limit on their account, when set, takes precedence.
 */
export const delegatedLimits = pgTable(
  'delegated_limits',
  {
    role: text().primaryKey(),
    weeklyLimitPence: integer().notNull(),
    updatedById: uuid().references(() => staffUsers.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('delegated_limits_amount_check', sql`${t.weeklyLimitPence} >= 0`)],
);

/**
 * A personal budget and its support plan (Care Act 2014 ss25–26), built in conversation 3 from
 * an eligibility determination's indicative figure. Plan lines, funding and how it is managed
 * change together under one version (If-Match); once signed off they are fixed.
 */
export const personalBudgets = pgTable(
  'personal_budgets',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    storyId: uuid()
      .notNull()
      .references(() => stories.id),
    teamId: uuid().references(() => teams.id),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id),
    /**
     * The determination the budget was built from; null for a budget imported from the council,
     * which agreed it under its own determination (none is invented here).
     */
    determinationId: uuid().references(() => eligibilityDeterminations.id),
    /** Copied from the determination when the budget was started: where the conversation began. */
    indicativeWeeklyPence: integer().notNull(),
    status: text({ enum: ['draft', 'awaiting_panel', 'signed_off'] })
      .notNull()
      .default('draft'),
    goodLife: text().notNull().default(''),
    planLines: jsonb()
      .$type<StoredPlanLine[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    fundingSources: jsonb()
      .$type<StoredFundingSource[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    management: jsonb().$type<StoredManagement>(),
    /** Weekly total of the plan lines, kept with them so lists and returns need not recompute. */
    weeklyTotalPence: integer().notNull().default(0),
    createdById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    referredAt: timestamp({ withTimezone: true }),
    referredById: uuid().references(() => staffUsers.id),
    panelDecision: text({ enum: ['approved', 'returned'] }),
    panelNote: text(),
    panelDecidedAt: timestamp({ withTimezone: true }),
    panelClientId: uuid(),
    signedOffAt: timestamp({ withTimezone: true }),
    /** The colleague who signed off; null when the council's panel approved it. */
    signedOffById: uuid().references(() => staffUsers.id),
    /** The weekly budget agreed at sign-off; a review may raise it, never lower it. */
    agreedWeeklyPence: integer(),
    liveOn: date({ mode: 'string' }),
    /** The advocacy test for preparing the plan (Care Act s67(3)(c); reg 4 cases). */
    advocacy: jsonb().$type<Record<string, unknown>>(),
    /**
     * The council system a live budget was imported from (the import's source): the council
     * agreed it, so it was never drafted, signed off or sent to panel here. Null for the practice's own.
     */
    importedFrom: text(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('personal_budgets_person_idx').on(t.personId, t.createdAt),
    index('personal_budgets_panel_idx')
      .on(t.referredAt, t.id)
      .where(sql`${t.status} = 'awaiting_panel'`),
    check('personal_budgets_amounts_check', sql`${t.weeklyTotalPence} >= 0 and ${t.indicativeWeeklyPence} >= 0`),
  ],
);

/** Reviews of a support plan (Care Act 2014 s27): planned (first at 6–8 weeks, then ≤ 12 months apart) or unplanned. */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    budgetId: uuid()
      .notNull()
      .references(() => personalBudgets.id),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    teamId: uuid().references(() => teams.id),
    kind: text({ enum: ['first', 'planned', 'unplanned'] }).notNull(),
    reason: text(),
    requestNote: text().notNull().default(''),
    dueFrom: date({ mode: 'string' }).notNull(),
    dueBy: date({ mode: 'string' }).notNull(),
    status: text({ enum: ['open', 'completed', 'cancelled'] })
      .notNull()
      .default('open'),
    /** Set once, when `review.due` was published for it. */
    dueNotifiedAt: timestamp({ withTimezone: true }),
    outcome: text({ enum: ['fully_met', 'partially_met', 'not_met'] }),
    notes: text().notNull().default(''),
    weeklyBeforePence: integer(),
    weeklyAfterPence: integer(),
    completedOn: date({ mode: 'string' }),
    completedAt: timestamp({ withTimezone: true }),
    completedById: uuid().references(() => staffUsers.id),
    nextReviewId: uuid(),
    /** The advocacy test for revising the plan (Care Act s67(3)(e); reg 4 cases). */
    advocacy: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('reviews_budget_idx').on(t.budgetId, t.dueFrom),
    // A person's completed reviews, newest first: their chronology's reviews.
    index('reviews_person_completed_idx')
      .on(t.personId, t.completedAt.desc(), t.id.desc())
      .where(sql`${t.completedAt} is not null`),
    index('reviews_team_open_idx')
      .on(t.teamId, t.dueBy, t.id)
      .where(sql`${t.status} = 'open'`),
    index('reviews_due_unnotified_idx')
      .on(t.dueFrom)
      .where(sql`${t.status} = 'open' and ${t.dueNotifiedAt} is null`),
    check('reviews_window_check', sql`${t.dueFrom} <= ${t.dueBy}`),
  ],
);
