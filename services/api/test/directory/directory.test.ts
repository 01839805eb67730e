import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs, type SignedIn } from '../support/auth.js';
import { seedDirectory, type Directory } from './support.js';

let t: TestApp;
let admin: SignedIn;
let practitioner: SignedIn;
let d: Directory;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
  d = await seedDirectory(t.app, admin.headers);
});
afterAll(() => t.close());

async function search(query: string, who = practitioner) {
  const res = await t.app.inject({ method: 'GET', url: `/v1/directory/services?${query}`, headers: who.headers });
  return res;
}
const names = (res: { json(): { items: { name: string }[] } }) => res.json().items.map((s) => s.name);

describe('the community directory', () => {
  it('keeps a service with its organisation, terms, locations (placed by postcode), contacts, opening times, eligibility and cost', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/directory/services/${d.services.lunch}`,
      headers: practitioner.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${d.services.lunch}.v1"`);
    const s = res.json();
    expect(s).toMatchObject({
      name: 'Friendship lunch club',
      organisationName: 'Age Friendly Shropshire',
      organisationKind: 'partner',
      minimumAge: 60,
      maximumAge: null,
      costPence: 450,
      costOption: 'per lunch',
      taxonomyTerms: [{ name: 'Company and food', code: 'food' }],
      schedules: [
        { weekday: 'WE', opensAt: '11:30', closesAt: '14:00' },
        { weekday: 'FR', opensAt: '11:30', closesAt: '14:00' },
      ],
    });
    expect(s.locations[0]).toMatchObject({ postcode: 'SY3 8XX', latitude: 52.695, longitude: -2.77 });
  });

  it('finds services by words, ranked, and by taxonomy term', async () => {
    expect(names(await search('q=walk'))).toEqual(
      expect.arrayContaining(['Riverside health walk', 'Wrexham walking football']),
    );
    expect(names(await search('q=lunch'))).toEqual(['Friendship lunch club']);
    expect(names(await search(`termId=${d.terms.walking}`))).toEqual([
      'Riverside health walk',
      'Wrexham walking football',
    ]);
    expect(names(await search(`taxonomyId=${d.taxonomyId}&q=forms`))).toEqual(['Benefits check']);
  });

  it('finds services near a postcode, nearest first, with the distance; an unknown postcode in a known district uses its centre', async () => {
    const near = await search('postcode=SY1%201AA&radiusKm=5');
    expect(near.statusCode).toBe(200);
    expect(names(near)).toEqual(['Riverside health walk', 'Friendship lunch club']);
    const [first, second] = near.json().items;
    expect(first.distanceKm).toBe(0);
    expect(second.distanceKm).toBeGreaterThan(1);
    expect(second.distanceKm).toBeLessThan(3);
    expect(near.json().near.resolution).toBe('postcode');
    // SY1 9ZZ is not loaded: SY1's loaded postcodes give its centre.
    const outcode = await search('postcode=SY1%209ZZ&radiusKm=2');
    expect(outcode.json().near.resolution).toBe('outcode');
    expect(names(outcode)).toContain('Riverside health walk');
    expect(names(await search('postcode=SY1&radiusKm=30'))).toEqual([
      'Riverside health walk',
      'Friendship lunch club',
      'Benefits check',
    ]);
  });

  it('refuses a postcode it cannot place, and a malformed one, naming the field', async () => {
    const unknown = await search('postcode=ZE1%200AA');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'postcode_unknown', errors: [{ in: 'query', field: 'postcode' }] });
    const bad = await search('postcode=NOT%20IT');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('postcode');
  });

  it('finds services open on a day and at a time, and for an age', async () => {
    expect(names(await search('day=WE'))).toEqual(['Friendship lunch club']);
    expect(names(await search('day=TU&time=11:00'))).toEqual(['Riverside health walk']);
    expect(names(await search('day=TU&time=12:30'))).toEqual([]);
    expect(names(await search('age=30&q=walk'))).toEqual(
      expect.arrayContaining(['Riverside health walk', 'Wrexham walking football']),
    );
    expect(names(await search('age=95&q=walk'))).toEqual(['Riverside health walk']);
    expect(names(await search('age=40&termId=' + d.terms.lunch))).toEqual([]);
  });

  it('pages results with an opaque cursor and says how many match', async () => {
    const first = await search('limit=2');
    expect(first.json().total).toBe(4);
    expect(first.json().items).toHaveLength(2);
    const second = await search(`limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json().items).toHaveLength(2);
    expect(second.json().nextCursor).toBeNull();
    expect(new Set([...names(first), ...names(second)]).size).toBe(4);
    expect((await search('cursor=bm9wZQ')).statusCode).toBe(400);
  });

  it('changes a service with If-Match only, replacing the lists sent', async () => {
    const url = `/v1/directory/services/${d.services.advice}`;
    const body = { costPence: 0, schedules: [{ weekday: 'TH', opensAt: '09:00', closesAt: '12:00' }] };
    expect((await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: body })).statusCode).toBe(428);
    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...admin.headers, 'if-match': `"${d.services.advice}.v9"` },
      payload: body,
    });
    expect(stale.statusCode).toBe(412);
    const ok = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...admin.headers, 'if-match': `"${d.services.advice}.v1"` },
      payload: body,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, costPence: 0, schedules: [{ weekday: 'TH' }] });
    expect(ok.json().locations).toHaveLength(1);
    expect(ok.headers.etag).toBe(`"${d.services.advice}.v2"`);
  });

  it('refuses bad input with the fields at fault, never a 500', async () => {
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/directory/services', headers: admin.headers, payload });
    const ages = await post({ organisationId: d.organisationId, name: 'x', minimumAge: 60, maximumAge: 18 });
    expect(ages.statusCode).toBe(400);
    expect(ages.json().errors[0].field).toBe('maximumAge');
    const org = await post({ organisationId: '00000000-0000-4000-8000-000000000000', name: 'x' });
    expect(org.json().errors[0].field).toBe('organisationId');
    const term = await post({
      organisationId: d.organisationId,
      name: 'x',
      termIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(term.json().errors[0].field).toBe('termIds.0');
    const hours = await post({
      organisationId: d.organisationId,
      name: 'x',
      schedules: [{ weekday: 'MO', opensAt: '12:00', closesAt: '09:00' }],
    });
    expect(hours.json().errors[0].field).toBe('schedules.0.closesAt');
    const extra = await post({ organisationId: d.organisationId, name: 'x', secret: true });
    expect(extra.statusCode).toBe(400);
    const csv = await t.app.inject({
      method: 'POST',
      url: '/v1/directory/postcodes',
      headers: admin.headers,
      payload: { csv: 'postcode,latitude,longitude\nSY1 1AA,north,1' },
    });
    expect(csv.statusCode).toBe(400);
    expect(csv.json()).toMatchObject({ code: 'csv_invalid', detail: expect.stringContaining('Line 2') });
  });

  it('is maintained by practice administrators; practitioners search it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/directory/organisations',
      headers: practitioner.headers,
      payload: { name: 'Nope' },
    });
    expect(res.statusCode).toBe(403);
    const partners = await t.app.inject({
      method: 'GET',
      url: '/v1/directory/organisations?kind=partner',
      headers: practitioner.headers,
    });
    expect(partners.json().items.map((o: { name: string }) => o.name)).toEqual(['Age Friendly Shropshire']);
  });
});
