import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';
import { agesText, connectionProblems, costText } from './api';

const ORG = '0196a3c4-0000-7000-8000-0000000d0001';
const SERVICE = '0196a3c4-0000-7000-8000-0000000d0002';
const TERM = '0196a3c4-0000-7000-8000-0000000d0003';
const TAXONOMY = '0196a3c4-0000-7000-8000-0000000d0004';

const service = (overrides: Record<string, unknown> = {}) => ({
  id: SERVICE,
  organisationId: ORG,
  organisationName: 'Age Friendly Shropshire',
  organisationKind: 'partner',
  name: 'Friendship lunch club',
  description: 'Hot lunch and company',
  url: null,
  email: null,
  phone: null,
  status: 'active',
  minimumAge: 60,
  maximumAge: null,
  eligibilityDescription: null,
  costPence: 450,
  costOption: 'per lunch',
  costDescription: null,
  practiceNotes: 'Ask for Sue',
  taxonomyTerms: [{ id: TERM, name: 'Company and food', taxonomyId: TAXONOMY, code: 'food' }],
  locations: [],
  contacts: [],
  schedules: [{ weekday: 'WE', opensAt: '11:30', closesAt: '14:00', description: null }],
  distanceKm: 1.26,
  version: 1,
  updatedAt: '2026-11-25T10:00:00.000Z',
  ...overrides,
});

const taxonomies = {
  items: [
    {
      id: TAXONOMY,
      name: 'Needs',
      description: '',
      uri: null,
      version: null,
      terms: [
        { id: TERM, taxonomyId: TAXONOMY, code: 'food', name: 'Company and food', description: '', parentId: null },
      ],
    },
  ],
};

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

describe('what a service says about itself', () => {
  it('gives cost in pounds and the ages served', () => {
    expect(costText({ costPence: 450, costOption: 'per lunch' })).toBe('£4.50 per lunch');
    expect(costText({ costPence: 0, costOption: null })).toBe('Free');
    expect(costText({ costPence: null, costOption: null })).toBe('');
    expect(agesText({ minimumAge: 60, maximumAge: null })).toBe('Ages 60+');
    expect(agesText({ minimumAge: 18, maximumAge: 65 })).toBe('Ages 18–65');
    expect(agesText({ minimumAge: null, maximumAge: null })).toBe('');
  });

  it('will not send a connection without consent or a lawful reason, nor without the ask', () => {
    expect(connectionProblems({ consent: false, overrideReason: ' ', ask: 'A place' })).toHaveProperty(
      'consentToShare',
    );
    expect(connectionProblems({ consent: false, overrideReason: 'Vital interests', ask: 'A place' })).toEqual({});
    expect(connectionProblems({ consent: true, overrideReason: '', ask: '' })).toHaveProperty('ask');
  });
});

