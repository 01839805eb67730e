import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staffUsers } from './identity.js';
import { people } from './people.js';

/**
 * A warning note on a person: what a colleague must know before visiting or phoning (a risk to
 * staff, to others, to the person). Active until ended with a reason; looked at again by its
 * review date. What happened to it — added, reviewed, ended — is kept in `person_warning_events`.
 */
export const personWarnings = pgTable(
  'person_warnings',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    kind: text().notNull(),
    details: text().notNull(),
    reviewOn: date({ mode: 'string' }).notNull(),
    status: text({ enum: ['active', 'ended'] })
      .notNull()
      .default('active'),
    createdById: uuid()
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastReviewedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    endedById: uuid().references(() => staffUsers.id),
    endReason: text(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('person_warnings_person_idx').on(t.personId, t.createdAt.desc(), t.id.desc()),
    index('person_warnings_ended_idx')
      .on(t.personId, t.endedAt.desc(), t.id.desc())
      .where(sql`${t.endedAt} is not null`),
    check('person_warnings_kind', sql`${t.kind} in ('risk_to_staff', 'risk_to_others', 'risk_to_self', 'other')`),
    check(
      'person_warnings_ended',
      sql`(${t.status} = 'ended') = (${t.endedAt} is not null) and (${t.endedAt} is null) = (${t.endReason} is null)`,
    ),
  ],
);

/** A warning's history: who added, reviewed or ended it, when and why. Appended to, never changed. */
export const personWarningEvents = pgTable(
  'person_warning_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The order steps were taken in, even within one instant. */
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    warningId: uuid()
      .notNull()
      .references(() => personWarnings.id),
    kind: text({ enum: ['added', 'reviewed', 'ended'] }).notNull(),
    byId: uuid()
      .notNull()
      .references(() => staffUsers.id),
    at: timestamp({ withTimezone: true }).notNull(),
    note: text().notNull().default(''),
    /** The review date set by this step (added, or reviewed and kept). */
    reviewOn: date({ mode: 'string' }),
  },
  (t) => [index('person_warning_events_warning_idx').on(t.warningId, t.at)],
);
