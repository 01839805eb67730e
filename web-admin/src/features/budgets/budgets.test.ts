import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody, refusedWithout, giveReason } from '@/test-support/fetch';
import { blankLine, draftProblems, linesOf, liveFigures, type BudgetDraft } from './budgetForm';
import { personBody } from '@/test-support/people';
import { forgetPersonSummaries } from '../people/personSummary';

const BUDGET = '0196a3c4-0000-7000-8000-0000000b0d01';
const DETERMINATION = '0196a3c4-0000-7000-8000-0000000de701';
const PERSON = '0196a3c4-0000-7000-8000-000000000101';
const REVIEW = '0196a3c4-0000-7000-8000-0000000e0e01';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];

async function open(path: string, routes: Routes, roles = ['social_worker']) {
  const mounted = await mountAsAdmin(path, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

const period = (weekly: number) => ({ weeklyPence: weekly, fourWeeklyPence: weekly * 4, annualPence: weekly * 52 });

const budgetBody = (overrides: Record<string, unknown> = {}) => ({
  id: BUDGET,
  personId: PERSON,
  personName: 'Edith Marsh',
  storyId: '0196a3c4-0000-7000-8000-0000000000a1',
  teamId: null,
  conversationId: '0196a3c4-0000-7000-8000-0000000000c3',
  determinationId: DETERMINATION,
  status: 'draft',
  indicativeWeeklyPence: 15_000,
  goodLife: '',
  planLines: [],
  fundingSources: [],
  management: null,
  totals: {
    weeklyPence: 0,
    fourWeeklyPence: 0,
    annualPence: 0,
    paidLines: 0,
    unpaidLines: 0,
    differenceFromIndicativePence: -15_000,
  },
  statement: {
    total: period(0),
    personContribution: period(0),
    council: period(0),
    nhs: period(0),
    otherPublic: period(0),
    balanced: true,
  },
  readyToSignOff: false,
  notReadyBecause: [{ code: 'plan_has_no_lines', detail: 'The support plan has no lines yet.' }],
  referredAt: null,
  panel: null,
  signedOffAt: null,
  signedOffById: null,
  agreedWeeklyPence: null,
  liveOn: null,
  nextReview: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  version: 1,
  ...overrides,
});

const determinationBody = {
  id: DETERMINATION,
  indicativeBudget: {
    rasVersion: 1,
    lines: [
      { need: 'nutrition', label: 'managing and maintaining nutrition', points: 15, inTable: true },
      { need: 'personal-hygiene', label: 'maintaining personal hygiene', points: 15, inTable: true },
    ],
    totalPoints: 30,
    pencePerPoint: 500,
    uncappedWeeklyPence: 15_000,
    weeklyPence: 15_000,
    capped: false,
    explanation: '30 points at £5.00 a point: £150.00 a week.',
  },
};

const budgetRoutes = (overrides: Routes = {}): Routes => ({
  [`GET /v1/personal-budgets/${BUDGET}`]: () => ({ body: budgetBody(), headers: { etag: `"${BUDGET}.v1"` } }),
  [`GET /v1/eligibility-determinations/${DETERMINATION}`]: () => ({ body: determinationBody }),
  'GET /v1/reference/unit-costs': () => ({ body: { items: [] } }),
  ...overrides,
});

describe('budget arithmetic in the console', () => {
  const draft = (lines: BudgetDraft['lines']): BudgetDraft => ({
    goodLife: '',
    lines,
    funding: [{ kind: 'council', amount: '100', description: '' }],
    management: { method: '', section: '', authorisedPerson: '', conditions: '', parts: [] },
  });

  it('turns typed pounds into pence and counts unpaid lines at £0', () => {
    const d = draft([
      { ...blankLine(), what: 'Carer visits', unitCost: '£24.50', unitsPerWeek: '7' },
      { ...blankLine(), what: 'Son’s visit', provider: 'family', paid: false, unitCost: '99', unitsPerWeek: '2' },
    ]);
    expect(linesOf(d).map((l) => l.unitCostPence)).toEqual([2450, 0]);
    const live = liveFigures(d);
    expect(live.totals).toMatchObject({
      weeklyPence: 17_150,
      fourWeeklyPence: 68_600,
      annualPence: 891_800,
      unpaidLines: 1,
    });
    expect(live.gapPence).toBe(17_150 - 10_000);
  });

  it('names each field at fault', () => {
    const d = draft([{ ...blankLine(), unitCost: '12.345', unitsPerWeek: '1.1' }]);
    expect(draftProblems(d)).toEqual({
      'lines.0.what': 'Say what the support is',
      'lines.0.unitCost': 'The unit cost must have no more than 2 decimal places',
      'lines.0.unitsPerWeek': 'Enter units a week, in quarters (for example 7 or 1.25)',
    });
  });
});

describe('the budget builder', () => {
  it('shows the indicative figure with its derivation and keeps live weekly, four-weekly and annual totals', async () => {
    const { wrapper } = await open(`/budgets/${BUDGET}`, budgetRoutes());
    expect(wrapper.find('[data-testid="indicative"]').text()).toBe('£150.00 a week');
    expect(wrapper.find('[data-testid="derivation"]').text()).toContain('30 points');
    // The domain names needs in running-text case; the table starts each with a capital.
    const needs = wrapper.findAll('tbody tr td:first-child').map((c) => c.text());
    expect(needs).toEqual(
      expect.arrayContaining(['Managing and maintaining nutrition', 'Maintaining personal hygiene']),
    );
    await clickButton(wrapper, 'Add a line');
    const byLabel = (text: string) => {
      const label = wrapper.findAll('[data-testid="plan-line"] label[for]').find((l) => l.text().startsWith(text))!;
      return wrapper.find(`#${label.attributes('for')}`);
    };
    await byLabel('Line 1').setValue('Help to get washed');
    await byLabel('Cost of one hour').setValue('24.50');
    await byLabel('Hours in a week').setValue('7.25');
    expect(wrapper.find('[data-testid="weekly-total"]').text()).toBe('£177.63'); // 7.25 × £24.50 = £177.625, half up
    expect(wrapper.find('[data-testid="four-weekly-total"]').text()).toBe('£710.52');
    expect(wrapper.find('[data-testid="annual-total"]').text()).toBe('£9,236.76');
    expect(wrapper.find('[data-testid="funding-gap"]').text()).toContain('£177.63 a week short of');
    await clickButton(wrapper, 'The council pays the rest');
    expect(wrapper.find('[data-testid="funding-gap"]').exists()).toBe(false);
  });

  it('saves with If-Match, in pence, and says when the weekly total went to the council’s panel', async () => {
    const { wrapper, seen } = await open(
      `/budgets/${BUDGET}`,
      budgetRoutes({
        [`PATCH /v1/personal-budgets/${BUDGET}`]: (request) => ({
          body: budgetBody({
            planLines: (request.body as { planLines: unknown[] }).planLines.map((l) => ({
              ...(l as object),
              weeklyPence: 50_000,
            })),
            version: 2,
          }),
          headers: { etag: `"${BUDGET}.v2"` },
        }),
        [`POST /v1/personal-budgets/${BUDGET}/sign-off`]: () => ({
          status: 409,
          body: problemBody(409, 'above_delegated_limit', 'It has gone to the council’s panel for a decision.'),
        }),
      }),
    );
    await clickButton(wrapper, 'Add a line');
    const byLabel = (text: string) => {
      const label = wrapper.findAll('[data-testid="plan-line"] label[for]').find((l) => l.text().startsWith(text))!;
      return wrapper.find(`#${label.attributes('for')}`);
    };
    await byLabel('Line 1').setValue('Live-in care');
    await byLabel('Cost of one hour').setValue('500');
    await byLabel('Hours in a week').setValue('1');
    await clickButton(wrapper, 'Sign off');
    const patch = lastCall(seen, `PATCH /v1/personal-budgets/${BUDGET}`)!;
    expect(patch.headers['if-match']).toBe(`"${BUDGET}.v1"`);
    expect((patch.body as { planLines: { unitCostPence: number }[] }).planLines[0]!.unitCostPence).toBe(50_000);
    expect(lastCall(seen, `POST /v1/personal-budgets/${BUDGET}/sign-off`)!.headers['if-match']).toBe(`"${BUDGET}.v2"`);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="panel-referral"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="panel-referral"]').text()).toContain('council’s panel');
  });

  it('says before the click when signing off will send the budget to the council’s panel, and why', async () => {
    const signOffButtons = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) =>
      wrapper
        .findAll('button')
        .map((b) => b.text())
        .filter((t) => t.startsWith('Sign off'));
    const withLimit = async (limit: { weeklyLimitPence: number | null; from: string }) => {
      const mounted = await open(
        `/budgets/${BUDGET}`,
        budgetRoutes({ 'GET /v1/personal-budgets/my-sign-off-limit': () => ({ body: limit }) }),
      );
      await clickButton(mounted.wrapper, 'Add a line');
      const byLabel = (text: string) => {
        const label = mounted.wrapper
          .findAll('[data-testid="plan-line"] label[for]')
          .find((l) => l.text().startsWith(text))!;
        return mounted.wrapper.find(`#${label.attributes('for')}`);
      };
      await byLabel('Line 1').setValue('Live-in care');
      await byLabel('Cost of one hour').setValue('500');
      await byLabel('Hours in a week').setValue('1'); // £500 a week
      await flushPromises();
      return mounted.wrapper;
    };
    const above = await withLimit({ weeklyLimitPence: 30_000, from: 'role' });
    const warning = above.find('[data-testid="panel-warning"]');
    expect(warning.text()).toContain('This will go to the council’s panel');
    expect(warning.text()).toContain('£500.00, is above your delegated limit of £300.00');
    expect(signOffButtons(above)).toEqual(['Sign off: send to the panel']);
    above.unmount();
    document.body.innerHTML = '';

    const none = await withLimit({ weeklyLimitPence: null, from: 'none' });
    expect(none.find('[data-testid="panel-warning"]').text()).toContain('No weekly limit is delegated to you');
    none.unmount();
    document.body.innerHTML = '';

    const within = await withLimit({ weeklyLimitPence: 100_000, from: 'own' });
    expect(within.find('[data-testid="panel-warning"]').exists()).toBe(false);
    expect(signOffButtons(within)).toEqual(['Sign off']);
  });

  it('splits a budget between ways of managing it, says what the parts leave, and saves the mix in pence', async () => {
    const { wrapper, seen } = await open(
      `/budgets/${BUDGET}`,
      budgetRoutes({
        [`PATCH /v1/personal-budgets/${BUDGET}`]: () => ({
          body: budgetBody({ version: 2 }),
          headers: { etag: `"${BUDGET}.v2"` },
        }),
      }),
    );
    await clickButton(wrapper, 'Add a line');
    const field = (scope: string, text: string) => {
      const label = wrapper.findAll(`${scope} label[for]`).find((l) => l.text().startsWith(text))!;
      return wrapper.find(`#${label.attributes('for')}`);
    };
    await field('[data-testid="plan-line"]', 'Line 1').setValue('Help to get washed');
    await field('[data-testid="plan-line"]', 'Cost of one hour').setValue('20');
    await field('[data-testid="plan-line"]', 'Hours in a week').setValue('10'); // £200 a week
    await field('section[aria-labelledby="management-heading"]', 'Way of managing').setValue('mixed');
    expect(wrapper.find('[data-testid="parts-balance"]').text()).toBe('£200.00 a week is not yet in a part.');
    await clickButton(wrapper, 'Add a part');
    await clickButton(wrapper, 'Add a part');
    const parts = wrapper.findAll('[data-testid="management-part"]');
    expect(parts).toHaveLength(2);
    await parts[0]!.find('input').setValue('60');
    await parts[1]!.find('input').setValue('150');
    expect(wrapper.find('[data-testid="parts-balance"]').text()).toBe(
      'The parts come to £10.00 a week more than the total.',
    );
    await parts[1]!.find('input').setValue('140');
    expect(wrapper.find('[data-testid="parts-balance"]').text()).toBe('The parts add up to the weekly total.');
    // Part 1 is a direct payment (the first part offered), so its terms are asked for.
    await field('section[aria-labelledby="management-heading"]', 'Direct payment made under').setValue('s31');
    await field('section[aria-labelledby="management-heading"]', 'Conditions agreed').setValue(
      'Receipts kept for a year',
    );
    await clickButton(wrapper, 'Save the plan');
    const patch = lastCall(seen, `PATCH /v1/personal-budgets/${BUDGET}`)!;
    expect((patch.body as { management: unknown }).management).toEqual({
      method: 'mixed',
      parts: [
        { method: 'direct_payment', weeklyPence: 6_000 },
        { method: 'council_managed', weeklyPence: 14_000 },
      ],
      directPayment: { section: 's31', authorisedPerson: null, conditions: ['Receipts kept for a year'] },
    });
  });

  it('will not save a part whose amount is not pounds, naming it', async () => {
    const { wrapper, seen } = await open(`/budgets/${BUDGET}`, budgetRoutes());
    const management = 'section[aria-labelledby="management-heading"]';
    const label = wrapper.findAll(`${management} label[for]`).find((l) => l.text().startsWith('Way of managing'))!;
    await wrapper.find(`#${label.attributes('for')}`).setValue('mixed');
    await clickButton(wrapper, 'Add a part');
    await wrapper.find('[data-testid="management-part"] input').setValue('12.345');
    await clickButton(wrapper, 'Save the plan');
    expect(wrapper.find('[data-testid="management-part"]').text()).toContain(
      'The amount must have no more than 2 decimal places',
    );
    expect(calls(seen, `PATCH /v1/personal-budgets/${BUDGET}`)).toHaveLength(0);
  });

  it('shows a signed-off plan with its first review and offers no editing', async () => {
    const { wrapper } = await open(
      `/budgets/${BUDGET}`,
      budgetRoutes({
        [`GET /v1/personal-budgets/${BUDGET}`]: () => ({
          body: budgetBody({
            status: 'signed_off',
            liveOn: '2026-11-25',
            agreedWeeklyPence: 17_150,
            nextReview: { id: REVIEW, kind: 'first', dueFrom: '2027-01-06', dueBy: '2027-01-20' },
          }),
          headers: { etag: `"${BUDGET}.v3"` },
        }),
      }),
    );
    expect(wrapper.find('[data-testid="first-review"]').text()).toContain('First review due between');
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Sign off');
  });

  it('says a budget came from the council, and asks for no determination it does not have', async () => {
    const { wrapper, seen } = await open(
      `/budgets/${BUDGET}`,
      budgetRoutes({
        [`GET /v1/personal-budgets/${BUDGET}`]: () => ({
          body: budgetBody({
            determinationId: null,
            importedFrom: 'mosaic',
            status: 'signed_off',
            liveOn: '2026-04-01',
            agreedWeeklyPence: 21_000,
          }),
          headers: { etag: `"${BUDGET}.v1"` },
        }),
      }),
    );
    expect(wrapper.find('[data-testid="imported-from"]').text()).toContain('Imported from mosaic');
    expect(calls(seen, `GET /v1/eligibility-determinations/${DETERMINATION}`)).toHaveLength(0);
    expect(wrapper.find('[data-testid="derivation"]').exists()).toBe(false);
  });

  it('asks for an unplanned review with a reason from the national list, and not without one', async () => {
    const { wrapper, seen } = await open(
      `/budgets/${BUDGET}`,
      budgetRoutes({
        [`GET /v1/personal-budgets/${BUDGET}`]: () => ({
          body: budgetBody({ status: 'signed_off', liveOn: '2026-11-25', agreedWeeklyPence: 17_150 }),
          headers: { etag: `"${BUDGET}.v3"` },
        }),
        'POST /v1/reviews': () => ({ status: 409, body: problemBody(409, 'budget_not_live', 'Plan not live') }),
      }),
    );
    const section = wrapper.find('[data-testid="unplanned-review"]');
    await clickButton(wrapper, 'Ask for a review', '[data-testid="unplanned-review"]');
    expect(section.text()).toContain('Choose what prompted the review');
    expect(calls(seen, 'POST /v1/reviews')).toEqual([]);
    await section.find('select').setValue('hospital');
    await section.find('textarea').setValue('Three nights on the ward');
    await clickButton(wrapper, 'Ask for a review', '[data-testid="unplanned-review"]');
    expect(lastCall(seen, 'POST /v1/reviews')!.body).toEqual({
      budgetId: BUDGET,
      reason: 'hospital',
      note: 'Three nights on the ward',
    });
    expect(wrapper.find('[data-testid="unplanned-review"]').text()).toContain('Plan not live');
  });
});

