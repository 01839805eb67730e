import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

let t: TestApp;
let practitioner: SignedIn;
let council: Record<string, string>;
let personId: string;

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:write', 'contacts:read'] });
  council = (await tokenFor(t.app, client)).headers;
  const person = await t.app.inject({
    method: 'POST',
    url: '/v1/people',
    headers: practitioner.headers,
    payload: { givenName: 'Joan', familyName: 'Griffiths', nhsNumber: '9434765919', dateOfBirth: '1939-09-09' },
  });
  personId = person.json().id;
});
afterAll(() => t.close());

const base = {
  channel: 'council_system',
  madeBy: 'hospital',
  routeOfAccess: 'discharge_from_hospital',
  whatMatters: 'Going home to my cat',
};

describe('contacts from council systems', () => {
  it('find the person by NHS number, and replay on a retried Idempotency-Key', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/contacts',
        headers: { ...council, 'idempotency-key': 'council-contact-7781' },
        payload: { ...base, person: { givenName: 'Joan', familyName: 'Griffiths', nhsNumber: '943 476 5919' } },
      });
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      personId,
      personMatchedBy: 'nhs_number',
      source: 'council_system',
      outcome: null,
    });
    const retry = await send();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    const { rows } = await t.db.pool.query(`select count(*)::int as n from contacts where person_id = $1`, [personId]);
    expect(rows[0].n).toBe(1);
    const events = await t.db.pool.query(`select type from outbox_events where subject_id = $1`, [first.json().id]);
    expect(events.rows.map((r) => r.type)).toEqual(['contact.created']);
  });

  it('record a new person when nobody matches', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: {
        ...base,
        person: { givenName: 'Trevor', familyName: 'Newcomer', dateOfBirth: '1951-02-03', postcode: 'sy8 1aa' },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().personMatchedBy).toBe('created');
    const { rows } = await t.db.pool.query(`select postcode from people where id = $1`, [res.json().personId]);
    expect(rows[0].postcode).toBe('SY8 1AA');
  });

  it('refuse a bad route of access or an unknown field, naming it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: { ...base, routeOfAccess: 'walk_in', priority: 'high' },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['priority', 'routeOfAccess']);
  });
});

describe('outcomes at the front door', () => {
  it('resolve a contact with information and advice, once', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: practitioner.headers,
      payload: { ...base, channel: 'phone', personId },
    });
    const id = created.json().id;
    const done = await t.app.inject({
      method: 'POST',
      url: `/v1/contacts/${id}/outcome`,
      headers: practitioner.headers,
      payload: { outcome: 'information_and_advice' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ outcome: 'information_and_advice', resolvedAtFirstContact: true });
    expect(done.json().resolvedAt).toBeTruthy();
    const twice = await t.app.inject({
      method: 'POST',
      url: `/v1/contacts/${id}/outcome`,
      headers: practitioner.headers,
      payload: { outcome: 'no_further_action', reason: 'x' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('outcome_already_recorded');
    const events = await t.db.pool.query(`select type, data from outbox_events where subject_id = $1 order by seq`, [
      id,
    ]);
    expect(events.rows.map((r) => r.type)).toEqual(['contact.created', 'contact.resolved']);
    expect(events.rows[1].data).toMatchObject({ outcome: 'information_and_advice', resolvedAtFirstContact: true });
  });

  it('needs a reason for no further action', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: practitioner.headers,
      payload: { ...base, personId, outcome: 'no_further_action' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('reason');
  });

  it('raises a safeguarding concern for the safeguarding lead', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: practitioner.headers,
      payload: {
        ...base,
        personId,
        outcome: 'safeguarding_concern_raised',
        concernSummary: 'Neighbour reports bruising and unpaid bills',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().safeguardingConcernId).toBeTruthy();
    const { rows } = await t.db.pool.query(
      `select person_id, contact_id, status from safeguarding_concerns where id = $1`,
      [res.json().safeguardingConcernId],
    );
    expect(rows[0]).toEqual({ person_id: personId, contact_id: res.json().id, status: 'awaiting_decision' });
  });

  it('lists contacts by outcome with keyset pages, newest first', async () => {
    const open = await t.app.inject({
      method: 'GET',
      url: '/v1/contacts?outcome=none&limit=1',
      headers: practitioner.headers,
    });
    expect(open.statusCode).toBe(200);
    expect(open.json().items).toHaveLength(1);
    expect(open.json().items[0].outcome).toBeNull();
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url, headers: council })).json() as {
        items: { occurredAt: string }[];
        nextCursor: string | null;
      };
      all.push(...page.items.map((c) => c.occurredAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(4);
    expect([...all].sort().reverse()).toEqual(all);
  });
});

describe('contacts about a restricted person', () => {
  it('are as hidden as the person: not listed, not opened, not resolved, by colleagues without access', async () => {
    const lead = await signInAs(t.app, t.db, { roles: ['safeguarding_lead'] });
    const person = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: lead.headers,
      payload: { givenName: 'Hidden', familyName: 'Person', restricted: true },
    });
    const contact = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: lead.headers,
      payload: { ...base, channel: 'phone', personId: person.json().id },
    });
    expect(contact.statusCode).toBe(201);
    const id = contact.json().id;
    const listed = await t.app.inject({
      method: 'GET',
      url: `/v1/contacts?personId=${person.json().id}`,
      headers: practitioner.headers,
    });
    expect(listed.json().items).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/contacts/${id}`, headers: practitioner.headers })).statusCode,
    ).toBe(404);
    const outcome = await t.app.inject({
      method: 'POST',
      url: `/v1/contacts/${id}/outcome`,
      headers: practitioner.headers,
      payload: { outcome: 'information_and_advice' },
    });
    expect(outcome.statusCode).toBe(404);
    const forLead = await t.app.inject({
      method: 'GET',
      url: `/v1/contacts?personId=${person.json().id}`,
      headers: lead.headers,
    });
    expect(forLead.json().items).toEqual([expect.objectContaining({ id, personName: 'Hidden Person' })]);
  });
});
