import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs, type SignedIn } from '../support/auth.js';

let t: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
});
afterAll(() => t.close());

describe('Idempotency-Key', () => {
  it('20 concurrent POSTs with one key create one record', async () => {
    const key = 'create-team-0001';
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/v1/admin/teams',
          headers: { ...admin.headers, 'idempotency-key': key },
          payload: { name: 'Oswestry and the Marches' },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    const { rows } = await t.db.pool.query(
      `select count(*)::int as n from teams where name = 'Oswestry and the Marches'`,
    );
    expect(rows[0].n).toBe(1);
    const created = results.filter((r) => r.statusCode === 201).map((r) => r.json().id);
    expect(new Set(created).size).toBe(1);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('idempotency_in_flight');
  });

  it('replays the first answer for the same key and body, and refuses the key with another body', async () => {
    const send = (name: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/admin/teams',
        headers: { ...admin.headers, 'idempotency-key': 'create-team-0002' },
        payload: { name },
      });
    const first = await send('Ludlow');
    expect(first.statusCode).toBe(201);
    const again = await send('Ludlow');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await send('Bridgnorth');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
  });

  it('keeps keys per caller: another colleague’s key of the same name is theirs', async () => {
    const other = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/teams',
      headers: { ...other.headers, 'idempotency-key': 'create-team-0002' },
      payload: { name: 'Whitchurch' },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('null in a JSON body', () => {
  it('stays null: clearing a delegated limit is not setting it to £0', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/users',
      headers: admin.headers,
      payload: {
        email: 'limit.clear@practice.example',
        displayName: 'Limit Clear',
        password: 'a-long-password-1',
        roles: ['social_worker'],
        delegatedWeeklyLimitPence: 45050,
      },
    });
    expect(created.json().delegatedWeeklyLimitPence).toBe(45050);
    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/v1/admin/users/${created.json().id}`,
      headers: { ...admin.headers, 'if-match': created.headers.etag as string },
      payload: { delegatedWeeklyLimitPence: null },
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().delegatedWeeklyLimitPence).toBeNull();
  });
});

describe('ETag and If-Match', () => {
  it('lets exactly one of two updates made from the same ETag win', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/teams',
      headers: admin.headers,
      payload: { name: 'Telford' },
    });
    const id = created.json().id;
    const read = await t.app.inject({ method: 'GET', url: `/v1/admin/teams/${id}`, headers: admin.headers });
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^".+\.v1"$/);
    const [a, b] = await Promise.all(
      ['Telford North', 'Telford South'].map((name) =>
        t.app.inject({
          method: 'PATCH',
          url: `/v1/admin/teams/${id}`,
          headers: { ...admin.headers, 'if-match': etag },
          payload: { name },
        }),
      ),
    );
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 412]);
    const loser = a!.statusCode === 412 ? a! : b!;
    expect(loser.json().code).toBe('stale_version');
    const winner = a!.statusCode === 200 ? a! : b!;
    expect(winner.headers.etag).toMatch(/\.v2"$/);
  });

  it('needs If-Match on updates (428) and refuses another resource’s ETag (412)', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/teams',
      headers: admin.headers,
      payload: { name: 'Market Drayton' },
    });
    const other = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/teams',
      headers: admin.headers,
      payload: { name: 'Church Stretton' },
    });
    const missing = await t.app.inject({
      method: 'PATCH',
      url: `/v1/admin/teams/${created.json().id}`,
      headers: admin.headers,
      payload: { description: 'x' },
    });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('precondition_required');
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: `/v1/admin/teams/${created.json().id}`,
      headers: { ...admin.headers, 'if-match': other.headers.etag as string },
      payload: { description: 'x' },
    });
    expect(wrong.statusCode).toBe(412);
  });
});

describe('keyset pages', () => {
  it('walks every account once with opaque cursors and a bounded page size', async () => {
    for (let i = 0; i < 5; i++) await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: admin.headers });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u: { id: string }) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    const { rows } = await t.db.pool.query('select count(*)::int as n from staff_users');
    expect(seen).toHaveLength(rows[0].n);
    expect(new Set(seen).size).toBe(seen.length);
    const tooBig = await t.app.inject({ method: 'GET', url: '/v1/admin/users?limit=1000', headers: admin.headers });
    expect(tooBig.statusCode).toBe(400);
    const forged = await t.app.inject({ method: 'GET', url: '/v1/admin/users?cursor=bm9wZQ', headers: admin.headers });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('invalid_cursor');
  });
});
