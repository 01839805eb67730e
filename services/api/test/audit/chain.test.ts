import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditChainer } from '../../src/audit/chainer.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { AuditWriter } from '../../src/audit/writer.js';
import { createTestApp, createTestDatabase, type TestApp } from '../support/app.js';
import { appSession, chainPositionOf, chainUntil, chainerFor, event, superuser } from './support.js';

/**
 * Each test gets its own database: the chain is one per database, and these tests tamper with it.
 */
let t: TestApp;
let chainer: AuditChainer;
const sessions: pg.Client[] = [];

async function fresh(): Promise<void> {
  t = await createTestApp({
    extend(app) {
      app.get('/test/people/:id', async (request) => {
        const { id } = request.params as { id: string };
        await request.audit({ action: 'person.read', resourceType: 'person', resourceId: id, personId: id });
        return { id };
      });
    },
  });
  chainer = await chainerFor(t);
}

async function session(kind: 'superuser' | 'app'): Promise<pg.Client> {
  const client = kind === 'superuser' ? await superuser(t) : await appSession(t);
  sessions.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.end().catch(() => {})));
  await chainer?.stop();
  await t?.close();
});

/** As a superuser with triggers off: the only way to change the trail, and what verify must catch. */
async function tamper(sql: string, values: unknown[]): Promise<void> {
  const admin = await session('superuser');
  await admin.query('set session_replication_role = replica');
  const result = await admin.query(sql, values);
  expect(result.rowCount).toBe(1);
}

async function recordMany(n: number): Promise<void> {
  const writer = new AuditWriter(t.db.pool);
  await Promise.all(Array.from({ length: n }, (_, i) => writer.record(event({ requestId: `seed-${i}` }))));
}

