import { createDbClient, type DbClient } from '@threefold/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openRequestTransaction, withRequestScope } from '../../src/platform/request-transaction.js';
import { buildScenario } from '../insights/scenario.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestContext, uniqueName, type Caller, type TestContext } from '../support/factories.js';

/**
 * `DATABASE_REPLICA_URL`: practice data, the returns and search read from the replica's pool;
 * writes, audit rows and the duplicate check stay on the primary. The "replica" here is the test's
 * own database behind a second, read-only pool that records every statement it is sent, so the
 * routing is proved without a real standby (a write sent to it would fail: read-only transactions).
 */
const sent: string[] = [];
function recordingReplica(url: string): DbClient {
  const client = createDbClient({ connectionString: url, max: 3, role: 'threefold_app', readOnly: true });
  client.pool.on('connect', (connection) => {
    const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
    (connection as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string; cursor?: unknown } | undefined;
      sent.push(typeof first === 'string' ? first : (first?.text ?? (first ? 'copy' : '')));
      return query(...args);
    };
  });
  return client;
}
const sentAny = (pattern: RegExp) => sent.some((text) => pattern.test(text));

let ctx: TestContext;
let practitioner: Caller;
let admin: Caller;
let council: Caller;
let person: { id: string };

beforeAll(async () => {
  ctx = await createTestContext({ replica: recordingReplica });
  await buildScenario(ctx.db);
  practitioner = await ctx.signedIn('practitioner');
  admin = await ctx.signedIn('practice_admin');
  council = await ctx.council(['returns:read', 'people:read']);
  person = await ctx.newPerson({ givenName: 'Replicata', familyName: 'Readaway', dateOfBirth: '1950-02-03' });
});
afterAll(() => ctx.close());
beforeEach(() => {
  sent.length = 0;
});

const audited = async (action: string) =>
  Number(
    (await ctx.db.pool.query<{ n: number }>('select count(*) as n from audit_events where action = $1', [action]))
      .rows[0]!.n,
  );

describe('with DATABASE_REPLICA_URL set', () => {
  it('reads the practice data from the replica', async () => {
    const res = await ctx.call(
      practitioner,
      { method: 'GET', url: '/v1/insights/practice?from=2026-06-01&to=2026-06-07' },
      200,
    );
    expect(res.json().period.days).toBe(7);
    expect(sentAny(/repeatable read/i)).toBe(true);
    expect(sentAny(/insight_facts/)).toBe(true);
  });

  it('streams Client Level Data from the replica and writes its audit row on the primary', async () => {
    const before = await audited('returns.client_level_data');
    const res = await ctx.call(
      council,
      { method: 'GET', url: '/v1/returns/client-level-data?from=2026-06-01&to=2026-06-07' },
      200,
    );
    expect(res.body.split('\n')[0]).toMatch(/^LA_Code,/);
    expect(sentAny(/^copy \(/)).toBe(true);
    expect(sentAny(/audit_events/)).toBe(false);
    expect(await audited('returns.client_level_data')).toBe(before + 1);
  });

  it('counts the Safeguarding Adults Collection and the data quality report on the replica, auditing on the primary', async () => {
    await ctx.call(council, { method: 'GET', url: '/v1/returns/safeguarding-adults?year=2026' }, 200);
    expect(sentAny(/safeguarding/)).toBe(true);
    sent.length = 0;
    const before = await audited('returns.data_quality.read');
    const res = await ctx.call(admin, { method: 'GET', url: '/v1/returns/data-quality?limit=50' }, 200);
    expect(sentAny(/from people/)).toBe(true);
    expect(sentAny(/audit_events/)).toBe(false);
    const listed = res.json().items.length as number;
    expect(listed).toBeGreaterThan(0);
    expect(await audited('returns.data_quality.read')).toBe(before + listed);
  });

  it('searches people on the replica; the search’s audit row and a client’s disclosures go to the primary', async () => {
    const before = await audited('person.search');
    const res = await ctx.call(council, { method: 'GET', url: '/v1/people?q=Replicata%20Readaway' }, 200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toContain(person.id);
    expect(sentAny(/people/)).toBe(true);
    expect(sentAny(/audit_events|data_disclosures|disclosure/)).toBe(false);
    expect(await audited('person.search')).toBe(before + 1);
    const { rows } = await ctx.db.pool.query('select 1 from disclosures where person_id = $1', [person.id]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('keeps writes and the duplicate check that guards them on the primary', async () => {
    const payload = { givenName: uniqueName('Given'), familyName: uniqueName('Family'), dateOfBirth: '1961-07-08' };
    await ctx.call(practitioner, { method: 'POST', url: '/v1/people', payload }, 201);
    const again = await ctx.call(practitioner, { method: 'POST', url: '/v1/people', payload }, 409);
    expect(again.json().code).toBe('possible_duplicate');
    await ctx.call(practitioner, { method: 'GET', url: `/v1/people/${person.id}` }, 200);
    expect(sent).toEqual([]);
  });

  it('reads back, on the primary, what a request has written in its own transaction', async () => {
    const name = uniqueName('Team');
    const seen = await new Promise<{ inserted: string; read: unknown[] }>((resolve, reject) =>
      withRequestScope(() => {
        void (async () => {
          const rt = await openRequestTransaction(ctx.app.dbClient.db, 10);
          const inserted = await ctx.app.dbClient.db.execute<{ id: string }>(
            sql`insert into teams (name) values (${name}) returning id`,
          );
          const read = await ctx.app.readDbClient.db.execute(sql`select name from teams where name = ${name}`);
          await rt.finish(null);
          return { inserted: inserted.rows[0]!.id, read: read.rows };
        })().then(resolve, reject);
      }),
    );
    expect(seen.read).toEqual([{ name }]);
    expect(sent).toEqual([]);
  });

  it('gives the replica read-only transactions, so a write sent there fails rather than land', async () => {
    const error = await ctx.app.readDbClient.db
      .execute(sql`insert into teams (name) values ('never')`)
      .catch((e: Error) => e);
    expect(String((error as Error & { cause?: unknown }).cause)).toMatch(/read-only transaction/);
  });

  it('reports the replica and its lag in readiness, without letting it decide readiness', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', replica: 'ok' },
      // The test's "replica" is a primary: not in recovery, so it has no replay lag.
      replica: { inRecovery: false, lagSeconds: null },
    });
  });
});

describe('a replica that does not answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      replica: () => createDbClient({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1, readOnly: true }),
    });
  });
  afterAll(() => t.close());

  it('is failing in readiness while the instance stays ready for everything else', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      checks: { replica: 'failing' },
      replica: { inRecovery: null, lagSeconds: null },
    });
  });
});

describe('without DATABASE_REPLICA_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { DATABASE_REPLICA_URL: undefined }, replica: undefined });
  });
  afterAll(() => t.close());

  it('reads everything from the primary and says nothing of a replica', async () => {
    if (process.env.TEST_DATABASE_REPLICA === 'same') return; // the whole run has a "replica"
    expect(t.app.readDbClient).toBe(t.app.dbClient);
    expect(t.app.hasReplica).toBe(false);
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.json().checks).toEqual({ database: 'ok', migrations: 'ok' });
    expect(res.json()).not.toHaveProperty('replica');
  });
});
