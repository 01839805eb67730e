import { createDbClient, type DbClient } from '@threefold/db';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ExpiringLru, LISTENER_NAME } from '../../src/auth/principal-cache.js';
import { createTestApp, testConfig, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor } from '../support/auth.js';

describe('ExpiringLru', () => {
  it('forgets an entry after its time, the least recently used past its size, and by owner', () => {
    let now = 0;
    const lru = new ExpiringLru<number>(2, 1000, () => now);
    lru.set('a', 'user:1', 1);
    lru.set('b', 'user:2', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 'user:1', 3); // evicts b
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('c')).toBe(3);
    lru.forgetOwner('user:1');
    expect(lru.size).toBe(0);
    lru.set('d', 'user:3', 4, 100); // a shorter life than the cache's
    now = 99;
    expect(lru.get('d')).toBe(4);
    now = 100;
    expect(lru.get('d')).toBeUndefined();
    lru.set('e', 'user:3', 5);
    now = 1099;
    expect(lru.get('e')).toBe(5);
    now = 1100;
    expect(lru.get('e')).toBeUndefined();
  });

  it('keeps nothing when its time or size is zero', () => {
    const off = new ExpiringLru<number>(0, 1000);
    off.set('a', 'user:1', 1);
    expect(off.get('a')).toBeUndefined();
  });
});