describe('the reviews page', () => {
  it('lists the team’s overdue and due reviews and the budgets with the council’s panel', async () => {
    const row = {
      id: REVIEW,
      budgetId: BUDGET,
      personId: PERSON,
      personName: 'Edith Marsh',
      teamId: 't-1',
      kind: 'first',
      reason: null,
      requestNote: '',
      dueFrom: '2027-01-06',
      dueBy: '2027-01-20',
      status: 'open',
      timing: 'overdue',
      outcome: null,
      notes: '',
      weeklyBeforePence: null,
      weeklyAfterPence: null,
      completedOn: null,
      completedById: null,
      nextReviewId: null,
      version: 1,
    };
    const { wrapper, seen } = await open('/budgets-and-reviews', {
      'GET /v1/reviews': (request) => ({
        body: { items: request.query.status === 'overdue' ? [row] : [], nextCursor: null },
      }),
      'GET /v1/personal-budgets': () => ({
        body: {
          items: [
            budgetBody({
              status: 'awaiting_panel',
              referredAt: '2026-11-25T10:00:00.000Z',
              totals: { ...budgetBody().totals, weeklyPence: 52_000 },
            }),
          ],
          nextCursor: null,
        },
      }),
    });
    expect(calls(seen, 'GET /v1/reviews').map((r) => r.query)).toEqual(
      expect.arrayContaining([
        { teamId: 't-1', status: 'overdue' },
        { teamId: 't-1', status: 'due' },
      ]),
    );
    expect(wrapper.find('[data-testid="reviews-overdue"]').text()).toContain('Edith Marsh');
    expect(wrapper.find('[data-testid="reviews-due"]').text()).toContain('No reviews are due today.');
    expect(wrapper.find('[data-testid="with-panel"]').text()).toContain('Edith Marsh — £520.00 a week');
  });
});

