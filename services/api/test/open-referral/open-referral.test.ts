import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config.js';
import { buildOpenReferralDocument } from '../../src/modules/open-referral/contract.js';
import { serialiseOpenApi } from '../../src/plugins/swagger.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { seedDirectory, type Directory } from '../directory/support.js';

let t: TestApp;
let d: Directory;

beforeAll(async () => {
  t = await createTestApp({ config: { OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE: 1000 } });
  const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  d = await seedDirectory(t.app, admin.headers);
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url: `/open-referral${url}` });
async function list(url: string) {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    total_items: number;
    total_pages: number;
    page_number: number;
    size: number;
    first_page: boolean;
    last_page: boolean;
    empty: boolean;
    contents: { id: string; name?: string; distance?: number; service?: { name: string } }[];
  };
}
const names = (page: { contents: { name?: string }[] }) => page.contents.map((c) => c.name);

describe('the Open Referral UK read API', () => {
  it('says what it is, without credentials, readable from any origin', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json()).toEqual({
      version: '3.0',
      profile: 'https://github.com/openreferral/uk-profile',
      // Absolute, on the address the request came to (inject's host is localhost:80).
      openapi_url: 'http://localhost:80/open-referral/openapi.json',
    });
    const contract = await get('/openapi.json');
    expect(contract.statusCode).toBe(200);
    expect(contract.json().paths['/services']).toBeDefined();
  });

  it('lists services in the ORUK envelope, paged with page and per_page', async () => {
    const first = await list('/services?per_page=3');
    expect(first).toMatchObject({
      total_items: 4,
      total_pages: 2,
      page_number: 1,
      size: 3,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const second = await list('/services?per_page=3&page=2');
    expect(second).toMatchObject({ page_number: 2, size: 1, first_page: false, last_page: true });
    const past = await list('/services?per_page=3&page=5');
    expect(past).toMatchObject({ total_items: 4, size: 0, empty: true, last_page: true });
  });

  it('publishes only public data: no practice notes, no person', async () => {
    const res = await get(`/services/${d.services.walking}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('anxious');
    expect(res.body).not.toMatch(/practice_?notes/i);
    expect(res.json()).toMatchObject({
      name: 'Riverside health walk',
      organization: { name: 'Shrewsbury Walkers' },
      minimum_age: 18,
      cost_options: [{ amount: 0, currency: 'GBP' }],
      schedules: [{ byday: 'TU', opens_at: '10:00', closes_at: '12:00', freq: 'WEEKLY' }],
      contacts: [{ name: 'Jo Walker', phones: [{ number: '01743 000000' }] }],
      service_at_locations: [{ location: { name: 'Quarry Park gates', addresses: [{ postal_code: 'SY1 1AA' }] } }],
      attributes: [
        {
          link_id: d.services.walking,
          link_type: 'service',
          taxonomy_term: { name: 'Physical activity', taxonomy_id: d.taxonomyId },
        },
      ],
    });
    // No field the profile types as a string or number is sent as null: absent values are left out.
    expect(res.body).not.toContain('null');
    expect(res.json()).not.toHaveProperty('maximum_age');
    const lunch = await get(`/services/${d.services.lunch}`);
    expect(lunch.json().cost_options).toEqual([expect.objectContaining({ amount: 4.5, option: 'per lunch' })]);
    expect((await get('/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/services/not-an-id')).statusCode).toBe(400);
  });

  it('filters services by search, taxonomy_term_id and taxonomy_id', async () => {
    expect(names(await list('/services?search=lunch'))).toEqual(['Friendship lunch club']);
    expect(names(await list(`/services?taxonomy_term_id=${d.terms.walking}`))).toEqual([
      'Riverside health walk',
      'Wrexham walking football',
    ]);
    expect((await list(`/services?taxonomy_id=${d.taxonomyId}`)).total_items).toBe(4);
    expect((await list('/services?taxonomy_id=00000000-0000-4000-8000-000000000000')).total_items).toBe(0);
  });

  it('filters by minimum_age (at least) and maximum_age (at most), as the UK profile words them', async () => {
    // The walk's minimum is 18, the lunch club's 60; advice and football set none.
    expect(names(await list('/services?minimum_age=18'))).toEqual(['Friendship lunch club', 'Riverside health walk']);
    expect(names(await list('/services?minimum_age=19'))).toEqual(['Friendship lunch club']);
    // Football stops at 90; no other service sets a maximum.
    expect(names(await list('/services?maximum_age=90'))).toEqual(['Wrexham walking football']);
    expect(names(await list('/services?maximum_age=89'))).toEqual([]);
    expect((await list('/service_at_locations?minimum_age=19')).contents.map((c) => c.service!.name)).toEqual([
      'Friendship lunch club',
    ]);
  });

  it('filters by day, start_time (opening at or after) and end_time (closing at or before)', async () => {
    // Walk TU 10:00–12:00; lunch club WE and FR 11:30–14:00; advice MO 09:00–17:00.
    expect(names(await list('/services?day=WE'))).toEqual(['Friendship lunch club']);
    expect(names(await list('/services?day=TU&start_time=10:00'))).toEqual(['Riverside health walk']);
    expect(names(await list('/services?day=TU&start_time=10:30'))).toEqual([]);
    expect(names(await list('/services?start_time=10:00'))).toEqual(['Friendship lunch club', 'Riverside health walk']);
    expect(names(await list('/services?end_time=14:00'))).toEqual(['Friendship lunch club', 'Riverside health walk']);
    expect(names(await list('/services?start_time=11:00&end_time=14:00'))).toEqual(['Friendship lunch club']);
    expect((await list('/service_at_locations?day=MO')).contents.map((c) => c.service!.name)).toEqual([
      'Benefits check',
    ]);
  });

  it('filters services by postcode and proximity (metres), nearest first, with the distance', async () => {
    const near = await list('/services?postcode=SY1%201AA&proximity=5000');
    expect(names(near)).toEqual(['Riverside health walk', 'Friendship lunch club']);
    expect(near.contents[0]!.distance).toBe(0);
    expect(near.contents[1]!.distance).toBeGreaterThan(1000);
    expect(names(await list('/services?postcode=SY1%201AA&proximity=500'))).toEqual(['Riverside health walk']);
    const unknown = await get('/services?postcode=ZE1%200AA');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('postcode_unknown');
  });

  it('filters services by modified_after', async () => {
    expect((await list('/services?modified_after=2000-01-01T00:00:00Z')).total_items).toBe(4);
    expect(
      (await list(`/services?modified_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`))
        .total_items,
    ).toBe(0);
    expect((await get('/services?modified_after=yesterday')).statusCode).toBe(400);
  });

  it('refuses bad values with the field at fault', async () => {
    const res = await get('/services?per_page=1000');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('per_page');
  });

  it('lists taxonomies and reads one', async () => {
    const page = await list('/taxonomies');
    expect(page).toMatchObject({ total_items: 1, size: 1, contents: [{ id: d.taxonomyId, name: 'Practice needs' }] });
    const one = await get(`/taxonomies/${d.taxonomyId}`);
    expect(one.json()).toMatchObject({ name: 'Practice needs', description: 'What people come for' });
    expect((await get('/taxonomies/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lists taxonomy terms (by taxonomy, by search, paged) and reads one with its taxonomy', async () => {
    expect((await list('/taxonomy_terms')).total_items).toBe(3);
    expect(await list(`/taxonomy_terms?taxonomy_id=${d.taxonomyId}&per_page=2`)).toMatchObject({
      total_pages: 2,
      size: 2,
    });
    expect(names(await list('/taxonomy_terms?search=money'))).toEqual(['Money advice']);
    const term = await get(`/taxonomy_terms/${d.terms.lunch}`);
    expect(term.json()).toMatchObject({
      name: 'Company and food',
      code: 'food',
      taxonomy_detail: { id: d.taxonomyId },
    });
    expect((await get('/taxonomy_terms/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lists services at locations (search, taxonomy, postcode, proximity) and reads one', async () => {
    const all = await list('/service_at_locations');
    expect(all.total_items).toBe(4);
    const near = await list('/service_at_locations?postcode=SY1%201AA&proximity=5000');
    expect(near.contents.map((c) => c.service!.name)).toEqual(['Riverside health walk', 'Friendship lunch club']);
    expect((await list('/service_at_locations?search=benefits')).contents.map((c) => c.service!.name)).toEqual([
      'Benefits check',
    ]);
    expect((await list(`/service_at_locations?taxonomy_term_id=${d.terms.lunch}`)).total_items).toBe(1);
    expect(await list(`/service_at_locations?taxonomy_id=${d.taxonomyId}&per_page=1&page=4`)).toMatchObject({
      size: 1,
      last_page: true,
    });
    expect((await list('/service_at_locations?modified_after=2000-01-01T00:00:00Z')).total_items).toBe(4);
    const one = await get(`/service_at_locations/${all.contents[0]!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      service: { organization: { name: expect.any(String) } },
      location: { name: expect.any(String) },
    });
    expect((await get('/service_at_locations/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('publishes its own contract, identical to the committed openapi/open-referral.json', async () => {
    const committed = await readFile(path.join(repoRoot, 'openapi', 'open-referral.json'), 'utf8');
    expect(serialiseOpenApi(await buildOpenReferralDocument(t.db))).toBe(committed);
    const doc = JSON.parse(committed);
    for (const p of [
      '/',
      '/services',
      '/services/{id}',
      '/taxonomies',
      '/taxonomies/{id}',
      '/taxonomy_terms',
      '/taxonomy_terms/{id}',
      '/service_at_locations',
      '/service_at_locations/{id}',
    ]) {
      expect(doc.paths[p]?.get?.operationId, p).toBeDefined();
    }
    const params = doc.paths['/services'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'search',
        'page',
        'per_page',
        'taxonomy_term_id',
        'taxonomy_id',
        'minimum_age',
        'maximum_age',
        'day',
        'start_time',
        'end_time',
        'postcode',
        'proximity',
        'modified_after',
      ]),
    );
  });
});

describe('throttling per address', () => {
  it('answers 429 with Retry-After once an address has used its minute', async () => {
    // Mid-minute on a pinned clock: the minutes are fixed windows, and a real clock could turn one between hits.
    const small = await createTestApp({
      now: () => new Date('2026-03-02T10:15:30.000Z'),
      config: { OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE: 3 },
    });
    try {
      const hit = (ip: string) =>
        small.app.inject({ method: 'GET', url: '/open-referral/taxonomies', remoteAddress: ip });
      for (let i = 0; i < 3; i++) expect((await hit('203.0.113.7')).statusCode).toBe(200);
      const refused = await hit('203.0.113.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.headers['access-control-allow-origin']).toBe('*');
      expect((await hit('203.0.113.8')).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  }, 120_000);

  it('counts its minutes by the app’s clock', async () => {
    let now = new Date('2026-03-02T10:15:45.000Z');
    const fixed = await createTestApp({ now: () => now, config: { OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE: 2 } });
    try {
      const hit = () => fixed.app.inject({ method: 'GET', url: '/open-referral/', remoteAddress: '203.0.113.9' });
      const first = await hit();
      expect(first.statusCode).toBe(200);
      expect(first.headers['ratelimit-reset']).toBe('15');
      expect(first.headers['ratelimit-remaining']).toBe('1');
      expect((await hit()).statusCode).toBe(200);
      const refused = await hit();
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('15');
      now = new Date('2026-03-02T10:16:05.000Z');
      const nextMinute = await hit();
      expect(nextMinute.statusCode).toBe(200);
      expect(nextMinute.headers['ratelimit-reset']).toBe('55');
      expect(nextMinute.headers['ratelimit-remaining']).toBe('1');
    } finally {
      await fixed.close();
    }
  }, 120_000);
});
