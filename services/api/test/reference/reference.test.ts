import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs, type SignedIn } from '../support/auth.js';

let t: TestApp;
let admin: SignedIn;
let practitioner: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
});
afterAll(() => t.close());

const get = (url: string, who: SignedIn = admin) => t.app.inject({ method: 'GET', url, headers: who.headers });

describe('the resource allocation table', () => {
  it('starts with the seeded table, readable by colleagues, changed only by administrators', async () => {
    const read = await get('/v1/reference/ras', practitioner);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ version: 1, pencePerPoint: 500, maximumWeeklyPence: null });
    expect(read.headers.etag).toBe('"ras.v1"');
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/v1/reference/ras',
      headers: { ...practitioner.headers, 'if-match': '"ras.v1"' },
      payload: { rows: [], pencePerPoint: 100, maximumWeeklyPence: null, note: '' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('needs If-Match, refuses a stale version, and never changes an old version', async () => {
    const body = {
      rows: [{ kind: 'adult', need: 'nutrition', points: 20 }],
      pencePerPoint: 600,
      maximumWeeklyPence: 50000,
      note: 'Test',
    };
    const put = (etag?: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/v1/reference/ras',
        headers: { ...admin.headers, ...(etag ? { 'if-match': etag } : {}) },
        payload: body,
      });
    expect((await put()).statusCode).toBe(428);
    const current = await get('/v1/reference/ras');
    const saved = await put(current.headers.etag as string);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: current.json().version + 1, pencePerPoint: 600 });
    const stale = await put(current.headers.etag as string);
    expect(stale.statusCode).toBe(412);
    const old = await get(`/v1/reference/ras/versions/${current.json().version}`);
    expect(old.json()).toEqual(current.json());
    expect((await get('/v1/reference/ras/versions/999')).statusCode).toBe(404);
  });

  it('names each row at fault', async () => {
    const current = await get('/v1/reference/ras');
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/reference/ras',
      headers: { ...admin.headers, 'if-match': current.headers.etag as string },
      payload: {
        rows: [
          { kind: 'adult', need: 'recreation', points: 1 },
          { kind: 'carer', need: 'nutrition', points: 2 },
          { kind: 'carer', need: 'nutrition', points: 3 },
        ],
        pencePerPoint: 500,
        maximumWeeklyPence: null,
        note: '',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/rows/0/need', '/rows/2/need']);
    const wrongType = await t.app.inject({
      method: 'PUT',
      url: '/v1/reference/ras',
      headers: { ...admin.headers, 'if-match': current.headers.etag as string },
      payload: { rows: [], pencePerPoint: 1.5, maximumWeeklyPence: null, note: '' },
    });
    expect(wrongType.statusCode).toBe(400);
  });
});

describe('unit costs', () => {
  it('are added, changed with If-Match and retired (kept, no longer listed), in pence', async () => {
    const added = await t.app.inject({
      method: 'POST',
      url: '/v1/reference/unit-costs',
      headers: admin.headers,
      payload: { name: 'Home care, one hour', unit: 'hour', costPence: 2460, notes: '' },
    });
    expect(added.statusCode).toBe(201);
    const id = added.json().id as string;
    const dup = await t.app.inject({
      method: 'POST',
      url: '/v1/reference/unit-costs',
      headers: admin.headers,
      payload: { name: 'home care, ONE hour', unit: 'hour', costPence: 2500, notes: '' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('unit_cost_name_taken');

    const listed = await get('/v1/reference/unit-costs', practitioner);
    expect(listed.json().items.map((c: { id: string }) => c.id)).toContain(id);

    const changed = await t.app.inject({
      method: 'PUT',
      url: `/v1/reference/unit-costs/${id}`,
      headers: { ...admin.headers, 'if-match': added.headers.etag as string },
      payload: { name: 'Home care, one hour', unit: 'hour', costPence: 2530, notes: 'From April' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ costPence: 2530, version: 2 });
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/v1/reference/unit-costs/${id}`,
      headers: { ...admin.headers, 'if-match': added.headers.etag as string },
      payload: { name: 'Home care, one hour', unit: 'hour', costPence: 1, notes: '' },
    });
    expect(stale.statusCode).toBe(412);

    const retired = await t.app.inject({
      method: 'DELETE',
      url: `/v1/reference/unit-costs/${id}`,
      headers: { ...admin.headers, 'if-match': changed.headers.etag as string },
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retiredAt).not.toBeNull();
    expect((await get('/v1/reference/unit-costs')).json().items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(
      (await get('/v1/reference/unit-costs?includeRetired=true')).json().items.map((c: { id: string }) => c.id),
    ).toContain(id);
    // The name is free again once the old cost is retired.
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/reference/unit-costs',
      headers: admin.headers,
      payload: { name: 'Home care, one hour', unit: 'hour', costPence: 2600, notes: '' },
    });
    expect(again.statusCode).toBe(201);
  });

  it('refuse fractional pence, negative costs and unknown units', async () => {
    for (const payload of [
      { name: 'A', unit: 'hour', costPence: 10.5, notes: '' },
      { name: 'B', unit: 'hour', costPence: -1, notes: '' },
      { name: 'C', unit: 'fortnight', costPence: 100, notes: '' },
      { name: '', unit: 'hour', costPence: 100, notes: '' },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/reference/unit-costs',
        headers: admin.headers,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const byPractitioner = await t.app.inject({
      method: 'POST',
      url: '/v1/reference/unit-costs',
      headers: practitioner.headers,
      payload: { name: 'D', unit: 'hour', costPence: 100, notes: '' },
    });
    expect(byPractitioner.statusCode).toBe(403);
  });
});
