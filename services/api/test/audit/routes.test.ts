import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs, type SignedIn } from '../support/auth.js';
import { superuser } from './support.js';

const margaret = '11111111-1111-4111-8111-111111111111';
const david = '22222222-2222-4222-8222-222222222222';
const alice = 'aaaaaaaa-0000-4000-8000-000000000001';
const bob = 'bbbbbbbb-0000-4000-8000-000000000002';

let t: TestApp;
let auditor: SignedIn;
let owner: pg.Client;

/** A known history: who looked at whom, on which day of March 2031. */
const history = [
  { at: '2031-03-01T09:00:00Z', actor: alice, person: margaret, action: 'person.read' },
  { at: '2031-03-02T09:00:00Z', actor: bob, person: margaret, action: 'person.read' },
  { at: '2031-03-03T09:00:00Z', actor: alice, person: david, action: 'person.update' },
  { at: '2031-03-04T09:00:00Z', actor: alice, person: margaret, action: 'person.update' },
  { at: '2031-03-05T09:00:00Z', actor: bob, person: david, action: 'person.read' },
];

beforeAll(async () => {
  t = await createTestApp();
  owner = await superuser(t);
  for (const h of history) {
    await owner.query(
      `insert into audit_events (occurred_at, actor_type, actor_id, actor_role, action, resource_type, resource_id, person_id, outcome)
       values ($1, 'user', $2, 'social_worker', $3, 'person', $4, $5, 'allowed')`,
      [h.at, h.actor, h.action, h.person, h.person],
    );
  }
  auditor = await signInAs(t.app, t.db, { roles: ['auditor'] });
});
afterAll(async () => {
  await owner?.end();
  await t?.close();
});

async function search(query: Record<string, string | number>, headers = auditor.headers) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return t.app.inject({ method: 'GET', url: `/v1/audit${qs ? `?${qs}` : ''}`, headers });
}

const times = (body: { items: { occurredAt: string }[] }) => body.items.map((i) => i.occurredAt.slice(0, 10));

describe('GET /v1/audit', () => {
  it('finds who looked at a person, newest first', async () => {
    const res = await search({ personId: margaret });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(times(body)).toEqual(['2031-03-04', '2031-03-02', '2031-03-01']);
    expect(body.items[0]).toMatchObject({
      actorType: 'user',
      actorId: alice,
      actorRole: 'social_worker',
      action: 'person.update',
      resourceType: 'person',
      resourceId: margaret,
      personId: margaret,
      outcome: 'allowed',
      reason: null,
    });
    expect(body.nextCursor).toBeNull();
  });

  it('filters by actor, action and period', async () => {
    expect(times((await search({ actorId: bob })).json())).toEqual(['2031-03-05', '2031-03-02']);
    expect(times((await search({ actorId: alice, action: 'person.update' })).json())).toEqual([
      '2031-03-04',
      '2031-03-03',
    ]);
    // `from` inclusive, `to` exclusive.
    const period = await search({ from: '2031-03-02T09:00:00Z', to: '2031-03-04T09:00:00Z' });
    expect(times(period.json())).toEqual(['2031-03-03', '2031-03-02']);
    const both = await search({ personId: david, from: '2031-03-01T00:00:00Z', to: '2031-03-04T00:00:00Z' });
    expect(times(both.json())).toEqual(['2031-03-03']);
  });

  it('pages with an opaque cursor, without repeating or skipping an event', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const period = { from: '2031-01-01T00:00:00Z', to: '2031-04-01T00:00:00Z' };
      const res = await search({ ...period, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(history.length);
  });

  it('records each search in the trail itself, as the auditor', async () => {
    const res = await search({ personId: david }, { ...auditor.headers, 'x-request-id': 'auditor-search-1' });
    expect(res.statusCode).toBe(200);
    const { rows } = await owner.query("select * from audit_events where request_id = 'auditor-search-1'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'audit.search',
      resource_type: 'audit_event',
      person_id: david,
      actor_type: 'user',
      actor_id: auditor.user.id,
      actor_role: 'auditor',
      outcome: 'allowed',
    });
    const found = await search({ action: 'audit.search', actorId: auditor.user.id });
    expect(found.json().items.some((i: { requestId: string }) => i.requestId === 'auditor-search-1')).toBe(true);
  });

  it('refuses bad queries with a problem naming the field', async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ limit: 201 }, 'limit'],
      [{ limit: 0 }, 'limit'],
      [{ personId: 'margaret' }, 'personId'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2031-03-05T00:00:00Z', to: '2031-03-01T00:00:00Z' }, 'to'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ cursor: Buffer.from(JSON.stringify(['x', 1])).toString('base64url') }, 'cursor'],
      [{ colour: 'blue' }, 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await search(query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('is for auditors only: 403 for other staff, 401 without a session', async () => {
    const worker = await signInAs(t.app, t.db, { roles: ['social_worker', 'safeguarding_lead', 'practice_admin'] });
    const forbidden = await search({ personId: margaret }, { ...worker.headers, 'x-request-id': 'not-an-auditor' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('forbidden');
    expect(JSON.stringify(forbidden.json())).not.toContain(margaret);
    // The attempt is in the trail, as denied.
    const { rows } = await owner.query("select * from audit_events where request_id = 'not-an-auditor'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'access.denied',
      resource_type: 'route',
      resource_id: 'GET /v1/audit',
      outcome: 'denied',
      actor_type: 'user',
      actor_id: worker.user.id,
    });

    const anonymous = await search({ personId: margaret }, { 'x-request-id': 'anonymous-search' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('unauthenticated');
    expect((await owner.query("select 1 from audit_events where request_id = 'anonymous-search'")).rowCount).toBe(0);
  });
});
