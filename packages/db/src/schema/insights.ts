import { bigint, boolean, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The practice data dashboard's daily roll-up. Each row is a count (and, where money is involved,
 * an amount in pence) of one measure for one day and team: contacts by outcome, conversations
 * opened and concluded by kind, stories opened and the day each reached conversation 3 or
 * long-term support, each contact's journey (the day it reached each conversation and long-term
 * support), intensive plans by start and end, determinations and budgets. Facts are derived from
 * the records by the same SQL the dashboard runs live (`insights/facts.ts`), never typed in.
 *
 * - `day`: the day in England the fact belongs to (a contact's day for its journey, a story's day
 *   for its progress, a plan's first day);
 * - `on_day`: the later day something happened to it (reached a stage; a plan's last day), so a
 *   period can count only what had happened by its end;
 * - `whole`: the whole practice's row (summed over teams, `team_id` null), kept beside the teams'
 *   rows so the practice's dashboard reads a sixth of the rows.
 */
export const insightFacts = pgTable(
  'insight_facts',
  {
    day: date({ mode: 'string' }).notNull(),
    whole: boolean().notNull().default(false),
    teamId: uuid(),
    measure: text().notNull(),
    key: text(),
    onDay: date({ mode: 'string' }),
    n: integer().notNull(),
    amount: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [index('insight_facts_scope_idx').on(t.whole, t.teamId, t.day, t.measure, t.key, t.onDay, t.n, t.amount)],
);

/** The days whose facts are rolled up in `insight_facts` (a day not here is computed live). */
export const insightDays = pgTable('insight_days', {
  day: date({ mode: 'string' }).primaryKey(),
  rolledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Days whose records changed after they were rolled up, marked by triggers on the source tables
 * in the same transaction as the change: until the worker rolls them again they are computed live,
 * so the dashboard never shows a stale figure.
 */
export const insightStaleDays = pgTable('insight_stale_days', {
  day: date({ mode: 'string' }).primaryKey(),
  markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
