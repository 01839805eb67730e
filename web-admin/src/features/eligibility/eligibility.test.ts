import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody, refusedWithout, giveReason } from '@/test-support/fetch';
import { MARGARET } from '@/test-support/people';
import { emptyEligibilityForm, formErrors, toDetermination } from './eligibilityForm';
import { personBody } from '@/test-support/people';
import { forgetPersonSummaries } from '../people/personSummary';

const CONVERSATION = '0196a3c4-0000-7000-8000-00000000c003';
const STORY = '0196a3c4-0000-7000-8000-00000000b001';
const DETERMINATION = '0196a3c4-0000-7000-8000-00000000e001';
const SON = '0196a3c4-0000-7000-8000-00000000a002';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
  // What was typed is kept as a draft in the tab; each test starts with a fresh form.
  sessionStorage.clear();
});

type Routes = Parameters<typeof mountAsAdmin>[1];

async function open(path: string, routes: Routes, roles = ['social_worker']) {
  const mounted = await mountAsAdmin(path, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

const determinationBody = (overrides: Record<string, unknown> = {}) => ({
  id: DETERMINATION,
  personId: MARGARET,
  kind: 'adult',
  caredForPersonId: null,
  storyId: STORY,
  conversationId: CONVERSATION,
  decidedById: '0196a3c4-0000-7000-8000-000000000009',
  decidedByName: 'Sam Okafor',
  decidedAt: '2026-11-25T10:00:00.000Z',
  eligible: true,
  summary: 'Your needs meet the national eligibility criteria for care and support: all three conditions are met.',
  findings: [
    { criterion: 'needs-arise', met: true, reason: 'Your needs arise from a stroke.' },
    { criterion: 'outcomes', met: true, reason: 'You are unable to achieve two of the ten outcomes.' },
    { criterion: 'wellbeing', met: true, reason: 'There is a significant impact on your dignity.' },
  ],
  eligibleNeeds: ['nutrition', 'toilet-needs'],
  periodConsidered: null,
  inputs: {
    kind: 'adult',
    needsArise: true,
    condition: 'Stroke',
    outcomes: [
      { outcome: 'nutrition', unableWays: ['needs-assistance'] },
      { outcome: 'toilet-needs', unableWays: ['takes-significantly-longer'] },
    ],
    wellbeing: { significant: true, areas: ['dignity'] },
    needsFluctuate: false,
  },
  indicativeBudget: {
    rasVersion: 2,
    lines: [
      { need: 'nutrition', label: 'managing and maintaining nutrition', points: 12, inTable: true },
      { need: 'toilet-needs', label: 'managing toilet needs', points: 12, inTable: true },
    ],
    totalPoints: 24,
    pencePerPoint: 500,
    uncappedWeeklyPence: 12000,
    weeklyPence: 12000,
    capped: false,
    explanation: '24 points at £5.00 a point gives £120.00 a week.',
  },
  ...overrides,
});

const screenRoutes = (kind = 3, overrides: Routes = {}): Routes => ({
  [`GET /v1/conversations/${CONVERSATION}`]: () => ({
    body: { id: CONVERSATION, storyId: STORY, kind, status: 'open' },
  }),
  [`GET /v1/stories/${STORY}`]: () => ({ body: { id: STORY, personId: MARGARET } }),
  [`GET /v1/people/${MARGARET}/relationships`]: () => ({
    body: {
      items: [
        {
          id: '0196a3c4-0000-7000-8000-00000000f001',
          pairId: '0196a3c4-0000-7000-8000-00000000f002',
          personId: MARGARET,
          relatedPersonId: SON,
          relatedPersonName: 'Peter Ellis',
          type: 'cared_for_by',
          isMainCarer: false,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    },
  }),
  'GET /v1/eligibility-determinations': () => ({ body: { items: [], nextCursor: null } }),
  ...overrides,
});

describe('the eligibility screen', () => {
  it('goes outcome by outcome: ten for an adult with four ways, eight for a carer with three', async () => {
    const { wrapper } = await open(`/conversations/${CONVERSATION}/eligibility`, screenRoutes());
    expect(wrapper.find('h1').text()).toBe('Decide eligibility');
    const outcomes = () => wrapper.findAll('[data-testid="outcomes"] fieldset');
    expect(outcomes()).toHaveLength(10);
    expect(outcomes()[0]!.find('legend').text()).toBe('Managing and maintaining nutrition');
    expect(outcomes()[0]!.findAll('input[type="checkbox"]')).toHaveLength(4);
    // What each way means is said once, above the outcomes, not under every one of the ten.
    const said = (text: string) => wrapper.text().split(text).length - 1;
    expect(said('Including needing to be prompted.')).toBe(1);
    expect(wrapper.find('[data-testid="ways-explained"]').text()).toContain('Cannot without help');
    await wrapper.find('input[name="kind"][value="carer"]').setValue(true);
    await flushPromises();
    expect(outcomes()).toHaveLength(8);
    expect(outcomes()[0]!.findAll('input[type="checkbox"]')).toHaveLength(3);
    expect(wrapper.text()).not.toContain('Only taking significantly longer');
    expect(wrapper.find('#cared-for').text()).toContain('Peter Ellis');
  });

  it('records the decision and opens it with its reasons', async () => {
    const { wrapper, seen, router } = await open(
      `/conversations/${CONVERSATION}/eligibility`,
      screenRoutes(3, {
        'POST /v1/eligibility-determinations': () => ({ status: 201, body: determinationBody() }),
        [`GET /v1/eligibility-determinations/${DETERMINATION}`]: () => ({ body: determinationBody() }),
        [`GET /v1/eligibility-determinations/${DETERMINATION}/letter`]: () => ({ body: '<p>Dear Margaret</p>' }),
      }),
    );
    await wrapper.find('input[name="needs-arise"][value="yes"]').setValue(true);
    await wrapper.find('#condition').setValue('Stroke in 2024');
    await wrapper.find('#outcome-nutrition').setValue(true); // the first way: cannot without help
    await wrapper.find('#outcome-toilet-needs-takes-significantly-longer').setValue(true);
    expect(wrapper.find('[data-testid="unmet-count"]').text()).toBe('2');
    await wrapper.find('input[name="wellbeing-significant"][value="yes"]').setValue(true);
    await wrapper.find('#wellbeing-areas').setValue(true);
    await wrapper.find('form[aria-label="Eligibility"]').trigger('submit');
    await flushPromises();
    const sent = lastCall(seen, 'POST /v1/eligibility-determinations')!.body as Record<string, unknown>;
    expect(sent).toEqual({
      conversationId: CONVERSATION,
      inputs: {
        kind: 'adult',
        needsArise: true,
        condition: 'Stroke in 2024',
        outcomes: [
          { outcome: 'nutrition', unableWays: ['needs-assistance'] },
          { outcome: 'toilet-needs', unableWays: ['takes-significantly-longer'] },
        ],
        wellbeing: { significant: true, areas: ['dignity'] },
        needsFluctuate: false,
      },
    });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('eligibility-determination'));
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('Eligible');
    expect(wrapper.find('[data-testid="findings"]').text()).toContain('What they are unable to do: met.');
    expect(wrapper.find('[data-testid="indicative"]').text()).toContain('£120.00 a week');
    expect(wrapper.find('[data-testid="derivation"]').text()).toContain('Managing toilet needs');
    expect(wrapper.find('[data-testid="letter-pdf"]').attributes('href')).toBe(
      `/v1/eligibility-determinations/${DETERMINATION}/letter?format=pdf`,
    );
    expect(wrapper.find('[data-testid="letter-preview"]').attributes('srcdoc')).toContain('Dear Margaret');
  });

  it('asks for the answers it needs before sending anything', async () => {
    const { wrapper, seen } = await open(`/conversations/${CONVERSATION}/eligibility`, screenRoutes());
    await clickButton(wrapper, 'Record the decision');
    expect(calls(seen, 'POST /v1/eligibility-determinations')).toHaveLength(0);
    expect(wrapper.text()).toContain('Answer whether their needs arise this way');
  });

  it('shows what the API refused, in words', async () => {
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}/eligibility`,
      screenRoutes(3, {
        'POST /v1/eligibility-determinations': () => ({
          status: 409,
          body: problemBody(409, 'story_closed', 'Story closed', { detail: 'This story is closed.' }),
        }),
      }),
    );
    await wrapper.find('input[name="needs-arise"][value="no"]').setValue(true);
    await wrapper.find('input[name="wellbeing-significant"][value="no"]').setValue(true);
    await clickButton(wrapper, 'Record the decision');
    expect(wrapper.find('[data-problem-code="story_closed"]').exists()).toBe(true);
  });

  it('is not offered in conversation 1, nor to a practitioner', async () => {
    const first = await open(`/conversations/${CONVERSATION}/eligibility`, screenRoutes(1));
    expect(first.wrapper.text()).toContain('Eligibility is decided in conversation 3');
    expect(first.wrapper.find('[data-testid="eligibility-form"]').exists()).toBe(false);
    unmount?.();
    const practitioner = await open(`/conversations/${CONVERSATION}/eligibility`, screenRoutes(3), ['practitioner']);
    expect(practitioner.wrapper.text()).toContain('A social worker decides eligibility');
    expect(practitioner.wrapper.find('[data-testid="eligibility-form"]').exists()).toBe(false);
  });
});

describe('the eligibility form', () => {
  it('needs the period considered when needs fluctuate, and sends it', () => {
    const form = { ...emptyEligibilityForm('carer'), needsFluctuate: ['yes'] };
    expect(Object.keys(formErrors(form))).toEqual(
      expect.arrayContaining(['cared-for', 'health-deteriorating', 'period-from', 'period-to', 'period-description']),
    );
    const filled = {
      ...form,
      caredForPersonId: SON,
      needsArise: ['yes'],
      healthDeteriorating: ['yes'],
      significant: ['yes'],
      areas: ['health'],
      periodFrom: '2026-09-01',
      periodTo: '2026-11-01',
      periodDescription: 'Nights are the hardest',
    };
    expect(formErrors(filled)).toEqual({});
    const body = toDetermination(filled, CONVERSATION);
    expect(body.caredForPersonId).toBe(SON);
    expect(body.inputs).toMatchObject({
      kind: 'carer',
      healthDeteriorating: true,
      outcomes: [],
      periodConsidered: { from: '2026-09-01', to: '2026-11-01', description: 'Nights are the hardest' },
    });
  });
});

const rasBody = {
  id: '0196a3c4-0000-7000-8000-00000000d001',
  version: 1,
  rows: [{ kind: 'adult', need: 'nutrition', points: 12 }],
  pencePerPoint: 500,
  maximumWeeklyPence: null,
  note: 'Starting table',
  createdById: null,
  createdAt: '2026-11-01T09:00:00.000Z',
};

describe('reference data (administration)', () => {
  const routes = (overrides: Routes = {}): Routes => ({
    'GET /v1/reference/ras': () => ({ body: rasBody, headers: { etag: '"ras.v1"' } }),
    'GET /v1/reference/unit-costs': () => ({ body: { items: [] } }),
    'GET /v1/reference/delegated-limits': () => ({
      body: { limits: [{ role: 'social_worker', weeklyLimitPence: 30_000 }] },
    }),
    ...overrides,
  });

  it('saves the resource allocation table as a new version from the version read', async () => {
    const { wrapper, seen } = await open(
      '/administration/reference-data',
      routes({
        'PUT /v1/reference/ras': () => ({
          body: { ...rasBody, version: 2, pencePerPoint: 550 },
          headers: { etag: '"ras.v2"' },
        }),
      }),
      ['practice_admin'],
    );
    expect((wrapper.find('#points-adult-nutrition').element as HTMLInputElement).value).toBe('12');
    expect((wrapper.find('#rate').element as HTMLInputElement).value).toBe('5.00');
    await wrapper.find('#points-adult-toilet-needs').setValue('10');
    await wrapper.find('#rate').setValue('5.50');
    await clickButton(wrapper, 'Save as a new version');
    const put = lastCall(seen, 'PUT /v1/reference/ras')!;
    expect(put.headers['if-match']).toBe('"ras.v1"');
    expect(put.body).toMatchObject({
      rows: [
        { kind: 'adult', need: 'nutrition', points: 12 },
        { kind: 'adult', need: 'toilet-needs', points: 10 },
      ],
      pencePerPoint: 550,
      maximumWeeklyPence: null,
    });
    expect(wrapper.text()).toContain('Saved as version 2');
  });

  it('refuses points that are not whole numbers without asking the API', async () => {
    const { wrapper, seen } = await open('/administration/reference-data', routes(), ['practice_admin']);
    await wrapper.find('#points-carer-recreation').setValue('2.5');
    await clickButton(wrapper, 'Save as a new version');
    expect(calls(seen, 'PUT /v1/reference/ras')).toHaveLength(0);
    expect(wrapper.text()).toContain('Enter whole points from 0 to 1000');
  });

  it('adds a unit cost in pounds, sent as pence', async () => {
    const { wrapper, seen } = await open(
      '/administration/reference-data',
      routes({ 'POST /v1/reference/unit-costs': () => ({ status: 201, body: {} }) }),
      ['practice_admin'],
    );
    await wrapper.find('#new-cost-name').setValue('Home care, one hour');
    await wrapper.find('#new-cost-cost').setValue('24.60');
    await clickButton(wrapper, 'Add the unit cost');
    expect(lastCall(seen, 'POST /v1/reference/unit-costs')!.body).toEqual({
      name: 'Home care, one hour',
      unit: 'hour',
      costPence: 2460,
      notes: '',
    });
  });
  it('sets the delegated sign-off limits in pounds, sent as pence, and names a bad one', async () => {
    const { wrapper, seen } = await open(
      '/administration/reference-data',
      routes({
        'PUT /v1/reference/delegated-limits': (request) => ({ body: request.body as object }),
      }),
      ['practice_admin'],
    );
    await vi.waitFor(() => expect(wrapper.find('#limit-social_worker').exists()).toBe(true));
    // Only the roles that may sign off a budget are offered.
    expect(wrapper.findAll('[data-testid="delegated-limits"] input')).toHaveLength(1);
    expect((wrapper.find('#limit-social_worker').element as HTMLInputElement).value).toBe('300.00');
    await wrapper.find('#limit-social_worker').setValue('abc');
    await clickButton(wrapper, 'Save the limits');
    expect(calls(seen, 'PUT /v1/reference/delegated-limits')).toHaveLength(0);
    expect(wrapper.find('[data-testid="delegated-limits"]').text()).toContain('The limit');
    await wrapper.find('#limit-social_worker').setValue('450.50');
    await clickButton(wrapper, 'Save the limits');
    expect(lastCall(seen, 'PUT /v1/reference/delegated-limits')!.body).toEqual({
      limits: [{ role: 'social_worker', weeklyLimitPence: 45_050 }],
    });
    await vi.waitFor(() => expect(wrapper.text()).toContain('Budgets signed off from now on use these limits.'));
    // An empty limit delegates none.
    await wrapper.find('#limit-social_worker').setValue('');
    await clickButton(wrapper, 'Save the limits');
    expect(lastCall(seen, 'PUT /v1/reference/delegated-limits')!.body).toEqual({ limits: [] });
  });
});

/** The header over a screen about a person: their name, key facts, before the screen's own h1. */
async function expectPersonHeader(wrapper: VueWrapper, name = 'Margaret Hammond') {
  await vi.waitFor(() => expect(wrapper.find('[data-testid="person-header-name"]').exists()).toBe(true));
  const header = wrapper.find('[data-testid="person-header"]');
  expect(header.attributes('aria-label')).toBe(`About ${name}`);
  expect(header.find('[data-testid="person-header-name"]').text()).toBe(name);
  expect(header.text()).toContain('943 476 5919');
  expect(header.find('h1').exists()).toBe(false);
}

describe('the person eligibility is decided for', () => {
  afterEach(() => forgetPersonSummaries());

  it('is named with their key facts over the eligibility screen', async () => {
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}/eligibility`,
      screenRoutes(3, { [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody() }) }),
    );
    await expectPersonHeader(wrapper);
    expect(wrapper.find('h1').text()).toBe('Decide eligibility');
  });

  it('is named with their key facts over a decision', async () => {
    const { wrapper } = await open(`/eligibility/${DETERMINATION}`, {
      [`GET /v1/eligibility-determinations/${DETERMINATION}`]: () => ({ body: determinationBody() }),
      [`GET /v1/eligibility-determinations/${DETERMINATION}/letter`]: () => ({ body: '<p>Dear Margaret</p>' }),
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody() }),
    });
    await expectPersonHeader(wrapper);
  });
});

