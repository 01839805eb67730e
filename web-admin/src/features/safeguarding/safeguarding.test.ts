import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';
import { contactBody, MARGARET, personBody } from '@/test-support/people';
import { blankConclusion, blankDecision, conclusionBody, decisionBody, decisionErrors, decisionRoute } from './forms';
import { clockText } from './labels';
import { forgetPersonSummaries } from '../people/personSummary';

const CONCERN = '0196a3c4-0000-7000-8000-0000000c0001';
const ENQUIRY = '0196a3c4-0000-7000-8000-0000000e0001';
const PERSON = '0196a3c4-0000-7000-8000-0000000a0001';
const LEAD = '0196a3c4-0000-7000-8000-000000000009';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];

async function open(path: string, routes: Routes, roles = ['safeguarding_lead']) {
  const mounted = await mountAsAdmin(path, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

const concernBody = (overrides: Record<string, unknown> = {}) => ({
  id: CONCERN,
  personId: PERSON,
  personName: 'Ivy Pryce',
  contactId: null,
  conversationId: null,
  raisedVia: 'direct',
  summary: 'Neighbour saw a carer taking her bank card',
  raisedByKind: 'family_or_friend',
  raisedByName: 'Mr Evans',
  immediateSafety: 'safe_now',
  immediateSafetyNote: '',
  suspectedRiskTypes: ['financial_or_material'],
  raisedAt: '2026-12-24T10:00:00.000Z',
  status: 'awaiting_decision',
  decisionClock: { dueOn: '2026-12-30', workingDaysLeft: -1, overdue: true },
  decision: null,
  enquiryId: null,
  version: 1,
  ...overrides,
});

const enquiryBody = (overrides: Record<string, unknown> = {}) => ({
  id: ENQUIRY,
  concernId: CONCERN,
  personId: PERSON,
  personName: 'Ivy Pryce',
  kind: 's42',
  leadKind: 'practice',
  leadStaffId: LEAD,
  leadStaffName: 'Morgan Lee',
  leadOrganisationName: null,
  desiredOutcomesStatus: null,
  desiredOutcomes: [],
  desiredOutcomesNotAskedReason: null,
  mentalCapacity: 'not_assessed',
  mentalCapacityNote: '',
  advocacy: null,
  advocateRequired: false,
  advocateName: '',
  appropriatePersonName: '',
  safetyPlan: '',
  status: 'open',
  openedAt: '2026-12-29T10:00:00.000Z',
  clock: { dueOn: '2027-01-27', workingDaysLeft: 19, overdue: false },
  involved: [{ userId: LEAD, name: 'Morgan Lee', role: 'leads the enquiry', addedAt: '2026-12-29T10:00:00.000Z' }],
  conclusion: null,
  endedEarlyReason: null,
  concludedAt: null,
  version: 1,
  ...overrides,
});

describe('the decision form rules', () => {
  const answers = (a: string, b: string, c: string) => ({
    ...blankDecision(),
    careAndSupportNeeds: [a],
    abuseOrNeglect: [b],
    unableToProtect: [c],
  });

  it('takes the section 42 route exactly when all three are yes', () => {
    expect(decisionRoute(answers('yes', 'yes', 'yes'))).toBe('s42_enquiry');
    expect(decisionRoute(answers('yes', 'yes', 'no'))).toBeNull();
    expect(decisionRoute({ ...answers('no', 'yes', 'yes'), route: ['other_enquiry'] })).toBe('other_enquiry');
    expect(decisionRoute({ ...answers('yes', 'yes', 'yes'), route: ['no_enquiry'] })).toBe('s42_enquiry');
    expect(decisionRoute(blankDecision())).toBeNull();
  });

  it('asks each question, a route, a reason for no enquiry and the why', () => {
    expect(Object.keys(decisionErrors(blankDecision())).sort()).toEqual([
      'abuseOrNeglect',
      'careAndSupportNeeds',
      'rationale',
      'unableToProtect',
    ]);
    expect(Object.keys(decisionErrors({ ...answers('no', 'no', 'no'), rationale: 'x' }))).toEqual(['route']);
    expect(
      Object.keys(decisionErrors({ ...answers('no', 'no', 'no'), rationale: 'x', route: ['no_enquiry'] })),
    ).toEqual(['noEnquiryReason']);
  });

  it('sends no route for s42, and the other actions only with no enquiry', () => {
    expect(decisionBody({ ...answers('yes', 'yes', 'yes'), rationale: ' Why ' })).toEqual({
      criteria: {
        hasCareAndSupportNeeds: true,
        experiencingOrAtRiskOfAbuseOrNeglect: true,
        unableToProtectThemselves: true,
      },
      rationale: 'Why',
    });
    const none = decisionBody({
      ...answers('yes', 'no', 'no'),
      route: ['no_enquiry'],
      rationale: 'x',
      noEnquiryReason: 'Sorted with her son',
      otherActions: [
        { kind: 'connection', detail: 'Befriending' },
        { kind: '', detail: '' },
      ],
    });
    expect(none).toMatchObject({ route: 'no_enquiry', otherActions: [{ kind: 'connection', detail: 'Befriending' }] });
  });

  it('sends a result only when action was taken on a risk, and outcomes achieved only when expressed', () => {
    const form = {
      ...blankConclusion(),
      riskTypes: ['physical'],
      location: 'own_home',
      source: 'service_provider',
      riskAssessment: 'no_risk_identified_no_action_taken',
      result: ['reduced'],
      outcomesAchieved: ['fully'],
    };
    expect(conclusionBody(form, false)).toMatchObject({ result: null, outcomesAchieved: null });
    expect(conclusionBody({ ...form, riskAssessment: 'risk_identified_action_taken' }, true)).toMatchObject({
      result: 'reduced',
      outcomesAchieved: 'fully',
    });
  });

  it('says the clock in words', () => {
    expect(clockText({ dueOn: '2026-12-30', workingDaysLeft: 1, overdue: false })).toBe(
      'Due Wed 30 December (1 working day left)',
    );
    expect(clockText({ dueOn: '2026-12-30', workingDaysLeft: -2, overdue: true })).toBe(
      'Was due Wed 30 December (2 working days ago)',
    );
  });
});

describe('the lead’s queue', () => {
  it('shows the decision clocks with the overdue first, and how many are overdue', async () => {
    const { wrapper } = await open('/safeguarding', {
      'GET /v1/safeguarding/concerns': () => ({
        body: {
          items: [
            concernBody(),
            concernBody({
              id: '0196a3c4-0000-7000-8000-0000000c0002',
              personName: 'Glenys Pryce',
              decisionClock: { dueOn: '2026-12-31', workingDaysLeft: 1, overdue: false },
            }),
          ],
          overdueCount: 1,
          nextCursor: null,
        },
      }),
      'GET /v1/safeguarding/enquiries': () => ({ body: { items: [enquiryBody()], nextCursor: null } }),
    });
    expect(wrapper.find('[data-testid="overdue-count"]').text()).toBe('1 decision is overdue');
    const items = wrapper.findAll('[data-testid="queue-item"]');
    expect(items.map((i) => i.find('h3').text())).toEqual(['Ivy Pryce', 'Glenys Pryce']);
    expect(items[0]!.text()).toContain('Overdue');
    expect(items[1]!.text()).not.toContain('Overdue');
    // The tag says "Overdue" once; the words beside it do not repeat it.
    expect(items[0]!.text()).not.toMatch(/Overdue\s+Overdue/);
    expect(items[0]!.text()).toMatch(/Overdue\s+Was due/);
    expect(wrapper.find('[data-testid="enquiry-item"]').text()).toContain('Not yet recorded what they want');
  });
});

describe('a concern and its decision', () => {
  it('asks the three criteria one by one, then records the decision and opens the enquiry', async () => {
    const { wrapper, seen, router } = await open(`/safeguarding/concerns/${CONCERN}`, {
      [`GET /v1/safeguarding/concerns/${CONCERN}`]: () => ({ body: concernBody() }),
      [`POST /v1/safeguarding/concerns/${CONCERN}/decision`]: () => ({
        body: concernBody({ status: 'enquiry', enquiryId: ENQUIRY }),
      }),
      [`GET /v1/safeguarding/enquiries/${ENQUIRY}`]: () => ({
        body: enquiryBody(),
        headers: { etag: `"${ENQUIRY}.v1"` },
      }),
    });
    const legends = wrapper.findAll('[data-testid="decision-form"] legend').map((l) => l.text());
    expect(legends.slice(0, 3)).toEqual([
      '(a) Do they have needs for care and support?',
      '(b) Are they experiencing, or at risk of, abuse or neglect?',
      '(c) Because of those needs, are they unable to protect themselves from it?',
    ]);
    await wrapper.find('#criterion-a').setValue(true);
    await wrapper.find('#criterion-b').setValue(true);
    await wrapper.find('#criterion-c-no').setValue(true);
    expect(wrapper.text()).toContain('The section 42 duty does not apply');
    await wrapper.find('#criterion-c').setValue(true);
    expect(wrapper.find('[data-testid="s42-applies"]').exists()).toBe(true);
    await wrapper.find('#decision-rationale').setValue('Daughter and GP agree she cannot stop it herself');
    await clickButton(wrapper, 'Record the decision');
    expect(lastCall(seen, `POST /v1/safeguarding/concerns/${CONCERN}/decision`)?.body).toEqual({
      criteria: {
        hasCareAndSupportNeeds: true,
        experiencingOrAtRiskOfAbuseOrNeglect: true,
        unableToProtectThemselves: true,
      },
      rationale: 'Daughter and GP agree she cannot stop it herself',
    });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('safeguarding-enquiry'));
  });

  it('shows a colleague without a part in it only that a matter exists and whom to ask', async () => {
    const { wrapper } = await open(
      `/safeguarding/concerns/${CONCERN}`,
      {
        [`GET /v1/safeguarding/concerns/${CONCERN}`]: () => ({
          body: {
            id: CONCERN,
            kind: 'concern',
            personId: PERSON,
            restricted: true,
            message: 'A safeguarding matter exists. Ask Morgan Lee.',
            askUserId: LEAD,
            askName: 'Morgan Lee',
          },
        }),
      },
      ['practitioner'],
    );
    expect(wrapper.find('[data-testid="safeguarding-matter"]').text()).toContain('Ask Morgan Lee.');
    expect(wrapper.find('[data-testid="concern"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="decision-form"]').exists()).toBe(false);
  });
});

describe('the enquiry', () => {
  const routes = (overrides: Routes = {}): Routes => ({
    [`GET /v1/safeguarding/enquiries/${ENQUIRY}`]: () => ({
      body: enquiryBody(),
      headers: { etag: `"${ENQUIRY}.v1"` },
    }),
    ...overrides,
  });

  it('lets the lead involve a colleague who can see casework, through the involvements API', async () => {
    const SAM = '0196a3c4-0000-7000-8000-00000000a0a1';
    let involved = enquiryBody().involved;
    const { wrapper, seen } = await open(
      `/safeguarding/enquiries/${ENQUIRY}`,
      routes({
        [`GET /v1/safeguarding/enquiries/${ENQUIRY}`]: () => ({
          body: enquiryBody({ involved }),
          headers: { etag: `"${ENQUIRY}.v1"` },
        }),
        'GET /v1/colleagues': () => ({
          body: {
            items: [
              { id: LEAD, displayName: 'Morgan Lee', teamIds: [], qualified: true, seesConversations: true },
              { id: SAM, displayName: 'Sam Okafor', teamIds: [], qualified: false, seesConversations: true },
              { id: 'u-admin', displayName: 'Adam Admin', teamIds: [], qualified: false, seesConversations: false },
            ],
          },
        }),
        [`POST /v1/safeguarding/enquiries/${ENQUIRY}/involvements`]: (request) => {
          const body = request.body as { userId: string; role: string };
          involved = [
            ...involved,
            { userId: body.userId, name: 'Sam Okafor', role: body.role, addedAt: '2026-12-30T10:00:00.000Z' },
          ];
          return { body: enquiryBody({ involved }) };
        },
      }),
    );
    const form = wrapper.find('[data-testid="involve-colleague"]');
    // Already involved, and those who cannot see casework, are not offered.
    expect(form.findAll('#involve-colleague option').map((o) => o.text())).toEqual([
      'Choose a colleague',
      'Sam Okafor',
    ]);
    await form.trigger('submit');
    await flushPromises();
    expect(form.text()).toContain('Choose the colleague to involve');
    expect(form.text()).toContain('Say what they will do in the enquiry');
    await wrapper.find('#involve-colleague').setValue(SAM);
    await wrapper.find('#involve-role').setValue('Visits with the lead');
    await wrapper.find('[data-testid="involve-colleague"]').trigger('submit');
    await flushPromises();
    expect(lastCall(seen, `POST /v1/safeguarding/enquiries/${ENQUIRY}/involvements`)?.body).toEqual({
      userId: SAM,
      role: 'Visits with the lead',
    });
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="involved"]').text()).toContain('Sam Okafor: Visits with the lead'),
    );
    expect(wrapper.find('[data-testid="involve-notice"]').text()).toBe('Sam Okafor is now involved in the enquiry.');
  });

  it('starts with what the person wants, and saves it in their words with If-Match', async () => {
    const { wrapper, seen } = await open(
      `/safeguarding/enquiries/${ENQUIRY}`,
      routes({
        [`PATCH /v1/safeguarding/enquiries/${ENQUIRY}`]: (request) => ({
          body: enquiryBody({ ...(request.body as object), version: 2 }),
          headers: { etag: `"${ENQUIRY}.v2"` },
        }),
      }),
    );
    expect(wrapper.findAll('h2')[0]!.text()).toBe('What Ivy Pryce wants');
    await wrapper.find('#wants-status').setValue(true);
    await flushPromises();
    await wrapper.find('#wants-outcomes-0').setValue('I want my money to be safe');
    await clickButton(wrapper, 'Save');
    const call = lastCall(seen, `PATCH /v1/safeguarding/enquiries/${ENQUIRY}`);
    expect(call?.headers['if-match']).toBe(`"${ENQUIRY}.v1"`);
    expect(call?.body).toMatchObject({
      desiredOutcomesStatus: 'asked_expressed',
      desiredOutcomes: ['I want my money to be safe'],
      desiredOutcomesNotAskedReason: null,
    });
  });

  it('asks the result only when action was taken, and shows the API’s refusal in plain words', async () => {
    const { wrapper, seen } = await open(
      `/safeguarding/enquiries/${ENQUIRY}`,
      routes({
        [`POST /v1/safeguarding/enquiries/${ENQUIRY}/conclusion`]: () => ({
          status: 409,
          body: {
            ...problemBody(409, 'conclusion_refused', 'Record what the person wants first.'),
            rules: [{ code: 'desired_outcomes_not_recorded', detail: 'Record what the person wants first.' }],
          },
        }),
      }),
    );
    await clickButton(wrapper, 'Conclude');
    expect(wrapper.find('[data-testid="conclusion-form"]').text()).toContain('Choose at least one type of risk.');
    expect(lastCall(seen, `POST /v1/safeguarding/enquiries/${ENQUIRY}/conclusion`)).toBeUndefined();
    await wrapper.find('#conclusion-risk-types').setValue(true);
    await wrapper.find('#conclusion-location').setValue('own_home');
    await wrapper.find('#conclusion-source').setValue('service_provider');
    await wrapper.find('#conclusion-risk-assessment').setValue('no_risk_identified_no_action_taken');
    expect(wrapper.find('#conclusion-result').exists()).toBe(false);
    await wrapper.find('#conclusion-risk-assessment').setValue('risk_identified_action_taken');
    expect(wrapper.find('#conclusion-result').exists()).toBe(true);
    await wrapper.find('#conclusion-result-reduced').setValue(true);
    await clickButton(wrapper, 'Conclude');
    expect(lastCall(seen, `POST /v1/safeguarding/enquiries/${ENQUIRY}/conclusion`)?.body).toEqual({
      riskTypes: ['physical'],
      location: 'own_home',
      source: 'service_provider',
      riskAssessment: 'risk_identified_action_taken',
      result: 'reduced',
      outcomesAchieved: null,
    });
    expect(wrapper.text()).toContain('Record what the person wants first.');
  });
});