// Each test builds its own app and database: allow for a loaded CI machine.
describe('the hash chain', { timeout: 120_000 }, () => {
  it('chains 10,000 audited requests made 200 at a time, and verifies', async () => {
    await fresh();
    const people = Array.from({ length: 50 }, () => randomUUID());
    for (let start = 0; start < 10_000; start += 200) {
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          t.app.inject({ method: 'GET', url: `/test/people/${people[(start + i) % people.length]}` }),
        ),
      );
      expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    }
    expect(await chainUntil(chainer, 10_000)).toBe(10_000);
    const report = await verifyAuditChain(t.db.pool);
    expect(report).toMatchObject({ ok: true, count: 10_000, firstBroken: null, broken: [] });
    expect(report.unchained.count).toBe(0);
    // Chained in seq order when nothing committed out of order.
    const { rows } = await t.db.pool.query('select count(*)::int as n from audit_chain where position <> seq');
    expect(rows[0].n).toBe(0);
  }, 120_000);

  it('reports exactly the chain position of an event edited by hand', async () => {
    await fresh();
    await recordMany(500);
    await chainUntil(chainer, 500);
    const { rows } = await t.db.pool.query('select seq from audit_events order by seq offset 321 limit 1');
    const seq = Number(rows[0].seq);
    const position = await chainPositionOf(t, seq);

    await tamper(`update audit_events set action = 'person.list' where seq = $1`, [seq]);

    const report = await verifyAuditChain(t.db.pool);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ position, seq, kind: 'hash_mismatch' });
    expect(report.broken).toHaveLength(1);
  });

  it('notices an edit to a single microsecond of the time', async () => {
    await fresh();
    await recordMany(20);
    await chainUntil(chainer, 20);
    const seq = 7;
    await tamper(`update audit_events set occurred_at = occurred_at + interval '1 microsecond' where seq = $1`, [seq]);
    const report = await verifyAuditChain(t.db.pool);
    expect(report.firstBroken).toMatchObject({ position: await chainPositionOf(t, seq), kind: 'hash_mismatch' });
  });

  it('reports a deleted event at its chain position, and a deleted chain entry at its own', async () => {
    await fresh();
    await recordMany(300);
    await chainUntil(chainer, 300);
    const deletedSeq = 120;
    const deletedPosition = await chainPositionOf(t, deletedSeq);
    await tamper('delete from audit_events where seq = $1', [deletedSeq]);

    let report = await verifyAuditChain(t.db.pool);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ position: deletedPosition, seq: deletedSeq, kind: 'event_missing' });

    await tamper('delete from audit_chain where position = $1', [250]);
    report = await verifyAuditChain(t.db.pool);
    expect(report.firstBroken).toMatchObject({ position: deletedPosition, kind: 'event_missing' });
    expect(report.broken.map((b) => [b.position, b.kind])).toEqual([
      [deletedPosition, 'event_missing'],
      [250, 'position_missing'],
      // The entry after the gap was hashed on the deleted one's hash.
      [251, 'hash_mismatch'],
    ]);
  });

  it('reports events older than a minute that were never chained', async () => {
    await fresh();
    await recordMany(10);
    await chainUntil(chainer, 10);
    // Inserted around the writer and the chainer, as if the chainer had been bypassed.
    const admin = await session('superuser');
    const { rows } = await admin.query(
      `insert into audit_events (occurred_at, actor_type, action, resource_type, outcome)
       values (now() - interval '2 minutes', 'system', 'person.read', 'person', 'allowed') returning seq`,
    );
    const report = await verifyAuditChain(t.db.pool);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toBeNull();
    expect(report.unchained).toMatchObject({ count: 1, oldestSeq: Number(rows[0].seq) });

    // A recent unchained event is the chainer's normal lag, not a fault.
    await new AuditWriter(t.db.pool).record(event());
    await chainUntil(chainer, 1);
    expect((await verifyAuditChain(t.db.pool)).ok).toBe(true);
  });

  it('chains only settled transactions, so events that commit out of seq order are appended when they settle', async () => {
    await fresh();
    const writer = new AuditWriter(t.db.pool);
    await writer.record(event({ requestId: 'before' }));
    const early = await session('app');
    const late = await session('app');

    // `early` takes its transaction id first; `late` inserts first (lower seq) and commits last.
    await early.query('begin');
    await early.query('select txid_current()');
    await late.query('begin');
    await late.query(
      `insert into audit_events (actor_type, action, resource_type, outcome, request_id)
       values ('system', 'person.update', 'person', 'allowed', 'late') `,
    );
    await early.query(
      `insert into audit_events (actor_type, action, resource_type, outcome, request_id)
       values ('system', 'person.update', 'person', 'allowed', 'early')`,
    );
    await early.query('commit');
    const seqOf = async (requestId: string) =>
      Number((await t.db.pool.query('select seq from audit_events where request_id = $1', [requestId])).rows[0].seq);
    const earlySeq = await seqOf('early');

    // `late` is still running: it holds the horizon, so nothing from it (or after it) is chained yet.
    expect(await chainUntil(chainer, 2)).toBe(2);
    expect(await chainer.chainPending()).toBe(0);
    await late.query('commit');
    const lateSeq = await seqOf('late');
    expect(lateSeq).toBeLessThan(earlySeq);
    expect(await chainUntil(chainer, 1)).toBe(1);

    expect(await chainPositionOf(t, earlySeq)).toBe(2);
    expect(await chainPositionOf(t, lateSeq)).toBe(3);
    expect(await verifyAuditChain(t.db.pool)).toMatchObject({ ok: true, count: 3 });
  });

  it('does not wait for a transaction running in another database on the same server', async () => {
    await fresh();
    // Another practice's database on the same server, with a writing transaction left open.
    const other = await createTestDatabase();
    const elsewhere = new pg.Client({ connectionString: other.url });
    await elsewhere.connect();
    try {
      await elsewhere.query('begin');
      await elsewhere.query('select txid_current()');
      // Here, a transaction that started after it commits an event: it is settled, so it is chained.
      await new AuditWriter(t.db.pool).record(event({ requestId: 'while-elsewhere-runs' }));
      expect(await chainUntil(chainer, 1, 5_000)).toBe(1);
      // A transaction open in this database still holds the chain back until it ends.
      const here = await session('app');
      await here.query('begin');
      await here.query(
        `insert into audit_events (actor_type, action, resource_type, outcome, request_id)
         values ('system', 'person.update', 'person', 'allowed', 'held')`,
      );
      await new AuditWriter(t.db.pool).record(event({ requestId: 'after-held' }));
      expect(await chainer.chainPending()).toBe(0);
      await here.query('commit');
      expect(await chainUntil(chainer, 2, 5_000)).toBe(2);
      expect(await verifyAuditChain(t.db.pool)).toMatchObject({ ok: true, count: 3 });
    } finally {
      await elsewhere.query('rollback').catch(() => {});
      await elsewhere.end();
      await other.drop();
    }
  });

  it('chains and verifies under many concurrent transactions that commit in random order, some rolling back', async () => {
    await fresh();
    chainer = await chainerFor(t, { intervalMs: 5, batchSize: 50 });
    chainer.start();
    const writer = new AuditWriter(t.db.pool);
    let committed = 0;
    await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const rollBack = i % 7 === 0;
        try {
          await t.db.db.transaction(async (tx) => {
            for (let k = 0; k < 3; k++) {
              await writer.recordInTx(tx, event({ action: 'person.update', requestId: `tx-${i}-${k}` }));
              await new Promise((r) => setTimeout(r, Math.random() * 15));
            }
            if (rollBack) throw new Error('rolled back');
          });
          committed += 3;
        } catch (error) {
          if (!rollBack) throw error;
        }
      }),
    );
    await chainer.stop();
    // How much the background chainer managed while the transactions were committing depends on
    // every other transaction on the server (its horizon is server-wide), so it is not asserted;
    // what must hold is that whatever it chained meanwhile and the rest form one intact chain.
    const chainedMeanwhile = Number((await t.db.pool.query('select count(*) as n from audit_chain')).rows[0].n);
    chainer = await chainerFor(t);
    await chainUntil(chainer, committed - chainedMeanwhile);
    const report = await verifyAuditChain(t.db.pool);
    expect(report).toMatchObject({ ok: true, count: committed });
    const { rows } = await t.db.pool.query(
      `select count(*)::int as n from audit_events e where not exists (select 1 from audit_chain c where c.seq = e.seq)`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('lets one chainer work at a time; another takes over where it stopped', async () => {
    await fresh();
    const other = await chainerFor(t);
    try {
      await recordMany(30);
      expect(await chainUntil(chainer, 30)).toBe(30);
      await recordMany(10);
      expect(await other.chainPending()).toBe(0);
      expect(other.holdsLock).toBe(false);

      await chainer.stop();
      expect(await chainUntil(other, 10)).toBe(10);
      expect(other.holdsLock).toBe(true);
      await recordMany(5);
      expect(await chainUntil(other, 5)).toBe(5);
      expect(await verifyAuditChain(t.db.pool)).toMatchObject({ ok: true, count: 45 });
    } finally {
      await other.stop();
    }
  });
});