describe('a restricted person’s decision', () => {
  const reason = 'Safeguarding enquiry this morning';
  const needsReason = refusedWithout(reason);
  const letterPath = `/v1/eligibility-determinations/${DETERMINATION}/letter`;
  const routes: Routes = {
    [`GET /v1/eligibility-determinations/${DETERMINATION}`]: (request) =>
      needsReason(request.headers) ?? { body: determinationBody() },
    [`GET ${letterPath}`]: (request) => needsReason(request.headers) ?? { body: '<p>Dear Margaret</p>' },
  };

  it('asks why first; the decision, its preview and the letter are read with the reason', async () => {
    const { wrapper, seen } = await open(`/eligibility/${DETERMINATION}`, routes);
    expect(wrapper.find('[data-testid="restricted"]').exists()).toBe(true);
    expect(wrapper.text()).not.toContain('Your needs arise');
    const dialog = wrapper.find('[data-testid="reason-dialog"]');
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
    await dialog.trigger('cancel');
    await flushPromises();
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    await clickButton(wrapper, 'Say why and open it');
    await giveReason(dialog, reason);
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Eligible'));
    await flushPromises();
    expect(wrapper.find('[data-testid="findings"]').text()).toContain('Your needs arise from a stroke.');
    expect(lastCall(seen, `GET ${letterPath}`)?.headers['x-access-reason']).toBe(reason);
    expect(wrapper.find('[data-testid="letter-preview"]').attributes('srcdoc')).toContain('Dear Margaret');

    // The letter cannot be a plain link (a link sends no reason): it is fetched with the reason and saved.
    const saved = vi.fn();
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:letter');
    const revoked = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved(this.href, this.download);
    });
    const before = calls(seen, `GET ${letterPath}`).length;
    await wrapper.find('[data-testid="letter-pdf"]').trigger('click');
    await flushPromises();
    await vi.waitFor(() => expect(saved).toHaveBeenCalledWith('blob:letter', ''));
    click.mockRestore();
    created.mockRestore();
    revoked.mockRestore();
    const asked = calls(seen, `GET ${letterPath}`).slice(before);
    expect(asked.map((r) => [r.query.format, r.headers['x-access-reason']])).toEqual([['pdf', reason]]);
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('says so in words when the letter is refused, rather than opening a page of JSON', async () => {
    const { wrapper } = await open(`/eligibility/${DETERMINATION}`, {
      ...routes,
      [`GET ${letterPath}`]: (request) =>
        request.query.format === 'pdf'
          ? { status: 403, body: problemBody(403, 'forbidden', 'Not allowed', { detail: 'You may not print this.' }) }
          : (needsReason(request.headers) ?? { body: '<p>Dear Margaret</p>' }),
    });
    const dialog = wrapper.find('[data-testid="reason-dialog"]');
    await giveReason(dialog, reason);
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Eligible'));
    await wrapper.find('[data-testid="letter-pdf"]').trigger('click');
    await flushPromises();
    await vi.waitFor(() =>
      expect(wrapper.find('[role="alert"][data-problem-code="forbidden"]').text()).toContain('You may not print this.'),
    );
  });
});