describe('raising a concern', () => {
  it('from a contact: what happened, who raised it, safety now and the risks suspected, sent with the contact', async () => {
    const { wrapper, seen } = await open(
      '/front-door/contacts/c-1',
      {
        'GET /v1/contacts/c-1': () => ({ body: contactBody({ id: 'c-1' }) }),
        [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody() }),
        'POST /v1/safeguarding/concerns': (request) => ({
          status: 201,
          body: concernBody({
            ...(request.body as object),
            personName: 'Margaret Hammond',
            decisionClock: { dueOn: '2026-12-30', workingDaysLeft: 2, overdue: false },
          }),
        }),
      },
      ['practitioner'],
    );
    const raise = wrapper.find('[data-testid="raise-concern"]');
    await clickButton(wrapper, 'Raise a safeguarding concern', '[data-testid="raise-concern"]');
    expect(raise.find('h3').text()).toBe('Raise a safeguarding concern about Margaret Hammond');
    await clickButton(wrapper, 'Raise the concern', '[data-testid="raise-concern"]');
    expect(raise.text()).toContain('Say what happened, as it was told to you.');
    expect(lastCall(seen, 'POST /v1/safeguarding/concerns')).toBeUndefined();
    const ids = raise.findAll('textarea').map((t) => t.attributes('id'));
    await raise.find(`#${ids[0]}`).setValue('Bruises on her arms; she says she fell');
    const radios = raise.findAll('input[type="radio"]');
    await radios[2]!.setValue(true);
    const physical = raise.findAll('input[type="checkbox"]')[0]!;
    await physical.setValue(true);
    await clickButton(wrapper, 'Raise the concern', '[data-testid="raise-concern"]');
    expect(lastCall(seen, 'POST /v1/safeguarding/concerns')?.body).toEqual({
      personId: MARGARET,
      contactId: 'c-1',
      summary: 'Bruises on her arms; she says she fell',
      raisedByName: '',
      immediateSafety: 'at_immediate_risk',
      immediateSafetyNote: '',
      suspectedRiskTypes: ['physical'],
    });
    expect(wrapper.find('[data-testid="concern-raised"]').text()).toContain(
      'decides on it: due Wed 30 December (2 working days left)',
    );
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

describe('the person a safeguarding screen is about', () => {
  afterEach(() => forgetPersonSummaries());
  const person = { [`GET /v1/people/${PERSON}`]: () => ({ body: personBody({ id: PERSON }) }) };

  it('is named with their key facts over a concern', async () => {
    const { wrapper } = await open(`/safeguarding/concerns/${CONCERN}`, {
      [`GET /v1/safeguarding/concerns/${CONCERN}`]: () => ({ body: concernBody() }),
      ...person,
    });
    await expectPersonHeader(wrapper);
  });

  it('is named with their key facts over an enquiry', async () => {
    const { wrapper } = await open(`/safeguarding/enquiries/${ENQUIRY}`, {
      [`GET /v1/safeguarding/enquiries/${ENQUIRY}`]: () => ({
        body: enquiryBody(),
        headers: { etag: `"${ENQUIRY}.v1"` },
      }),
      ...person,
    });
    await expectPersonHeader(wrapper);
  });
});