describe('the review screen', () => {
  const reviewBody = {
    id: REVIEW,
    budgetId: BUDGET,
    personId: PERSON,
    personName: 'Edith Marsh',
    teamId: null,
    kind: 'first',
    reason: null,
    requestNote: '',
    dueFrom: '2027-01-06',
    dueBy: '2027-01-20',
    status: 'open',
    timing: 'overdue',
    outcome: null,
    notes: '',
    weeklyBeforePence: null,
    weeklyAfterPence: null,
    completedOn: null,
    completedById: null,
    nextReviewId: null,
    version: 1,
  };

  it('will not send a review that lowers the budget', async () => {
    const { wrapper, seen } = await open(`/reviews/${REVIEW}`, {
      [`GET /v1/reviews/${REVIEW}`]: () => ({ body: reviewBody, headers: { etag: `"${REVIEW}.v1"` } }),
      [`GET /v1/personal-budgets/${BUDGET}`]: () => ({
        body: budgetBody({ status: 'signed_off', agreedWeeklyPence: 17_150 }),
      }),
    });
    expect(wrapper.text()).toContain('Overdue');
    await wrapper.find('select').setValue('fully_met');
    const weekly = wrapper.findAll('input').find((i) => (i.element as HTMLInputElement).value === '171.50')!;
    await weekly.setValue('150.00');
    await clickButton(wrapper, 'Complete the review');
    expect(wrapper.text()).toContain('A review cannot lower the budget below £171.50 a week');
    expect(calls(seen, `POST /v1/reviews/${REVIEW}/complete`)).toEqual([]);
  });

  it('names the person the review is for over it', async () => {
    const { wrapper } = await open(`/reviews/${REVIEW}`, {
      [`GET /v1/reviews/${REVIEW}`]: () => ({ body: reviewBody, headers: { etag: `"${REVIEW}.v1"` } }),
      [`GET /v1/personal-budgets/${BUDGET}`]: () => ({
        body: budgetBody({ status: 'signed_off', agreedWeeklyPence: 17_150 }),
      }),
      [`GET /v1/people/${PERSON}`]: () => ({ body: personBody({ id: PERSON }) }),
    });
    await expectPersonHeader(wrapper);
    forgetPersonSummaries();
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

describe('the person a budget or review is for', () => {
  afterEach(() => forgetPersonSummaries());
  const person = { [`GET /v1/people/${PERSON}`]: () => ({ body: personBody({ id: PERSON }) }) };

  it('is named with their key facts over the budget', async () => {
    const { wrapper } = await open(`/budgets/${BUDGET}`, budgetRoutes(person));
    await expectPersonHeader(wrapper);
    expect(wrapper.find('h1').text()).toBe('Personal budget and support plan');
  });

  it('is named over starting a budget from their determination', async () => {
    const { wrapper } = await open(
      `/budgets/new?determinationId=${DETERMINATION}`,
      budgetRoutes({
        ...person,
        [`GET /v1/eligibility-determinations/${DETERMINATION}`]: () => ({
          body: { ...determinationBody, personId: PERSON },
        }),
      }),
    );
    await expectPersonHeader(wrapper);
  });
});

describe('the plan of a person whose record is restricted', () => {
  afterEach(() => forgetPersonSummaries());
  const reason = 'Reviewing her plan with the safeguarding lead';
  const needsReason = refusedWithout(reason);

  it('asks why before it prints the plan, and reads the plan with that reason', async () => {
    const { wrapper, seen } = await open(
      `/budgets/${BUDGET}`,
      budgetRoutes({
        [`GET /v1/people/${PERSON}`]: (request) => needsReason(request.headers) ?? { body: personBody({ id: PERSON }) },
        [`GET /v1/personal-budgets/${BUDGET}/plan`]: (request) =>
          needsReason(request.headers) ?? { body: '<h1>Your care and support plan</h1>' },
      }),
    );
    // The header's read of the person found the record restricted.
    await vi.waitFor(() => expect(wrapper.find('[data-testid="person-header-restricted"]').exists()).toBe(true));
    const tab = { location: { href: '' }, close: vi.fn() };
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:plan');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    await wrapper.find('[data-testid="plan-print"]').trigger('click');
    await flushPromises();
    expect(calls(seen, `GET /v1/personal-budgets/${BUDGET}/plan`)).toHaveLength(0);
    const dialog = wrapper.findAll('[data-testid="reason-dialog"]').find((d) => (d.element as HTMLDialogElement).open)!;
    await giveReason(dialog, reason);
    await vi.waitFor(() => expect(tab.location.href).toBe('blob:plan'));
    const asked = calls(seen, `GET /v1/personal-budgets/${BUDGET}/plan`);
    expect(asked.map((r) => [r.query.format, r.headers['x-access-reason']])).toEqual([['html', reason]]);
  });

  it('is a plain link for a person whose record is not restricted', async () => {
    const { wrapper } = await open(
      `/budgets/${BUDGET}`,
      budgetRoutes({ [`GET /v1/people/${PERSON}`]: () => ({ body: personBody({ id: PERSON }) }) }),
    );
    await expectPersonHeader(wrapper);
    expect(wrapper.find('[data-testid="reason-dialog"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="plan-pdf"]').attributes()).toMatchObject({
      href: `/v1/personal-budgets/${BUDGET}/plan?format=pdf`,
      download: '',
    });
  });
});
