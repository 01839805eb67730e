import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin, team } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';

// happy-dom has no 2D canvas for Chart.js to draw on: the chart is a plain canvas here, carrying
// the attributes the page gives it (what screen readers hear); the browser test draws real ones.
vi.mock('vue-chartjs', async () => {
  const { defineComponent, h } = await import('vue');
  return { Bar: defineComponent({ name: 'BarChart', render: () => h('canvas') }) };
});

const TEAM = '0196a3c4-0000-7000-8000-00000000a001';
const PERSON = '0196a3c4-0000-7000-8000-00000000p001'.replace('p', 'e');

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

const insights = (overrides: Record<string, unknown> = {}) => ({
  period: { from: '2026-06-01', to: '2026-06-03', days: 3 },
  teamId: null,
  contacts: {
    total: 9,
    withOutcome: 8,
    resolvedAtFirstContact: 6,
    resolvedAtFirstContactShare: 0.75,
    byOutcome: [
      { outcome: 'information_and_advice', count: 5 },
      { outcome: 'progressed_to_conversation_1', count: 2 },
      { outcome: null, count: 1 },
    ],
    perDay: [
      { date: '2026-06-01', contacts: 4, resolved: 3 },
      { date: '2026-06-02', contacts: 5, resolved: 3 },
      { date: '2026-06-03', contacts: 0, resolved: 0 },
    ],
  },
  conversations: [
    { kind: 1, opened: 2, concluded: 1, concludedResolved: 1 },
    { kind: 2, opened: 1, concluded: 0, concludedResolved: 0 },
    { kind: 3, opened: 0, concluded: 0, concludedResolved: 0 },
  ],
  stories: {
    opened: 2,
    reachedConversation3: 0,
    reachedConversation3Share: 0,
    longTermSupport: 0,
    longTermSupportShare: 0,
  },
  funnel: [
    { stage: 'contact', count: 9, shareOfContacts: 1 },
    { stage: 'conversation_1', count: 2, shareOfContacts: 0.2222 },
    { stage: 'conversation_2', count: 1, shareOfContacts: 0.1111 },
    { stage: 'conversation_3', count: 0, shareOfContacts: 0 },
    { stage: 'long_term_support', count: 0, shareOfContacts: 0 },
  ],
  contactToFirstConversation: { measured: 2, medianDays: 1.5, p90Days: 2.7 },
  intensivePlans: { active: 1, activeAtEnd: 1, meanLengthDays: 14, longestDays: 14 },
  contingency: { spends: 2, totalPence: 16_550, stories: 1 },
  eligibility: { determinations: 0, eligible: 0 },
  budgets: { signedOff: 1, signedOffWeeklyPence: 15_500, referredToPanel: 0 },
  reviews: { due: 1, overdueAtEnd: 2, completed: 0, completedOnTime: 0 },
  safeguarding: {
    concernsRaised: 1,
    decisionsMade: 2,
    decisionsOnTime: 1,
    decisionsOnTimeShare: 0.5,
    awaitingDecisionAtEnd: 0,
    overdueDecisionsAtEnd: 0,
    enquiriesStarted: { section42: 1, other: 0 },
    enquiriesConcluded: 0,
    enquiriesConcludedOnTime: 0,
    enquiriesConcludedOnTimeShare: null,
    openEnquiriesAtEnd: 1,
    overdueEnquiriesAtEnd: 0,
    makingSafeguardingPersonal: {
      askedExpressed: 0,
      askedNoneExpressed: 0,
      notAsked: 0,
      achievedFully: 0,
      achievedPartially: 0,
      achievedNot: 0,
    },
  },
  ...overrides,
});

