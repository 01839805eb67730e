import type { RateDecision } from '../plugins/security.js';

interface Queryable {
  query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}

interface LocalBucket {
  perMinute: number;
  /** The shared balance as this instance last knew it, less what it has handed out since. */
  tokens: number;
  /** Monotonic ms when `tokens` was last brought up to date. */
  at: number;
  /** Tokens handed out here and not yet written to the shared bucket. */
  pending: number;
}

/** Below this many tokens (10 % of a minute's allowance, at least 5) every take is made in PostgreSQL. */
export const exactBelow = (perMinute: number) => Math.max(5, Math.ceil(perMinute * 0.1));

const refill = (p: string) => `least(${p}, b.tokens + extract(epoch from (now() - b.updated_at)) * ${p} / 60)`;

/**
 * One token from the caller's shared bucket, taken in PostgreSQL, after writing `owed` tokens this
 * instance already handed out. Returns the balance after (or, refused, the balance as it is).
 */
async function takeExact(
  db: Queryable,
  key: string,
  perMinute: number,
  owed: number,
): Promise<{ allowed: boolean; tokens: number }> {
  const taken = await db.query<{ tokens: number }>(
    `insert into rate_limit_buckets as b (key, tokens, updated_at) values ($1, $2::float8 - $3::float8 - 1, now())
     on conflict (key) do update set tokens = ${refill('$2::float8')} - $3::float8 - 1, updated_at = now()
      where ${refill('$2::float8')} - $3::float8 >= 1
     returning tokens`,
    [key, perMinute, owed],
  );
  if (taken.rows[0]) return { allowed: true, tokens: Number(taken.rows[0].tokens) };
  // Refused: nothing is taken. What was owed is still written (the balance may go below zero: a
  // debt that refills first); with nothing owed the bucket is only read.
  const current =
    owed > 0
      ? await db.query<{ tokens: number }>(
          `update rate_limit_buckets b set tokens = greatest(-$2::float8, ${refill('$2::float8')} - $3::float8),
                  updated_at = now()
            where key = $1 returning tokens`,
          [key, perMinute, owed],
        )
      : await db.query<{ tokens: number }>(
          `select ${refill('$2::float8')} as tokens from rate_limit_buckets b where key = $1`,
          [key, perMinute],
        );
  return { allowed: false, tokens: Number(current.rows[0]?.tokens ?? 0) };
}

/**
 * Per-caller token buckets (a minute's allowance, refilling continuously) shared by every instance
 * through `rate_limit_buckets`, without a write per request. Each instance answers from its own
 * copy of a caller's balance while that balance is comfortably above empty (`exactBelow`), and
 * writes the tokens it handed out to PostgreSQL every `flushMs` in one statement for all callers,
 * reading back the shared balance (other instances' spending included). Near empty — and the first
 * time it sees a caller — it takes each token in PostgreSQL, exactly as a single shared bucket would.
 *
 * Tolerance: with one instance the limit is exact. With N instances, a caller spending on all of
 * them at once can be let through by at most what each instance hands out above `exactBelow` within
 * one flush interval before the others' spending shows; the overdraft is written as a negative
 * balance that must refill before the caller is served again, so over any minute and beyond the
 * caller gets no more than the limit plus that one interval's overshoot. `flushMs = 0` takes every
 * token in PostgreSQL.
 */
export class BatchedRateLimiter {
  private readonly buckets = new Map<string, LocalBucket>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Queryable,
    readonly flushMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (flushMs > 0) {
      this.timer = setInterval(() => void this.flush().catch(() => undefined), flushMs);
      this.timer.unref();
    }
  }

  async take(key: string, perMinute: number): Promise<RateDecision> {
    const at = this.now();
    let bucket = this.buckets.get(key);
    if (bucket && bucket.perMinute === perMinute) {
      bucket.tokens = Math.min(perMinute, bucket.tokens + ((at - bucket.at) / 60_000) * perMinute);
      bucket.at = at;
      if (this.flushMs > 0 && bucket.tokens - 1 >= exactBelow(perMinute)) {
        bucket.tokens -= 1;
        bucket.pending += 1;
        return decision(true, bucket.tokens, perMinute);
      }
    }
    const owed = bucket?.pending ?? 0;
    if (bucket) bucket.pending -= owed;
    let result: { allowed: boolean; tokens: number };
    try {
      result = await takeExact(this.db, key, perMinute, owed);
    } catch (error) {
      if (bucket) bucket.pending += owed;
      throw error;
    }
    bucket = this.buckets.get(key);
    const pendingNow = bucket?.pending ?? 0;
    this.buckets.set(key, { perMinute, tokens: result.tokens - pendingNow, at: this.now(), pending: pendingNow });
    return decision(result.allowed, result.tokens, perMinute);
  }

  /** Writes every token handed out here since the last flush, in one statement, and reads back the shared balances. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const keys: string[] = [];
    const owed: number[] = [];
    const limits: number[] = [];
    const idleBefore = this.now() - 120_000;
    for (const [key, bucket] of this.buckets) {
      if (bucket.pending > 0) {
        keys.push(key);
        owed.push(bucket.pending);
        limits.push(bucket.perMinute);
        bucket.pending = 0;
      } else if (bucket.at < idleBefore) {
        this.buckets.delete(key);
      }
    }
    if (keys.length === 0) return;
    this.flushing = (async () => {
      try {
        const { rows } = await this.db.query<{ key: string; tokens: number }>(
          `update rate_limit_buckets b
              set tokens = greatest(-u.p, ${refill('u.p')} - u.t), updated_at = now()
             from unnest($1::text[], $2::float8[], $3::float8[]) as u(k, t, p)
            where b.key = u.k
           returning b.key, b.tokens`,
          [keys, owed, limits],
        );
        const at = this.now();
        for (const row of rows) {
          const bucket = this.buckets.get(row.key);
          if (bucket) Object.assign(bucket, { tokens: Number(row.tokens) - bucket.pending, at });
        }
      } catch (error) {
        // Not written: owed again, for the next flush.
        keys.forEach((key, i) => {
          const bucket = this.buckets.get(key);
          if (bucket) bucket.pending += owed[i]!;
        });
        throw error;
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  /** Stops the timer and writes what is owed. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing?.catch(() => undefined);
    await this.flush().catch(() => undefined);
  }
}

function decision(allowed: boolean, tokens: number, perMinute: number): RateDecision {
  const perToken = 60 / perMinute;
  if (allowed) {
    return {
      allowed: true,
      remaining: Math.max(0, Math.floor(tokens)),
      resetSeconds: Math.max(0, Math.ceil((perMinute - tokens) * perToken)),
      retryAfterSeconds: 0,
    };
  }
  const left = Math.max(-perMinute, tokens);
  return {
    allowed: false,
    remaining: 0,
    resetSeconds: Math.max(1, Math.ceil((perMinute - left) * perToken)),
    retryAfterSeconds: Math.max(1, Math.ceil((1 - left) * perToken)),
  };
}
