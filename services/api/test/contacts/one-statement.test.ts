import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { eventsPart } from '../../src/outbox/record-event.js';
import { OneStatement } from '../../src/platform/one-statement.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { chainPositionOf, chainUntil, chainerFor } from '../audit/support.js';
import { createMachineClient, tokenFor } from '../support/auth.js';

let t: TestApp;
let council: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:write', 'contacts:read'] });
  council = (await tokenFor(t.app, client)).headers;
});
afterAll(() => t.close());

// About nobody yet, with an outcome that starts nothing: the contact the council's systems send most.
const contact = {
  channel: 'council_system',
  madeBy: 'hospital',
  routeOfAccess: 'discharge_from_hospital',
  whatMatters: 'Going home',
  outcome: 'information_and_advice',
};

const counts = async () =>
  (
    await t.db.pool.query(
      `select (select count(*) from contacts)::int as contacts, (select count(*) from outbox_events)::int as events,
              (select count(*) from audit_events where action = 'contact.create')::int as audits`,
    )
  ).rows[0];

describe('a contact about nobody yet, written as one statement', () => {
  it('writes the contact, its two events and exactly one audit row, all in one transaction', async () => {
    const before = await counts();
    const res = await t.app.inject({ method: 'POST', url: '/v1/contacts', headers: council, payload: contact });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ personId: null, outcome: 'information_and_advice', resolvedAtFirstContact: true });
    // The answer is built from what was sent and what the database decided: it is the stored contact.
    const stored = await t.app.inject({ method: 'GET', url: `/v1/contacts/${body.id}`, headers: council });
    expect(stored.json()).toEqual(body);
    expect(await counts()).toEqual({
      contacts: before.contacts + 1,
      events: before.events + 2,
      audits: before.audits + 1,
    });
    const row = await t.db.pool.query(`select xmin::text as tx, outcome from contacts where id = $1`, [body.id]);
    expect(row.rows[0].outcome).toBe('information_and_advice');
    const events = await t.db.pool.query(
      `select type, data, xmin::text as tx from outbox_events where subject_id = $1 order by seq`,
      [body.id],
    );
    expect(events.rows.map((r) => r.type)).toEqual(['contact.created', 'contact.resolved']);
    expect(events.rows[0].data).toEqual({ routeOfAccess: 'discharge_from_hospital', source: 'council_system' });
    const audits = await t.db.pool.query(
      `select actor_type, actor_role, resource_type, request_id, txid::text as txid, xmin::text as tx
         from audit_events where action = 'contact.create' and resource_id = $1`,
      [body.id],
    );
    expect(audits.rows).toHaveLength(1);
    expect(audits.rows[0]).toMatchObject({ actor_type: 'client', actor_role: 'council', resource_type: 'contact' });
    expect(audits.rows[0].request_id).toBeTruthy();
    // One transaction: the contact, both events and the audit row commit together.
    const tx = row.rows[0].tx;
    expect(events.rows.map((r) => r.tx)).toEqual([tx, tx]);
    expect(audits.rows[0].tx).toBe(tx);
    expect(audits.rows[0].txid).toBe(tx);
  });

  it('refuses an unknown team with 400 on teamId and writes no contact, event or audit row', async () => {
    const before = await counts();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: { ...contact, teamId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'teamId', message: 'is not a known team' })]);
    expect(await counts()).toEqual(before);
  });

  it('with an Idempotency-Key: the refusal is stored and replayed, and a retried contact is written once', async () => {
    const refused = { ...contact, teamId: '00000000-0000-4000-8000-000000000001' };
    const headers = { ...council, 'idempotency-key': `one-statement-${randomUUID()}` };
    const first = await t.app.inject({ method: 'POST', url: '/v1/contacts', headers, payload: refused });
    expect(first.statusCode).toBe(400);
    const again = await t.app.inject({ method: 'POST', url: '/v1/contacts', headers, payload: refused });
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const before = await counts();
    const keyed = { ...council, 'idempotency-key': `one-statement-${randomUUID()}` };
    const made = await t.app.inject({ method: 'POST', url: '/v1/contacts', headers: keyed, payload: contact });
    const retried = await t.app.inject({ method: 'POST', url: '/v1/contacts', headers: keyed, payload: contact });
    expect(made.statusCode).toBe(201);
    expect(retried.statusCode).toBe(201);
    expect(retried.json().id).toBe(made.json().id);
    // In the request's transaction (in a savepoint), so the contact commits with its stored answer.
    const together = await t.db.pool.query(
      `select (select (txid % 4294967296)::text from audit_events where resource_id = $1) as audit_tx,
              (select xmin::text from idempotency_keys where key = $2) as key_tx`,
      [made.json().id, keyed['idempotency-key']],
    );
    expect(together.rows[0].audit_tx).toBe(together.rows[0].key_tx);
    expect(await counts()).toEqual({
      contacts: before.contacts + 1,
      events: before.events + 2,
      audits: before.audits + 1,
    });
  });
});

describe('the audit chain over one-statement contacts', () => {
  it('chains their audit rows like any other, and verifies', async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.app.inject({ method: 'POST', url: '/v1/contacts', headers: council, payload: contact }),
      ),
    );
    expect(made.every((r) => r.statusCode === 201)).toBe(true);
    const { rows } = await t.db.pool.query<{ n: number }>('select count(*)::int as n from audit_events');
    const chainer = await chainerFor(t);
    try {
      expect(await chainUntil(chainer, rows[0]!.n)).toBe(rows[0]!.n);
    } finally {
      await chainer.stop();
    }
    const last = await t.db.pool.query<{ seq: string }>(
      `select seq::text as seq from audit_events where action = 'contact.create' and resource_id = $1`,
      [made.at(-1)!.json().id],
    );
    expect(await chainPositionOf(t, Number(last.rows[0]!.seq))).toBeGreaterThan(0);
    expect(await verifyAuditChain(t.db.pool)).toMatchObject({ ok: true, count: rows[0]!.n, broken: [] });
  });
});

describe('OneStatement', () => {
  const insertContact = (id: string) => ({
    shape: 'test_contact_insert',
    text: `insert into contacts (id, occurred_at, channel, made_by, route_of_access, what_matters, notes, source, created_by_type)
           values ($1, now(), 'phone', 'self', 'self_referral', $2, '', 'console', 'system') returning id`,
    values: [id, 'Test'],
  });

  it('numbers each part’s parameters after the ones before it', async () => {
    const id = randomUUID();
    const rows = await new OneStatement(insertContact(id))
      .with(eventsPart([{ type: 'contact.created', subjectType: 'contact', subjectId: id, data: { n: 1 } }]))
      .with(null)
      .run<{ id: string }>(t.db.db);
    expect(rows).toEqual([{ id }]);
    const events = await t.db.pool.query(`select data from outbox_events where subject_id = $1`, [id]);
    expect(events.rows).toEqual([{ data: { n: 1 } }]);
  });

  it('writes nothing when any part is refused', async () => {
    const id = randomUUID();
    // The second contact has the first one's id: its primary key refuses it, and with it everything.
    const work = new OneStatement(insertContact(id))
      .with(eventsPart([{ type: 'contact.created', subjectType: 'contact', subjectId: id }]))
      .with({ ...insertContact(id), shape: 'test_contact_again' });
    await expect(work.run(t.db.db)).rejects.toMatchObject({ code: '23505' });
    const left = await t.db.pool.query(
      `select (select count(*) from contacts where id = $1::uuid)::int as c, (select count(*) from outbox_events where subject_id = $1::text)::int as e`,
      [id],
    );
    expect(left.rows[0]).toEqual({ c: 0, e: 0 });
  });
});