async function open(path: string, routes: Parameters<typeof mountAsAdmin>[1], roles = ['practice_admin']) {
  const mounted = await mountAsAdmin(path, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

describe('the practice data dashboard', () => {
  it('shows the headline figures, and every chart’s numbers as a table', async () => {
    const { wrapper, seen } = await open('/practice-data', {
      'GET /v1/teams': () => ({ body: { items: [team(TEAM, 'Oswestry')] } }),
      'GET /v1/insights/practice': () => ({ body: insights() }),
    });
    expect(wrapper.find('h1').text()).toBe('Practice data');
    const first = lastCall(seen, 'GET /v1/insights/practice')!;
    expect(first.query.teamId).toBeUndefined();
    expect(first.query.from! < first.query.to!).toBe(true);
    const text = wrapper.text();
    expect(text).toContain('Resolved at first contact');
    expect(text).toContain('75%');
    expect(text).toContain('6 of 8 with an outcome');
    expect(text).toContain('1.5 days');
    expect(text).toContain('£166'); // contingency, in whole pounds
    expect(text).toContain('2 overdue');
    // The funnel's table alternative has each stage and its count.
    const funnel = wrapper.findAll('figure').find((f) => f.text().startsWith('The journey'))!;
    const rows = funnel.findAll('tbody tr').map((r) => r.findAll('th, td').map((c) => c.text()));
    expect(rows).toEqual([
      ['Contact at the front door', '9'],
      ['Conversation 1 — connect', '2'],
      ['Conversation 2 — when at risk', '1'],
      ['Conversation 3 — a good life', '0'],
      ['Long-term support', '0'],
    ]);
    // Each chart is an image with words for screen readers.
    const canvases = wrapper.findAll('canvas[role="img"]');
    expect(canvases.length).toBe(5);
    expect(canvases[0]!.attributes('aria-label')).toContain('Contact at the front door: 9 (100%)');
    const daily = wrapper.findAll('figure').find((f) => f.text().startsWith('Contacts each day'))!;
    expect(daily.findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))).toEqual([
      ['3', '1'],
      ['3', '2'],
      ['0', '0'],
    ]);
  });

  it('asks again for one team and a preset period', async () => {
    const { wrapper, seen } = await open('/practice-data', {
      'GET /v1/teams': () => ({ body: { items: [team(TEAM, 'Oswestry')] } }),
      'GET /v1/insights/practice': (r) => ({ body: insights({ teamId: r.query.teamId ?? null }) }),
    });
    await wrapper.find('select').setValue(TEAM);
    await clickButton(wrapper, 'Last 7 days');
    const call = lastCall(seen, 'GET /v1/insights/practice')!;
    expect(call.query.teamId).toBe(TEAM);
    const from = new Date(`${call.query.from}T12:00:00Z`).getTime();
    const to = new Date(`${call.query.to}T12:00:00Z`).getTime();
    expect((to - from) / 86_400_000).toBe(6);
    expect(wrapper.find('h2').text()).toContain('Oswestry');
    expect(calls(seen, 'GET /v1/insights/practice')).toHaveLength(2);
  });

  it('announces a period only with its own figures, and a slower earlier answer never replaces a later one', async () => {
    // The first (30-day) answer is held back until after the quarter's answer has arrived.
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let asked = 0;
    const { wrapper } = await open('/practice-data', {
      'GET /v1/teams': () => ({ body: { items: [] } }),
      'GET /v1/insights/practice': async (r) => {
        asked += 1;
        if (asked === 1) {
          await firstHeld;
          return { body: insights() };
        }
        const quarter = insights({ period: { from: r.query.from, to: r.query.to, days: 91 } });
        return { body: { ...quarter, contacts: { ...quarter.contacts, total: 1040 } } };
      },
    });
    const status = () => wrapper.find('[data-testid="insights-status"]').text();
    expect(status()).toBe('Counting…');
    await clickButton(wrapper, 'Last quarter');
    await vi.waitFor(() => expect(status()).toMatch(/^Showing the whole practice, .+ to .+\.$/));
    expect(wrapper.find('.figures__item dd').text()).toBe('1,040');
    releaseFirst();
    await flushPromises();
    // The late 30-day answer is dropped: the quarter's figures and words stay.
    expect(wrapper.find('.figures__item dd').text()).toBe('1,040');
    expect(wrapper.find('h2').text()).toContain('(91 days)');
    expect(status()).toMatch(/^Showing the whole practice/);
  });

  it('says what is wrong when the period is refused', async () => {
    const { wrapper } = await open('/practice-data', {
      'GET /v1/teams': () => ({ body: { items: [] } }),
      'GET /v1/insights/practice': () => ({
        status: 400,
        body: {
          ...problemBody(400, 'validation_failed', 'One or more fields are invalid.'),
          errors: [{ in: 'query', field: 'to', pointer: '/to', message: 'must be on or after `from`' }],
        },
      }),
    });
    expect(wrapper.find('[data-problem-code="validation_failed"]').exists()).toBe(true);
    expect(wrapper.find('.problem__errors').text()).toContain('must be on or after');
    expect(wrapper.findAll('canvas')).toHaveLength(0);
  });

  it('offers the data quality report to those who see the returns only', async () => {
    const routes = {
      'GET /v1/teams': () => ({ body: { items: [] } }),
      'GET /v1/insights/practice': () => ({ body: insights() }),
    };
    const admin = await open('/practice-data', routes, ['practice_admin']);
    expect(admin.wrapper.text()).toContain('Data quality for the returns');
    admin.wrapper.unmount();
    unmount = undefined;
    document.body.innerHTML = '';
    const practitioner = await open('/practice-data', routes, ['practitioner']);
    expect(practitioner.wrapper.text()).not.toContain('Data quality for the returns');
  });
});