describe('the community directory page', () => {
  it('searches by words, postcode and need, and shows each service with distance, cost, ages and opening times', async () => {
    const mounted = await mountAsAdmin(
      '/community-directory',
      {
        'GET /v1/directory/taxonomies': () => ({ body: taxonomies }),
        'GET /v1/directory/organisations': () => ({ body: { items: [] } }),
        'GET /v1/directory/services': () => ({
          body: {
            items: [service()],
            total: 1,
            nextCursor: null,
            near: { latitude: 52.7, longitude: -2.75, resolution: 'outcode' },
          },
        }),
      },
      ['practitioner'],
    );
    unmount = () => mounted.wrapper.unmount();
    await vi.waitFor(() => expect(mounted.wrapper.find('h1').text()).toBe('Community directory'));
    const search = mounted.wrapper.find('[data-testid="directory-search"]');
    await search.find('input[type="search"]').setValue('lunch');
    const postcode = search
      .findAll('input')
      .find(
        (i) => i.element.id && mounted.wrapper.find(`label[for="${i.element.id}"]`).text().startsWith('Near postcode'),
      );
    await postcode!.setValue('SY1 9ZZ');
    await search.find('select').setValue('5');
    await clickButton(mounted.wrapper, 'Search the directory');
    await flushPromises();
    const call = lastCall(mounted.seen, 'GET /v1/directory/services');
    expect(call?.query).toMatchObject({ q: 'lunch', postcode: 'SY1 9ZZ', radiusKm: '5' });
    const result = mounted.wrapper.find('[data-testid="directory-result"]').text();
    expect(result).toContain('Friendship lunch club');
    expect(result).toContain('1.3 km away');
    expect(result).toContain('Ages 60+ · £4.50 per lunch · Wednesday 11:30–14:00');
    expect(mounted.wrapper.text()).toContain('distances are from the centre of its district');
    // Practitioners search; only administrators keep the directory up to date.
    expect(mounted.wrapper.find('[data-testid="maintain"]').exists()).toBe(false);
  });

  it('lets an administrator list every entry and correct one in place, with If-Match', async () => {
    const mounted = await mountAsAdmin('/community-directory', {
      'GET /v1/directory/taxonomies': () => ({ body: taxonomies }),
      'GET /v1/directory/organisations': () => ({ body: { items: [] } }),
      'GET /v1/directory/services': () => ({ body: { items: [service()], total: 1, nextCursor: null } }),
      [`PATCH /v1/directory/services/${SERVICE}`]: (request) => ({
        body: service({ ...(request.body as object), version: 2 }),
        headers: { etag: `"${SERVICE}.v2"` },
      }),
    });
    unmount = () => mounted.wrapper.unmount();
    const { wrapper, seen } = mounted;
    await vi.waitFor(() => expect(wrapper.find('h1').exists()).toBe(true));
    await clickButton(wrapper, 'Search the directory');
    await flushPromises();
    // Nothing filled in: the whole directory is listed.
    expect(lastCall(seen, 'GET /v1/directory/services')!.query).toEqual({ limit: '20' });
    const editor = wrapper.find('[data-testid="service-editor"]');
    expect(editor.exists()).toBe(true);
    await wrapper.find(`#svc-name-${SERVICE}`).setValue('Friendship lunch club (Wednesdays)');
    await wrapper.find(`#svc-status-${SERVICE}`).setValue('temporarily closed');
    await clickButton(wrapper, 'Save the entry');
    const patch = lastCall(seen, `PATCH /v1/directory/services/${SERVICE}`)!;
    expect(patch.headers['if-match']).toBe(`"${SERVICE}.v1"`);
    expect(patch.body).toMatchObject({ name: 'Friendship lunch club (Wednesdays)', status: 'temporarily closed' });
    expect(wrapper.find('[data-testid="directory-result"] h3').text()).toBe('Friendship lunch club (Wednesdays)');
  });

  it('offers no editing to a practitioner', async () => {
    const mounted = await mountAsAdmin(
      '/community-directory',
      {
        'GET /v1/directory/taxonomies': () => ({ body: taxonomies }),
        'GET /v1/directory/organisations': () => ({ body: { items: [] } }),
        'GET /v1/directory/services': () => ({ body: { items: [service()], total: 1, nextCursor: null } }),
      },
      ['practitioner'],
    );
    unmount = () => mounted.wrapper.unmount();
    await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
    await clickButton(mounted.wrapper, 'Search the directory');
    await flushPromises();
    expect(mounted.wrapper.find('[data-testid="directory-result"]').exists()).toBe(true);
    expect(mounted.wrapper.find('[data-testid="service-editor"]').exists()).toBe(false);
  });

  it('shows the API’s reason when a postcode cannot be placed', async () => {
    const mounted = await mountAsAdmin('/community-directory', {
      'GET /v1/directory/taxonomies': () => ({ body: taxonomies }),
      'GET /v1/directory/organisations': () => ({ body: { items: [] } }),
      'GET /v1/directory/services': () => ({
        status: 400,
        body: problemBody(400, 'postcode_unknown', 'Postcode not known', {
          errors: [
            { in: 'query', field: 'postcode', pointer: '/postcode', message: 'is not a postcode the directory knows' },
          ],
        }),
      }),
    });
    unmount = () => mounted.wrapper.unmount();
    await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
    await clickButton(mounted.wrapper, 'Search the directory');
    await flushPromises();
    expect(mounted.wrapper.text()).toContain('Postcode not known');
    expect(mounted.wrapper.find('[data-testid="maintain"]').exists()).toBe(true);
  });
});
