import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditWriter } from '../../src/audit/writer.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { event, superuser } from './support.js';

let t: TestApp;
let admin: pg.Client;
beforeAll(async () => {
  t = await createTestApp({
    extend(app) {
      app.get('/test/audited/:id', async (request) => {
        const { id } = request.params as { id: string };
        await request.audit({ action: 'person.read', resourceType: 'person', resourceId: id, personId: id });
        return { ok: true };
      });
      app.post('/test/updated/:id', async (request) => {
        const { id } = request.params as { id: string };
        const { fail } = (request.body ?? {}) as { fail?: boolean };
        await app.dbClient.db.transaction(async (tx) => {
          await request.auditInTx(tx, {
            action: 'person.update',
            resourceType: 'person',
            resourceId: id,
            personId: id,
          });
          if (fail) throw new Error('the change failed after its audit row was written');
        });
        return { ok: true };
      });
    },
  });
  admin = await superuser(t);
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

const rowsFor = (requestId: string) =>
  t.db.pool.query('select * from audit_events where request_id = $1', [requestId]).then((r) => r.rows);

describe('AuditWriter', () => {
  it('gathers concurrent records into a few multi-row inserts', async () => {
    const writer = new AuditWriter(t.db.pool, { maxDelayMs: 5 });
    await Promise.all(Array.from({ length: 300 }, (_, i) => writer.record(event({ requestId: `batch-${i}` }))));
    expect(writer.stats.rows).toBe(300);
    expect(writer.stats.batches).toBeLessThanOrEqual(5);
    const { rows } = await admin.query("select count(*)::int as n from audit_events where request_id like 'batch-%'");
    expect(rows[0].n).toBe(300);
  });

  it('resolves each record only once its row is committed', async () => {
    const writer = new AuditWriter(t.db.pool, { maxDelayMs: 3 });
    const seen = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await writer.record(event({ requestId: `durable-${i}` }));
        // Another session sees the row the moment record() resolves: it is committed, not queued.
        return (await rowsFor(`durable-${i}`)).length;
      }),
    );
    expect(seen).toEqual(Array.from({ length: 100 }, () => 1));
  });

  it('stores identifiers only, never personal data passed along with an event', async () => {
    const writer = new AuditWriter(t.db.pool);
    const leaky = { ...event({ requestId: 'leaky-1' }), givenName: 'Margaret', nhsNumber: '9990001112' };
    await writer.record(leaky);
    const [row] = await rowsFor('leaky-1');
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toMatch(/Margaret|9990001112/);
    expect(row.action).toBe('person.read');
    expect(row.outcome).toBe('allowed');
  });

  it('refuses a malformed event without failing the others written with it', async () => {
    const writer = new AuditWriter(t.db.pool, { maxDelayMs: 5 });
    const results = await Promise.allSettled([
      writer.record(event({ requestId: 'mixed-ok-1' })),
      writer.record(event({ requestId: 'mixed-bad', personId: 'not-a-uuid' })),
      writer.record(event({ requestId: 'mixed-bad-action', action: 'Read Person' })),
      writer.record(event({ requestId: 'mixed-ok-2', outcome: 'denied' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(await rowsFor('mixed-ok-1')).toHaveLength(1);
    expect((await rowsFor('mixed-ok-2'))[0].outcome).toBe('denied');
    expect(await rowsFor('mixed-bad')).toHaveLength(0);
  });

  it('writes what is waiting when closed, then refuses new events', async () => {
    const writer = new AuditWriter(t.db.pool, { maxDelayMs: 1000 });
    const pending = writer.record(event({ requestId: 'closing-1' }));
    await writer.close();
    await pending;
    expect(await rowsFor('closing-1')).toHaveLength(1);
    await expect(writer.record(event())).rejects.toThrow(/closed/);
  });

  it('records nothing when disabled (benchmarks only)', async () => {
    const writer = new AuditWriter(t.db.pool, { enabled: false });
    await writer.record(event({ requestId: 'disabled-1' }));
    expect(await rowsFor('disabled-1')).toHaveLength(0);
  });

  it('keeps an audit row written in a transaction only if the transaction commits', async () => {
    const writer = new AuditWriter(t.db.pool);
    await expect(
      t.db.db.transaction(async (tx) => {
        await writer.recordInTx(tx, event({ action: 'person.update', requestId: 'tx-rolled-back' }));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsFor('tx-rolled-back')).toHaveLength(0);

    await t.db.db.transaction(async (tx) => {
      await writer.recordInTx(tx, event({ action: 'person.update', requestId: 'tx-committed' }));
    });
    expect(await rowsFor('tx-committed')).toHaveLength(1);
  });
});

describe('request.audit', () => {
  it('has stored the row, with the request id and the caller, before the request answers', async () => {
    const id = '5e1f0000-0000-4000-8000-00000000000a';
    const res = await t.app.inject({
      method: 'GET',
      url: `/test/audited/${id}`,
      headers: { 'x-request-id': 'answer-after-audit' },
    });
    expect(res.statusCode).toBe(200);
    const rows = await rowsFor('answer-after-audit');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'person.read',
      resource_type: 'person',
      resource_id: id,
      person_id: id,
      actor_type: 'anonymous',
      actor_id: null,
      outcome: 'allowed',
    });
  });

  it('leaves no audit row for a change whose transaction rolls back', async () => {
    const id = '5e1f0000-0000-4000-8000-00000000000b';
    const failed = await t.app.inject({
      method: 'POST',
      url: `/test/updated/${id}`,
      headers: { 'x-request-id': 'update-rolled-back' },
      payload: { fail: true },
    });
    expect(failed.statusCode).toBe(500);
    expect(await rowsFor('update-rolled-back')).toHaveLength(0);

    const done = await t.app.inject({
      method: 'POST',
      url: `/test/updated/${id}`,
      headers: { 'x-request-id': 'update-committed' },
      payload: {},
    });
    expect(done.statusCode).toBe(200);
    expect(await rowsFor('update-committed')).toHaveLength(1);
  });

  it('fails the request with a 500 that reveals nothing when the audit row cannot be stored', async () => {
    await admin.query(`revoke insert on audit_events from ${t.config.DB_APP_ROLE}`);
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/test/audited/5e1f0000-0000-4000-8000-00000000000c',
        headers: { 'x-request-id': 'audit-write-failed' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'internal_error', status: 500 });
      expect(res.body).not.toMatch(/audit_events|permission/);
    } finally {
      await admin.query(`grant insert on audit_events to ${t.config.DB_APP_ROLE}`);
    }
    expect(await rowsFor('audit-write-failed')).toHaveLength(0);
  });
});
