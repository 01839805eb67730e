import type { Database } from '@threefold/db';
import { insightsRepository as repo } from './repository.js';

/**
 * Rolls up to `maxDays` days into `insight_facts` (the facts of `facts-sql.ts`): days marked stale
 * by the triggers first, then days never rolled up, never a day younger than the lag. One
 * transaction: the stale marks are deleted first (waiting for any writer still holding one), so the
 * facts computed next see every change those marks stood for. Returns the days rolled, or `null`
 * when another instance holds the roll-up.
 */
export async function rollUpInsights(db: Database, maxDays = 31): Promise<string[] | null> {
  return db.transaction(async (tx) => {
    if (!(await repo.tryRollUpLock(tx))) return null;
    const days = [...new Set(await repo.daysToRollUp(tx, maxDays))].sort();
    if (days.length > 0) {
      await repo.forgetDays(tx, days);
      await repo.insertFacts(tx, days);
      await repo.markRolledUp(tx, days);
    }
    return days;
  });
}

/** Rolls up until nothing is left to roll (or another instance is rolling); returns the days rolled. */
export async function rollUpAllInsights(db: Database, maxDays = 31): Promise<number> {
  let total = 0;
  for (;;) {
    const days = await rollUpInsights(db, maxDays);
    if (!days || days.length === 0) return total;
    total += days.length;
  }
}
