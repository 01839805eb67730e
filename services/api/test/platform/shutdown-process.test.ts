import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/app.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

let database: TestDatabase;
let server: ServerProcess | undefined;
const lockers: pg.Client[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  server?.child.kill('SIGKILL');
  await Promise.all(lockers.map((l) => l.end().catch(() => {})));
  await database.drop();
});

describe('SIGTERM to the running server (DATABASE_URL set)', () => {
  it('answers the requests in flight, refuses new ones 503 problem+json with Retry-After, and exits 0', async () => {
    server = await startServerProcess({ DATABASE_URL: database.url, SHUTDOWN_DRAIN_MS: '1500' });
    const { base } = server;
    // The start command's last line: where the console is, and how to create the first administrator.
    for (let i = 0; i < 50 && !server.output().includes('admin:create'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(server.output().trim().split('\n').at(-1)).toMatch(
      /ready.*http:\/\/127\.0\.0\.1:\d+\/.*pnpm admin:create -- --email/,
    );
    // Hold readiness checks in flight: they read the migrations table, which this test locks.
    const locker = new pg.Client({ connectionString: database.url });
    locker.on('error', () => {});
    lockers.push(locker);
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table drizzle.__drizzle_migrations in access exclusive mode');
    const inFlight = Array.from({ length: 5 }, () =>
      fetch(`${base}/health/ready`).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        (error: unknown) => ({ status: 0, body: String(error) }),
      ),
    );
    const holdUntil = Date.now() + 60_000;
    let waiting = 0;
    while (waiting < 5 && Date.now() < holdUntil) {
      await new Promise((r) => setTimeout(r, 50));
      const { rows } = await locker.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      waiting = rows[0]!.n;
    }
    expect(waiting).toBe(5);

    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const refused = await fetch(`${base}/health/live`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    const answer = refused as Response;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.headers.get('retry-after')).toBeTruthy();
    expect(((await answer.json()) as { code: string }).code).toBe('shutting_down');

    await locker.query('commit');
    await locker.end();
    const answered = await Promise.all(inFlight);
    expect(answered.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 300_000);
});
