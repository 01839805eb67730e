import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchedRateLimiter, exactBelow } from '../../src/auth/rate-limiter.js';
import { createTestDatabase, type TestDatabase } from '../support/app.js';

/** A pool that counts the statements it is sent. */
function countingPool(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const texts: string[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const counted = {
    texts,
    end: () => pool.end(),
    query: <R extends object>(text: string, values: unknown[]) => {
      texts.push(text);
      return query(text, values) as unknown as Promise<{ rows: R[] }>;
    },
  };
  return counted;
}

describe('rate limits taken locally and written in batches', () => {
  let database: TestDatabase;
  let pool: ReturnType<typeof countingPool>;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = countingPool(database.url);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const tokensOf = async (key: string) =>
    Number(
      (await pool.query<{ tokens: number }>('select tokens from rate_limit_buckets where key = $1', [key])).rows[0]
        ?.tokens,
    );

  it('one instance: exactly a minute’s allowance, with few statements, the last tokens taken in the database', async () => {
    const limiter = new BatchedRateLimiter(pool, 600_000);
    const key = 'user:one-instance';
    const started = performance.now();
    pool.texts.length = 0;
    let allowed = 0;
    let statementsWhileAllowed = 0;
    for (let i = 0; i < 150; i++) {
      if ((await limiter.take(key, 100)).allowed) {
        allowed++;
        statementsWhileAllowed = pool.texts.length;
      }
    }
    const refilled = Math.ceil(((performance.now() - started) / 60_000) * 100);
    expect(allowed).toBeGreaterThanOrEqual(100);
    expect(allowed).toBeLessThanOrEqual(100 + refilled);
    // The first token and the last exactBelow(100) are taken in the database, the rest locally.
    expect(statementsWhileAllowed).toBeLessThanOrEqual(1 + exactBelow(100) + refilled + 1);
    const refused = await limiter.take(key, 100);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await limiter.stop();
  });

  it('a flush writes every caller’s tokens in one statement and learns the others’ spending', async () => {
    const one = new BatchedRateLimiter(pool, 600_000);
    const two = new BatchedRateLimiter(pool, 600_000);
    const started = performance.now();
    // What 1000 a minute refills meanwhile, by the time actually taken.
    const refilled = () => Math.ceil(((performance.now() - started) / 60_000) * 1000);
    for (const key of ['user:x', 'user:y']) {
      for (let i = 0; i < 11; i++) await one.take(key, 1000);
      for (let i = 0; i < 21; i++) await two.take(key, 1000);
    }
    pool.texts.length = 0;
    await one.flush();
    await two.flush();
    expect(pool.texts.length).toBe(2);
    // 32 taken from each bucket (a little refilled meanwhile: 1000 a minute).
    for (const key of ['user:x', 'user:y']) {
      expect(await tokensOf(key)).toBeLessThanOrEqual(1000 - 32 + refilled());
      expect(await tokensOf(key)).toBeGreaterThanOrEqual(1000 - 32);
    }
    // At its next flush `one` reads the shared balance, `two`'s spending included.
    await one.take('user:x', 1000);
    await one.flush();
    const next = await one.take('user:x', 1000);
    expect(next.remaining).toBeLessThanOrEqual(1000 - 34 + refilled());
    await one.stop();
    await two.stop();
  });

  it('two instances flushing as they go stay within one interval’s spending of the limit, and an overdraft is a debt', async () => {
    const one = new BatchedRateLimiter(pool, 600_000);
    const two = new BatchedRateLimiter(pool, 600_000);
    const key = 'client:two-instances';
    const perMinute = 200;
    const started = performance.now();
    let allowed = 0;
    // Each round is one flush interval: five requests on each instance, then both flush.
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < 5; i++) {
        if ((await one.take(key, perMinute)).allowed) allowed++;
        if ((await two.take(key, perMinute)).allowed) allowed++;
      }
      await one.flush();
      await two.flush();
    }
    const refilled = Math.ceil(((performance.now() - started) / 60_000) * perMinute);
    expect(allowed).toBeGreaterThanOrEqual(perMinute);
    // At most what one instance handed out in one interval beyond the limit.
    expect(allowed).toBeLessThanOrEqual(perMinute + refilled + 5);
    expect(await tokensOf(key)).toBeLessThan(1);

    // Without flushing, both spend from the same remembered balance: the overshoot is written as a debt.
    const key2 = 'client:debt';
    await one.take(key2, perMinute);
    await two.take(key2, perMinute);
    let both = 2;
    for (let i = 0; i < 150; i++) {
      if ((await one.take(key2, perMinute)).allowed) both++;
      if ((await two.take(key2, perMinute)).allowed) both++;
    }
    await one.flush();
    await two.flush();
    const debt = await tokensOf(key2);
    expect(both).toBeGreaterThan(perMinute);
    expect(debt).toBeLessThan(0);
    // Each instance learns the shared balance at its next flush (one interval later) and from then
    // refuses until the debt has refilled.
    await one.take(key2, perMinute);
    await two.take(key2, perMinute);
    await one.flush();
    await two.flush();
    const refused = await one.take(key2, perMinute);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(Math.floor(((1 - debt) * 60) / perMinute) - 1);
    expect((await two.take(key2, perMinute)).allowed).toBe(false);
    await one.stop();
    await two.stop();
  });
});
