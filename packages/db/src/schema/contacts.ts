import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { teams } from './identity.js';
import { people } from './people.js';

/** The front door: someone got in touch, about a person, and what came of it. */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid().references(() => people.id),
    teamId: uuid().references(() => teams.id),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    channel: text().notNull(),
    madeBy: text().notNull(),
    routeOfAccess: text().notNull(),
    /** What matters to the person, in their own words. */
    whatMatters: text().notNull().default(''),
    notes: text().notNull().default(''),
    source: text({ enum: ['console', 'council_system', 'partner'] }).notNull(),
    createdByType: text().notNull(),
    createdById: text(),
    outcome: text(),
    outcomeReason: text(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedById: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contacts_occurred_idx').on(t.occurredAt, t.id),
    index('contacts_person_idx').on(t.personId, t.occurredAt),
    index('contacts_team_idx').on(t.teamId, t.occurredAt),
    index('contacts_open_idx')
      .on(t.occurredAt)
      .where(sql`${t.outcome} is null`),
  ],
);
