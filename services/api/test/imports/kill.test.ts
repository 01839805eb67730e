import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { csvOf, goodRow, importCalls, mosaicMapping } from './support.js';

// The API here only takes the upload and queues the commit: the commit runs in server processes of
// their own (src/server.ts, every worker), the first of which is killed with SIGKILL part-way.
const ROWS = 4000;
const BATCH = 20;
let ctx: TestContext;
let admin: SignedIn;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ config: { IMPORT_BATCH_SIZE: BATCH } });
  admin = await ctx.signedIn('practice_admin');
});
afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await ctx.close();
});

const { mapping, upload } = importCalls(
  () => ctx,
  () => admin,
  'people.csv',
);

async function worker(): Promise<ServerProcess> {
  const server = await startServerProcess({
    DATABASE_URL: ctx.database.url,
    IMPORT_BATCH_SIZE: String(BATCH),
    IMPORT_COMMIT_SWEEP_SECONDS: '1',
  });
  servers.push(server);
  return server;
}

async function jobRow(id: string) {
  const { rows } = await ctx.db.pool.query<{ status: string; committed: number; batches: number }>(
    'select status, committed_rows as committed, batches from import_jobs where id = $1',
    [id],
  );
  return rows[0]!;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 240_000) {
  for (const started = Date.now(); Date.now() - started < ms;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a commit whose worker is killed', () => {
  it('is finished by another worker with every row written once and every batch audited', async () => {
    const people = await mapping({ name: 'Mosaic people (kill)', ...mosaicMapping('mosaic-kill') });
    const rows = Array.from({ length: ROWS }, (_, i) => goodRow(10_000 + i));
    const uploaded = await upload(people.id, csvOf(rows));
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const id = uploaded.json().id as string;
    const queued = await ctx.call(admin, { method: 'POST', url: `/v1/imports/${id}/commit`, payload: {} }, 202);
    expect(queued.json()).toMatchObject({ status: 'committing', committedRows: 0 });

    const first = await worker();
    const before = await until(
      'the first batches',
      () => jobRow(id),
      (j) => j.committed > 0,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = await jobRow(id);
    expect(before.status).toBe('committing');
    expect(atKill.status).toBe('committing'); // killed part-way, not after the end
    expect(atKill.committed).toBeLessThan(ROWS);

    const second = await worker();
    const done = await until(
      'the commit to finish',
      () => jobRow(id),
      (j) => j.status === 'committed',
    );
    expect(done.committed).toBe(ROWS);

    // Every council id once, each naming one person, and no person twice by NHS number.
    const refs = await ctx.db.pool.query<{ refs: number; ids: number; people: number; nhs: number }>(
      `select count(*)::int as refs, count(distinct r.external_id)::int as ids, count(distinct p.id)::int as people,
              count(distinct p.nhs_number)::int as nhs
         from external_references r join people p on p.id = r.record_id
        where r.source = 'mosaic-kill' and r.kind = 'people'`,
    );
    expect(refs.rows[0]).toEqual({ refs: ROWS, ids: ROWS, people: ROWS, nhs: ROWS });
    const all = await ctx.db.pool.query<{ n: number }>(
      'select count(*)::int as n from people where nhs_number = any($1::text[])',
      [rows.map((r) => r.NHS_NO)],
    );
    expect(all.rows[0]!.n).toBe(ROWS);
    // One audit row a batch written (the killed worker's rolled-back batch left none), and the end audited once.
    const audits = await ctx.db.pool.query<{ action: string; n: number }>(
      `select action, count(*)::int as n from audit_events where resource_id = $1 and action in ('import.batch', 'import.commit')
        group by action order by action`,
      [id],
    );
    expect(audits.rows).toEqual([
      { action: 'import.batch', n: done.batches },
      { action: 'import.commit', n: 1 },
    ]);
    expect(done.batches).toBeGreaterThanOrEqual(ROWS / BATCH);
    const events = await ctx.db.pool.query<{ n: number }>(
      `select count(*)::int as n from outbox_events where subject_id = $1 and type = 'import.completed'`,
      [id],
    );
    expect(events.rows[0]!.n).toBe(1);

    second.child.kill('SIGTERM');
    await second.exited;
  }, 600_000);

  it('stopped (SIGTERM) part-way, finishes the batch in hand and exits; the next worker carries on from there', async () => {
    const people = await mapping({ name: 'Mosaic people (stop)', ...mosaicMapping('mosaic-stop') });
    const rows = Array.from({ length: ROWS }, (_, i) => goodRow(20_000 + i));
    const id = (await upload(people.id, csvOf(rows))).json().id as string;
    await ctx.call(admin, { method: 'POST', url: `/v1/imports/${id}/commit`, payload: {} }, 202);

    const first = await worker();
    await until(
      'the first batches',
      () => jobRow(id),
      (j) => j.committed > 0,
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const stopped = await jobRow(id);
    expect(stopped.status).toBe('committing');
    expect(stopped.committed).toBeLessThan(ROWS);
    expect(stopped.committed % BATCH).toBe(0); // whole batches only

    const second = await worker();
    const done = await until(
      'the commit to finish',
      () => jobRow(id),
      (j) => j.status === 'committed',
    );
    expect(done.committed).toBe(ROWS);
    const refs = await ctx.db.pool.query<{ n: number }>(
      `select count(distinct r.external_id)::int as n from external_references r join people p on p.id = r.record_id
        where r.source = 'mosaic-stop'`,
    );
    expect(refs.rows[0]!.n).toBe(ROWS);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 600_000);
});
