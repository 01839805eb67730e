import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, tokenFor } from '../support/auth.js';

let t: TestApp;
let council: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:write', 'contacts:read'] });
  council = (await tokenFor(t.app, client)).headers;
});
afterAll(() => t.close());

const base = {
  channel: 'council_system',
  madeBy: 'hospital',
  routeOfAccess: 'discharge_from_hospital',
  whatMatters: 'Going home to my cat',
  person: { givenName: 'Edna', familyName: 'Pryce', dateOfBirth: '1941-02-03' },
};

describe('POST /v1/contacts with its outcome', () => {
  it('writes the contact with its outcome at once, and both events in order', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: { ...base, outcome: 'information_and_advice' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ outcome: 'information_and_advice', resolvedAtFirstContact: true });
    expect(body.resolvedAt).toBeTruthy();
    const { rows } = await t.db.pool.query(
      `select outcome, resolved_at, created_at, resolved_by_id is not null as by from contacts where id = $1`,
      [body.id],
    );
    expect(rows[0]).toMatchObject({ outcome: 'information_and_advice', by: true });
    const events = await t.db.pool.query(
      `select type, data, xmin::text as tx from outbox_events where subject_id = $1 order by seq`,
      [body.id],
    );
    expect(events.rows.map((r) => r.type)).toEqual(['contact.created', 'contact.resolved']);
    expect(events.rows[1].data).toMatchObject({ outcome: 'information_and_advice', resolvedAtFirstContact: true });
    // Written together, in the contact's transaction.
    expect(events.rows[0].tx).toBe(events.rows[1].tx);
    // The outcome is recorded once: a second outcome is refused as before.
    const twice = await t.app.inject({
      method: 'POST',
      url: `/v1/contacts/${body.id}/outcome`,
      headers: council,
      payload: { outcome: 'no_further_action', reason: 'x' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('refuses an unknown team with 400 on teamId, writing nothing (the foreign key checks it)', async () => {
    const before = await t.db.pool.query(
      `select (select count(*) from contacts)::int as c, (select count(*) from people)::int as p, (select count(*) from outbox_events)::int as e`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: {
        ...base,
        person: { givenName: 'Olwen', familyName: 'Tudor-Hughes', dateOfBirth: '1950-05-06' },
        teamId: '00000000-0000-4000-8000-000000000000',
        outcome: 'information_and_advice',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'teamId', message: 'is not a known team' })]);
    const after = await t.db.pool.query(
      `select (select count(*) from contacts)::int as c, (select count(*) from people)::int as p, (select count(*) from outbox_events)::int as e`,
    );
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  it('refuses a conversation for nobody before writing anything', async () => {
    const { person: _none, ...anonymous } = base;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: { ...anonymous, outcome: 'progressed_to_conversation_1' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'outcome' })]);
  });
});