describe('the data quality report', () => {
  it('lists each person with what to fix and a link to their page, and pages on', async () => {
    const page = (cursor: string | undefined) => ({
      population: 6,
      withIssues: 2,
      byField: [
        { field: 'nhsNumber', missing: 1, invalid: 0 },
        { field: 'ethnicity', missing: 0, invalid: 1 },
      ],
      items: cursor
        ? [
            {
              personId: PERSON.replace('e001', 'e002'),
              name: 'Edith Hammond',
              link: `/people/${PERSON.replace('e001', 'e002')}`,
              issues: [
                {
                  field: 'ethnicity',
                  problem: 'invalid',
                  message: 'The ethnicity is not a national category code.',
                  href: `/people/${PERSON.replace('e001', 'e002')}?fix=ethnicity`,
                },
              ],
            },
          ]
        : [
            {
              personId: PERSON,
              name: 'Ann Pritchard',
              link: `/people/${PERSON}`,
              issues: [
                {
                  field: 'nhsNumber',
                  problem: 'missing',
                  message: 'No NHS number: the council cannot link the record.',
                  href: `/people/${PERSON}?fix=nhsNumber`,
                },
              ],
            },
          ],
      nextCursor: cursor ? null : 'next',
    });
    const { wrapper, seen } = await open('/practice-data/data-quality', {
      'GET /v1/returns/data-quality': (r) => ({ body: page(r.query.cursor) }),
    });
    expect(wrapper.find('h1').text()).toBe('Data quality for the returns');
    const link = wrapper.findAll('a').find((a) => a.text() === 'Ann Pritchard')!;
    expect(link.attributes('href')).toBe(`/people/${PERSON}`);
    expect(wrapper.text()).toContain('NHS number: No NHS number: the council cannot link the record.');
    // Each problem links to the field that puts it right.
    const fix = wrapper.findAll('a').find((a) => a.text().startsWith('Put it right'))!;
    expect(fix.attributes('href')).toBe(`/people/${PERSON}?fix=nhsNumber`);
    expect(fix.text()).toContain('(NHS number, Ann Pritchard)');
    await clickButton(wrapper, 'Show more');
    expect(lastCall(seen, 'GET /v1/returns/data-quality')!.query.cursor).toBe('next');
    expect(wrapper.text()).toContain('Edith Hammond');
    expect(wrapper.text()).toContain('Ann Pritchard');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Show more')).toBe(false);
  });
});

describe('downloading the returns', () => {
  it('offers the Client Level Data file for a period typed as people write dates, once the period is one the API gives', async () => {
    const { wrapper } = await open('/practice-data/data-quality', {
      'GET /v1/returns/data-quality': () => ({
        body: { population: 0, withIssues: 0, byField: [], items: [], nextCursor: null },
      }),
    });
    expect(wrapper.find('[data-testid="cld-download"]').exists()).toBe(false);
    await wrapper.find('#return-from').setValue('1/4/2026');
    await wrapper.find('#return-to').setValue('31/03/2026');
    expect(wrapper.find('#return-to-error').text()).toContain('on or after the start');
    expect(wrapper.find('[data-testid="cld-download"]').exists()).toBe(false);
    await wrapper.find('#return-to').setValue('30/06/2026');
    const link = wrapper.find('[data-testid="cld-download"]');
    expect(link.attributes('href')).toBe('/v1/returns/client-level-data?from=2026-04-01&to=2026-06-30');
    expect(link.attributes('download')).toBeDefined();
    await wrapper.find('#return-from').setValue('01/04/2016');
    expect(wrapper.find('#return-to-error').text()).toContain('ten years');
    await wrapper.find('#return-from').setValue('32/01/2026');
    expect(wrapper.find('#return-from-error').text()).toContain('real date');
    // The typed text stays as typed.
    expect((wrapper.find('#return-from').element as HTMLInputElement).value).toBe('32/01/2026');
    await wrapper.find('#return-year').setValue('2025');
    expect(wrapper.find('[data-testid="sac-download"]').attributes('href')).toBe(
      '/v1/returns/safeguarding-adults?year=2025&format=csv',
    );
  });
});