/** Two API instances on one database, as behind a load balancer. */
describe('session and client checks cached across two instances', () => {
  let a: TestApp;
  let bDb: DbClient;
  let b: FastifyInstance;
  /** Statements app B sends, by text. */
  const sent: string[] = [];
  const values: unknown[][] = [];

  beforeAll(async () => {
    a = await createTestApp({ config: { RATE_LIMIT_FLUSH_MS: 600_000 } });
    const config = testConfig({ DATABASE_URL: a.database.url, RATE_LIMIT_FLUSH_MS: 600_000 });
    bDb = createDbClient({ connectionString: a.database.url, max: 3, role: config.DB_APP_ROLE || null });
    const query = bDb.pool.query.bind(bDb.pool) as (...args: unknown[]) => unknown;
    (bDb.pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''));
      values.push(Array.isArray(args[1]) ? (args[1] as unknown[]) : []);
      return query(...args);
    };
    b = await buildApp({ logger: false, config, db: bDb });
    await b.ready();
  });

  afterAll(async () => {
    await b?.close();
    await bDb?.close();
    await a?.close();
  });

  const sessionReads = () => sent.filter((s) => s.includes('from sessions s join staff_users u')).length;
  const writes = () => sent.filter((s) => /^\s*(insert|update|delete)\b/i.test(s)).length;
  /** Raw SQL on another connection: only the trigger's notification can tell B about it. */
  const behindTheirBacks = (text: string, values: unknown[]) => a.db.pool.query(text, values);

  it('answers repeated reads without reading the session again and without writing anything', async () => {
    const colleague = await signInAs(a.app, a.db, { roles: ['practitioner'] });
    const get = () => b.inject({ method: 'GET', url: '/v1/auth/session', headers: colleague.headers });
    // B starts listening at its first request.
    expect(b.principalInvalidation.listening).toBe(false);
    expect((await get()).statusCode).toBe(200);
    expect(b.principalInvalidation.listening).toBe(true);
    const readsBefore = sessionReads();
    const writesBefore = writes();
    for (let i = 0; i < 20; i++) expect((await get()).statusCode).toBe(200);
    expect(sessionReads()).toBe(readsBefore);
    expect(writes()).toBe(writesBefore);
    // The tokens handed out are written in one statement when B flushes, and the shared bucket shows them.
    await b.rateLimiter.flush();
    expect(writes()).toBe(writesBefore + 1);
    expect(values.at(-1)).toEqual([[`user:${colleague.user.id}`], [20], [a.config.USER_RATE_LIMIT_PER_MINUTE]]);
    const bucket = await a.db.pool.query<{ tokens: number }>(`select tokens from rate_limit_buckets where key = $1`, [
      `user:${colleague.user.id}`,
    ]);
    // 21 taken (the first in the database), less what refilled meanwhile at 20 a second.
    expect(Number(bucket.rows[0]!.tokens)).toBeLessThanOrEqual(a.config.USER_RATE_LIMIT_PER_MINUTE - 20);
  });

  it('ends a session on every instance when it is deleted, and when its account is disabled', async () => {
    const one = await signInAs(a.app, a.db, { roles: ['practitioner'] });
    const two = await signInAs(a.app, a.db, { roles: ['practitioner'] });
    const get = (who: typeof one) => b.inject({ method: 'GET', url: '/v1/auth/session', headers: who.headers });
    expect((await get(one)).statusCode).toBe(200);
    expect((await get(two)).statusCode).toBe(200);
    await behindTheirBacks('delete from sessions where user_id = $1', [one.user.id]);
    await behindTheirBacks('update staff_users set disabled_at = now() where id = $1', [two.user.id]);
    await b.principalInvalidation.settled();
    expect((await get(one)).statusCode).toBe(401);
    expect((await get(two)).statusCode).toBe(401);
  });

  it('applies a change of roles on every instance', async () => {
    const colleague = await signInAs(a.app, a.db, { roles: ['practitioner'] });
    const list = () => b.inject({ method: 'GET', url: '/v1/admin/users', headers: colleague.headers });
    expect((await list()).statusCode).toBe(403);
    await behindTheirBacks(`update staff_users set roles = '{practice_admin}' where id = $1`, [colleague.user.id]);
    await b.principalInvalidation.settled();
    expect((await list()).statusCode).toBe(200);
  });

  it('signing out on one instance ends the session on the other', async () => {
    const colleague = await signInAs(a.app, a.db, { roles: ['practitioner'] });
    const get = () => b.inject({ method: 'GET', url: '/v1/auth/session', headers: colleague.headers });
    expect((await get()).statusCode).toBe(200);
    const out = await a.app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: colleague.headers });
    expect(out.statusCode).toBe(204);
    await b.principalInvalidation.settled();
    expect((await get()).statusCode).toBe(401);
  });

  it('keeps a client for its token’s life, and drops it when the client is disabled or loses a scope', async () => {
    const client = await createMachineClient(a.db, { kind: 'council', scopes: ['contacts:read'] });
    const { headers } = await tokenFor(a.app, client);
    const get = () => b.inject({ method: 'GET', url: '/v1/contacts', headers });
    expect((await get()).statusCode).toBe(200);
    const clientReads = () => sent.filter((s) => s.includes('"machine_clients"')).length;
    const before = clientReads();
    expect((await get()).statusCode).toBe(200);
    expect(clientReads()).toBe(before);
    await behindTheirBacks(`update machine_clients set scopes = '{}' where id = $1`, [client.id]);
    await b.principalInvalidation.settled();
    expect((await get()).statusCode).toBe(403);
    await behindTheirBacks(`update machine_clients set scopes = '{contacts:read}', disabled_at = now() where id = $1`, [
      client.id,
    ]);
    await b.principalInvalidation.settled();
    expect((await get()).statusCode).toBe(401);
  });

  it('reads the database on every request while it cannot listen, and caches again once it can', async () => {
    const colleague = await signInAs(a.app, a.db, { roles: ['practitioner'] });
    const get = () => b.inject({ method: 'GET', url: '/v1/auth/session', headers: colleague.headers });
    expect((await get()).statusCode).toBe(200);
    const waitListening = async (listening: boolean, tries: number, ms: number) => {
      for (let i = 0; i < tries && b.principalInvalidation.listening !== listening; i++)
        await new Promise((r) => setTimeout(r, ms));
      expect(b.principalInvalidation.listening).toBe(listening);
    };
    // Cut B's listening connection from the server side, and read twice while it is away. It
    // reconnects 250 ms later, so on a busy machine the two reads may straddle that: then cut again.
    let readsWhileAway: number | undefined;
    for (let attempt = 0; attempt < 5 && readsWhileAway === undefined; attempt++) {
      const admin = new pg.Client({ connectionString: a.database.url });
      await admin.connect();
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1`,
        [LISTENER_NAME],
      );
      await admin.end();
      await waitListening(false, 100, 10);
      const before = sessionReads();
      expect((await get()).statusCode).toBe(200);
      expect((await get()).statusCode).toBe(200);
      // Still away after both: it was away for both (it comes back once per cut).
      if (!b.principalInvalidation.listening) readsWhileAway = sessionReads() - before;
      else await waitListening(true, 300, 20);
    }
    expect(readsWhileAway).toBe(2);
    await waitListening(true, 300, 20);
    expect((await get()).statusCode).toBe(200);
    const after = sessionReads();
    expect((await get()).statusCode).toBe(200);
    expect(sessionReads()).toBe(after);
  });
});
