import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { apiClientKey, createApiClient } from '@/api/client';
import { createSessionStore, sessionKey } from '@/session/store';
import { fakeFetch, problemBody, sessionBody, type FakeAnswer, type SeenRequest } from '@/test-support/fetch';
import ChronologySection from './ChronologySection.vue';
import WarningBanner from './WarningBanner.vue';
import WarningsSection from './WarningsSection.vue';

const PERSON = '7f1c7c1e-2a52-4c8e-9d1c-1c2c3c4c5c6c';

afterEach(() => {
  sessionStorage.clear();
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

/** One component on its own, signed in with `roles`, the API played by `routes` ("METHOD /path"). */
async function mountWith(
  component: Component,
  routes: Record<string, (r: SeenRequest) => FakeAnswer>,
  roles = ['practitioner'],
  props: Record<string, unknown> = {},
) {
  const { seen } = fakeFetch((request) => {
    const handler = routes[`${request.method} ${request.path}`];
    return handler ? handler(request) : { status: 404, body: problemBody(404, 'not_found', 'Not found') };
  });
  const session = createSessionStore({ getSession: vi.fn(), signOut: vi.fn() } as never);
  session.set(sessionBody({ roles }) as never);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:p(.*)*', component: { render: () => null } }],
  });
  const wrapper = mount(component, {
    props: { personId: PERSON, ...props },
    attachTo: document.body,
    global: {
      plugins: [router],
      provide: {
        [apiClientKey as symbol]: createApiClient({ baseUrl: 'http://console.test', csrfToken: () => 'csrf-1' }),
        [sessionKey as symbol]: session,
      },
    },
  });
  await flushPromises();
  return { wrapper, seen };
}

const warningBody = (over: Record<string, unknown> = {}) => ({
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  personId: PERSON,
  kind: 'risk_to_staff',
  details: 'Son has threatened visitors: visit in pairs.',
  reviewOn: '2027-02-28',
  reviewDue: false,
  status: 'active',
  addedBy: { id: 'u-2', name: 'Alex Kim' },
  addedAt: '2026-11-30T10:00:00.000Z',
  lastReviewedAt: null,
  endedAt: null,
  endedBy: null,
  endReason: null,
  history: [
    {
      kind: 'added',
      by: { id: 'u-2', name: 'Alex Kim' },
      at: '2026-11-30T10:00:00.000Z',
      note: '',
      reviewOn: '2027-02-28',
    },
  ],
  ...over,
});
const warningsPath = `/v1/people/${PERSON}/warnings`;

describe('the warning banner', () => {
  it('shows active warnings in a labelled region, review due marked', async () => {
    const { wrapper } = await mountWith(WarningBanner, {
      [`GET ${warningsPath}`]: () => ({ body: { items: [warningBody({ reviewDue: true })] } }),
    });
    const region = wrapper.find('[data-testid="warning-banner"]');
    expect(region.exists()).toBe(true);
    const heading = wrapper.find(`#${region.attributes('aria-labelledby')}`);
    expect(heading.element.tagName).toBe('H2');
    expect(heading.text()).toBe('Warning: read before you visit or call');
    expect(region.text()).toContain('Risk to staff: Son has threatened visitors: visit in pairs.');
    expect(region.text()).toContain('review due now');
    expect(region.attributes('role')).toBeUndefined();
  });

  it('renders nothing when there are no warnings', async () => {
    const { wrapper } = await mountWith(WarningBanner, { [`GET ${warningsPath}`]: () => ({ body: { items: [] } }) });
    expect(wrapper.find('[data-testid="warning-banner"]').exists()).toBe(false);
    expect(wrapper.text()).toBe('');
  });

  it('renders nothing, and asks nothing, for a role that does not read warnings', async () => {
    const { wrapper, seen } = await mountWith(
      WarningBanner,
      { [`GET ${warningsPath}`]: () => ({ body: { items: [warningBody()] } }) },
      ['practice_admin'],
    );
    expect(wrapper.text()).toBe('');
    expect(seen.filter((r) => r.path === warningsPath)).toEqual([]);
  });

  it('sends the reason for a restricted record', async () => {
    const { seen } = await mountWith(
      WarningBanner,
      { [`GET ${warningsPath}`]: () => ({ body: { items: [] } }) },
      ['safeguarding_lead'],
      { accessReason: 'Joint visit today' },
    );
    expect(seen.find((r) => r.path === warningsPath)?.headers['x-access-reason']).toBe('Joint visit today');
  });
});

