import { signInThrottle, type Database, type DbOrTx } from '@threefold/db';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { AppProblem } from '../errors.js';

/** How long a key is held back after repeated failures: doubling from 30 seconds, capped at an hour. */
export function backoffSeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(3600, 30 * 2 ** (failures - freeFailures));
}

export function tooManyAttempts(wait: number, what: string): AppProblem {
  return new AppProblem(
    429,
    'rate_limited',
    'Too many attempts',
    `Too many ${what}. Try again in ${wait} seconds.`,
    undefined,
    { 'retry-after': String(wait) },
  );
}

/**
 * Failure counters with exponential back-off, shared by every API instance through the
 * database (`sign_in_throttle`). Only failures are counted, so a caller that does not fail is
 * never held back. Counts reset after a quiet quarter of an hour.
 */
export class FailureThrottle {
  constructor(private readonly db: Database) {}

  /** Seconds until the most held-back of these keys may try again (0: not held back). */
  async waitSeconds(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const rows = await this.db
      .select({ wait: sql<number>`ceil(extract(epoch from (${signInThrottle.blockedUntil} - now())))::int` })
      .from(signInThrottle)
      .where(inArray(signInThrottle.key, keys));
    return Math.max(0, ...rows.map((r) => Number(r.wait ?? 0)));
  }

  async refuseWhileHeldBack(keys: string[], what: string): Promise<void> {
    const wait = await this.waitSeconds(keys);
    if (wait > 0) throw tooManyAttempts(wait, what);
  }

  /** One more failure for a key; after `free` failures it is held back, doubling each time. */
  async recordFailure(key: string, free: number): Promise<void> {
    await this.db.execute(sql`
      insert into sign_in_throttle (key, failures, first_failure_at, blocked_until)
      values (${key}, 1, now(), case when 1 >= ${free} then now() + interval '30 seconds' end)
      on conflict (key) do update set
        failures = case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then 1 else sign_in_throttle.failures + 1 end,
        first_failure_at = case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then now() else sign_in_throttle.first_failure_at end,
        blocked_until = case
          when (case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then 1 else sign_in_throttle.failures + 1 end) >= ${free}
          then now() + make_interval(secs => least(3600, 30 * power(2, (case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then 1 else sign_in_throttle.failures + 1 end) - ${free})))
          else null end`);
  }

  async clear(key: string): Promise<void> {
    await this.db.delete(signInThrottle).where(eq(signInThrottle.key, key));
  }
}

/**
 * Forgets an account's sign-in failures from every address (its `pair:` keys), in the caller's
 * transaction: a password reset gives the colleague a clean start.
 */
export async function forgetSignInFailures(tx: DbOrTx, email: string): Promise<void> {
  await tx.delete(signInThrottle).where(like(signInThrottle.key, `pair:${email.toLowerCase()}|%`));
}
