import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { stories } from './conversations.js';
import { staffUsers, teams } from './identity.js';
import { people } from './people.js';

/**
 * Tasks and reminders: for a colleague, a team or both, due on a day, optionally about a person and
 * one of their stories. Written by colleagues (`manual`) or made once by the practice's clocks —
 * conversation 2 touchpoints, reviews, safeguarding decisions — each keyed by `sourceKey` so a
 * clock never makes the same task twice.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    details: text().notNull().default(''),
    dueOn: date({ mode: 'string' }).notNull(),
    assigneeId: uuid().references(() => staffUsers.id),
    teamId: uuid().references(() => teams.id),
    personId: uuid().references(() => people.id),
    storyId: uuid().references(() => stories.id),
    status: text({ enum: ['open', 'done', 'cancelled'] })
      .notNull()
      .default('open'),
    source: text({ enum: ['manual', 'touchpoint', 'review', 'safeguarding_clock'] })
      .notNull()
      .default('manual'),
    /** For automatic tasks: what made it (`review:<id>:<due day>`); unique, so it is made once. */
    sourceKey: text(),
    /** The colleague who wrote it; null when a clock made it. */
    createdById: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    /** When and by whom it was done or cancelled (null by: closed by its clock). */
    closedAt: timestamp({ withTimezone: true }),
    closedById: uuid().references(() => staffUsers.id),
    /** Set once, when `task.overdue` was published for it. */
    overdueNotifiedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('tasks_source_key_uq').on(t.sourceKey),
    index('tasks_assignee_open_idx')
      .on(t.assigneeId, t.dueOn, t.id)
      .where(sql`${t.status} = 'open'`),
    index('tasks_team_open_idx')
      .on(t.teamId, t.dueOn, t.id)
      .where(sql`${t.status} = 'open'`),
    index('tasks_person_idx').on(t.personId, t.dueOn, t.id),
    // The clocks close their open tasks once the review is done or the decision made.
    index('tasks_automatic_open_idx')
      .on(t.source, t.id)
      .where(sql`${t.status} = 'open' and ${t.source} <> 'manual'`),
    index('tasks_overdue_unnotified_idx')
      .on(t.dueOn)
      .where(sql`${t.status} = 'open' and ${t.overdueNotifiedAt} is null`),
    check(
      'tasks_for_someone',
      sql`${t.assigneeId} is not null or ${t.teamId} is not null or ${t.source} = 'safeguarding_clock'`,
    ),
    check('tasks_closed_when', sql`(${t.status} = 'open') = (${t.closedAt} is null)`),
    check('tasks_source_key', sql`(${t.source} = 'manual') = (${t.sourceKey} is null)`),
  ],
);