describe('the warnings section', () => {
  it('adds a warning, keeping what was typed when the API refuses the date', async () => {
    let answer: FakeAnswer = {
      status: 400,
      body: problemBody(400, 'review_date_too_far', 'Invalid review date', {
        errors: [{ in: 'body', field: 'reviewOn', pointer: '/reviewOn', message: 'Choose an earlier review date.' }],
      }),
    };
    const { wrapper, seen } = await mountWith(WarningsSection, {
      [`GET ${warningsPath}`]: () => ({ body: { items: [] } }),
      [`POST ${warningsPath}`]: () => answer,
    });
    expect(wrapper.find('[data-testid="no-warnings"]').text()).toBe('No active warnings.');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add a warning')!
      .trigger('click');
    await wrapper.find('select').setValue('risk_to_staff');
    await wrapper.find('textarea').setValue('Dog is not kept in');
    await wrapper.find('input[type="date"]').setValue('2028-01-01');
    await wrapper.find('form[aria-label="Add a warning"]').trigger('submit');
    await flushPromises();
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      kind: 'risk_to_staff',
      details: 'Dog is not kept in',
      reviewOn: '2028-01-01',
    });
    expect(wrapper.text()).toContain('Choose an earlier review date.');
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('Dog is not kept in');

    answer = { status: 201, body: warningBody() };
    await wrapper.find('input[type="date"]').setValue('2027-06-01');
    await wrapper.find('form[aria-label="Add a warning"]').trigger('submit');
    await flushPromises();
    expect(wrapper.emitted('changed')).toHaveLength(1);
    expect(wrapper.find('form[aria-label="Add a warning"]').exists()).toBe(false);
  });

  it('keeps a half-typed warning as a draft in the tab', async () => {
    const routes = { [`GET ${warningsPath}`]: () => ({ body: { items: [] } }) };
    const first = await mountWith(WarningsSection, routes);
    await first.wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add a warning')!
      .trigger('click');
    await first.wrapper.find('textarea').setValue('Visit in pairs');
    await flushPromises();
    first.wrapper.unmount();
    const again = await mountWith(WarningsSection, routes);
    const button = again.wrapper.findAll('button').find((b) => b.text() === 'Finish the warning you started');
    expect(button).toBeDefined();
    await button!.trigger('click');
    expect((again.wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('Visit in pairs');
  });

  it('reviews a warning that is still needed, and ends one with a reason', async () => {
    const { wrapper, seen } = await mountWith(WarningsSection, {
      [`GET ${warningsPath}`]: () => ({ body: { items: [warningBody()] } }),
      [`POST /v1/warnings/${warningBody().id}/review`]: () => ({ body: warningBody({ reviewOn: '2027-05-31' }) }),
      [`POST /v1/warnings/${warningBody().id}/end`]: () => ({ body: warningBody({ status: 'ended' }) }),
    });
    expect(wrapper.find('[data-testid="warning"]').text()).toContain('Review by 28 February 2027');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Review')!
      .trigger('click');
    await wrapper.find('input[type="date"]').setValue('2027-05-31');
    await wrapper.find('textarea').setValue('Son still at the address');
    await wrapper.find('[data-testid="warning"] form').trigger('submit');
    await flushPromises();
    expect(seen.find((r) => r.path.endsWith('/review'))?.body).toEqual({
      stillNeeded: true,
      nextReviewOn: '2027-05-31',
      note: 'Son still at the address',
    });

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'End warning')!
      .trigger('click');
    await wrapper.find('[data-testid="warning"] form').trigger('submit');
    expect(wrapper.text()).toContain('Say why it is no longer needed');
    await wrapper.find('[data-testid="warning"] textarea').setValue('Son moved away');
    await wrapper.find('[data-testid="warning"] form').trigger('submit');
    await flushPromises();
    expect(seen.find((r) => r.path.endsWith('/end'))?.body).toEqual({ reason: 'Son moved away' });
    expect(wrapper.emitted('changed')).toHaveLength(2);
  });

  it('offers no changes to a colleague who only reads, and lists ended ones on asking', async () => {
    const { wrapper, seen } = await mountWith(
      WarningsSection,
      {
        [`GET ${warningsPath}`]: (r) => ({
          body: {
            items: r.query.include ? [warningBody({ status: 'ended', endedAt: '2026-12-01T10:00:00.000Z' })] : [],
          },
        }),
      },
      ['practitioner'],
    );
    await wrapper.find('input[type="checkbox"]').setValue(true);
    await flushPromises();
    expect(seen.at(-1)?.query).toEqual({ include: 'ended' });
    expect(wrapper.find('[data-testid="warning"]').text()).toContain('(ended');
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Review');
  });
});

const entry = (n: number, over: Record<string, unknown> = {}) => ({
  at: `2026-11-${String(30 - n).padStart(2, '0')}T10:00:00.000Z`,
  kind: 'note',
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  title: `Case note: visit ${n}`,
  summary: `Visit number ${n}`,
  by: { id: 'u-2', name: 'Alex Kim' },
  link: { type: 'note', id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` },
  ...over,
});
const chronologyPath = `/v1/people/${PERSON}/chronology`;

describe('the chronology section', () => {
  it('lists entries newest first with who and when, and loads more from the cursor', async () => {
    const { wrapper, seen } = await mountWith(ChronologySection, {
      [`GET ${chronologyPath}`]: (r) =>
        r.query.cursor
          ? { body: { items: [entry(3)], nextCursor: null } }
          : {
              body: {
                items: [
                  entry(1),
                  entry(2, {
                    kind: 'conversation_started',
                    title: 'Conversation 1 started',
                    link: { type: 'conversation', id: 'c0000000-0000-4000-8000-000000000001' },
                  }),
                ],
                nextCursor: 'next-1',
              },
            },
    });
    const items = () => wrapper.findAll('[data-testid="chronology-entry"]');
    expect(items().map((li) => li.find('strong').text())).toEqual(['Case note: visit 1', 'Conversation 1 started']);
    expect(items()[0]!.text()).toContain('Alex Kim');
    expect(items()[1]!.find('a').attributes('href')).toBe('/conversations/c0000000-0000-4000-8000-000000000001');
    expect(seen[0]!.query).toEqual({ limit: '50' });
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Load more')!
      .trigger('click');
    await flushPromises();
    expect(seen.at(-1)!.query).toEqual({ limit: '50', cursor: 'next-1' });
    expect(items()).toHaveLength(3);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
  });

  it('filters by kind and dates, and prints with the same filters', async () => {
    const { wrapper, seen } = await mountWith(ChronologySection, {
      [`GET ${chronologyPath}`]: () => ({ body: { items: [], nextCursor: null } }),
    });
    expect(wrapper.find('[data-testid="chronology-empty"]').exists()).toBe(true);
    const caseNotes = wrapper.findAll('label').find((l) => l.text() === 'Case notes')!;
    await caseNotes.find('input').setValue(true);
    await wrapper.findAll('input[type="date"]')[0]!.setValue('2026-11-01');
    await flushPromises();
    const last = seen.at(-1)!;
    expect(last.query).toEqual({ limit: '50', kinds: 'note', from: '2026-11-01' });
    const print = wrapper.findAll('a').find((a) => a.text().startsWith('Print the chronology'))!;
    expect(print.attributes('href')).toBe(`/v1/people/${PERSON}/chronology.pdf?kinds=note&from=2026-11-01`);
  });

  it('says what went wrong and offers to try again', async () => {
    const { wrapper } = await mountWith(ChronologySection, {
      [`GET ${chronologyPath}`]: () => ({ status: 503, body: problemBody(503, 'unavailable', 'Unavailable') }),
    });
    expect(wrapper.findAll('button').some((b) => b.text() === 'Try again')).toBe(true);
  });
});
