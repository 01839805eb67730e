import { forgetPersonSummaries } from '@/features/people/personSummary';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerDialog, calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { giveReason, problemBody, refusedWithout } from '@/test-support/fetch';
import { contactBody, MARGARET, personBody } from '@/test-support/people';
import { forgetColleagues } from './colleagues';

const CONVERSATION = '0196a3c4-0000-7000-8000-00000000c001';
const OTHER_STORY = '0196a3c4-0000-7000-8000-00000000b002';
const PEER = '0196a3c4-0000-7000-8000-00000000000a';
const STORY = '0196a3c4-0000-7000-8000-00000000b001';
const AUTHOR = '0196a3c4-0000-7000-8000-000000000009';

const colleagues = {
  items: [
    { id: AUTHOR, displayName: 'Ann Author', teamIds: [], qualified: false, seesConversations: true },
    { id: PEER, displayName: 'Pat Peer', teamIds: [], qualified: true, seesConversations: true },
    // The practice administrator cannot read stories: never offered as someone to invite.
    { id: 'u-admin', displayName: 'Adam Admin', teamIds: [], qualified: false, seesConversations: false },
  ],
};

let unmount: (() => void) | undefined;
afterEach(() => {
  forgetColleagues();
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];

async function open(path: string, routes: Routes, roles = ['practitioner']) {
  const mounted = await mountAsAdmin(path, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

const conversationBody = (overrides: Record<string, unknown> = {}) => ({
  id: CONVERSATION,
  storyId: STORY,
  kind: 1,
  authorId: AUTHOR,
  status: 'open',
  participants: [],
  whatMatters: '',
  strengths: { personalResources: [], networksOfSupport: [], communityResources: [] },
  advocacy: null,
  outputs: { desiredOutcomes: [] },
  notes: '',
  resolved: null,
  unresolvedReason: null,
  intensivePlan: null,
  startedAt: '2025-11-25T10:00:00.000Z',
  concludedAt: null,
  version: 1,
  ...overrides,
});

const storyBody = (overrides: Record<string, unknown> = {}) => ({
  id: STORY,
  personId: MARGARET,
  teamId: null,
  contactId: null,
  contactIds: [],
  status: 'open',
  heldById: AUTHOR,
  openedAt: '2025-11-25T09:00:00.000Z',
  conversations: [],
  peerSteps: [],
  mayGivePeerStep: false,
  events: [],
  openRequests: [],
  conversation3Gate: { open: false, unmet: [] },
  contingencySpentPence: 0,
  version: 1,
  ...overrides,
});

const conversationRoutes = (overrides: Routes = {}): Routes => ({
  [`GET /v1/conversations/${CONVERSATION}`]: () => ({
    body: conversationBody(),
    headers: { etag: `"${CONVERSATION}.v1"` },
  }),
  [`GET /v1/stories/${STORY}`]: () => ({ body: storyBody() }),
  ...overrides,
});

describe('the conversation screen', () => {
  it('starts with strengths, in three domains, before anything else', async () => {
    const { wrapper } = await open(`/conversations/${CONVERSATION}`, conversationRoutes());
    expect(wrapper.find('h1').text()).toBe('Conversation 1 — connect');
    const headings = wrapper.findAll('form h2').map((h) => h.text());
    expect(headings[0]).toBe('Strengths');
    expect(headings).toEqual([
      'Strengths',
      'Who took part',
      'What matters',
      'The advocacy test',
      'Desired outcomes',
      'Personal development plan',
      'Circle of support',
      'Risk enablement plan',
      'Notes',
    ]);
    const legends = wrapper.findAll('[data-testid="strengths"] legend').map((l) => l.text());
    expect(legends).toEqual([
      'What they bring themselves',
      'Who supports them',
      'What is around them in the community',
    ]);
  });

  it('adds and removes strengths and saves them with If-Match', async () => {
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`PATCH /v1/conversations/${CONVERSATION}`]: (request) => ({
          body: conversationBody({ ...(request.body as object), version: 2 }),
          headers: { etag: `"${CONVERSATION}.v2"` },
        }),
      }),
    );
    await clickButton(wrapper, 'Add a strength', '[data-testid="strengths-personalResources"]');
    await clickButton(wrapper, 'Add a strength', '[data-testid="strengths-personalResources"]');
    await wrapper.find('#strengths-personalResources-0').setValue('Loves her garden');
    await wrapper.find('#strengths-personalResources-1').setValue('to remove');
    const removes = wrapper
      .findAll('[data-testid="strengths-personalResources"] button')
      .filter((b) => b.text().startsWith('Remove'));
    expect(removes).toHaveLength(2);
    await removes[1]!.trigger('click');
    await flushPromises();
    await clickButton(wrapper, 'Save');
    const call = lastCall(seen, `PATCH /v1/conversations/${CONVERSATION}`);
    expect(call?.headers['if-match']).toBe(`"${CONVERSATION}.v1"`);
    expect((call?.body as { strengths: unknown }).strengths).toEqual({
      personalResources: ['Loves her garden'],
      networksOfSupport: [],
      communityResources: [],
    });
    expect((call?.body as Record<string, unknown>).advocacy).toBeUndefined();
  });

  it('shows every broken rule in plain words when concluding is refused', async () => {
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`POST /v1/conversations/${CONVERSATION}/conclude`]: () => ({
          status: 409,
          body: {
            ...problemBody(409, 'conclude_rules_broken', 'This conversation cannot be concluded yet'),
            rules: [
              { code: 'no_strength_recorded', detail: 'x' },
              { code: 'unresolved_reason_required', detail: 'y' },
              { code: 'advocate_required', detail: 'z' },
            ],
          },
        }),
      }),
    );
    await wrapper.find('#resolved-no').setValue(true);
    await clickButton(wrapper, 'Conclude');
    expect(lastCall(seen, `POST /v1/conversations/${CONVERSATION}/conclude`)?.body).toEqual({ resolved: false });
    const rules = wrapper
      .find('[data-testid="broken-rules"]')
      .findAll('li')
      .map((li) => li.text());
    expect(rules).toHaveLength(3);
    expect(rules[0]).toContain('Record at least one strength');
    expect(rules[1]).toContain('Say why things are not resolved');
    expect(rules[2]).toContain('Care Act section 67');
  });

  it('says so when someone else saved first (412)', async () => {
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`PATCH /v1/conversations/${CONVERSATION}`]: () => ({
          status: 412,
          body: problemBody(412, 'precondition_failed', 'Changed meanwhile'),
        }),
      }),
    );
    await wrapper.find('#what-matters').setValue('Staying at home');
    await clickButton(wrapper, 'Save');
    expect(wrapper.find('[data-testid="stale"]').exists()).toBe(true);
  });
});

describe('conversation 2', () => {
  const twoRoutes = (overrides: Routes = {}) =>
    conversationRoutes({
      [`GET /v1/conversations/${CONVERSATION}`]: () => ({
        body: conversationBody({ kind: 2 }),
        headers: { etag: `"${CONVERSATION}.v1"` },
      }),
      [`GET /v1/conversations/${CONVERSATION}/touchpoints`]: () => ({
        body: {
          items: [{ id: 't-1', at: '2025-11-10T10:00:00.000Z', byId: AUTHOR, how: 'visit', note: 'Saw her at home' }],
          gaps: [{ from: '2025-11-10', to: '2025-11-25', days: 15, open: true }],
          maxGapDays: 3,
        },
      }),
      [`GET /v1/conversations/${CONVERSATION}/contingency-spends`]: () => ({
        body: { items: [], storySpentPence: 2500, perSpendCapPence: 10000, perStoryCapPence: 50000 },
      }),
      ...overrides,
    });

  it('flags the open gap in contact and shows the caps in pounds', async () => {
    const { wrapper } = await open(`/conversations/${CONVERSATION}`, twoRoutes());
    await vi.waitFor(() => expect(wrapper.find('[data-testid="open-gap"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="open-gap"]').text()).toContain('No contact for 15 days');
    expect(wrapper.find('[data-testid="caps"]').text()).toContain(
      'Up to £100.00 a spend and £500.00 for the whole story',
    );
    expect(wrapper.find('[data-testid="caps"]').text()).toContain('£25.00');
  });

  it('sends a spend in pence and explains a refusal over the cap', async () => {
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      twoRoutes({
        [`POST /v1/conversations/${CONVERSATION}/contingency-spends`]: () => ({
          status: 409,
          body: problemBody(409, 'over_per_spend_cap', 'Over the cap'),
        }),
      }),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="caps"]').exists()).toBe(true));
    await wrapper.find('#spend-amount').setValue('150.50');
    await wrapper.find('#spend-purpose').setValue('Emergency food shop');
    await clickButton(wrapper, 'Record the spend');
    expect(lastCall(seen, `POST /v1/conversations/${CONVERSATION}/contingency-spends`)?.body).toEqual({
      amountPence: 15050,
      purpose: 'Emergency food shop',
    });
    expect(wrapper.find('[data-testid="spends"]').text()).toContain('One spend can be at most £100.00.');
  });
});

describe('the story on a person’s page', () => {
  it('shows conversations in words and each unmet condition of the gate', async () => {
    const { wrapper } = await open(`/people/${MARGARET}`, {
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
      [`GET /v1/people/${MARGARET}/relationships`]: () => ({ body: { items: [] } }),
      [`GET /v1/people/${MARGARET}/history`]: () => ({ body: { items: [] } }),
      'GET /v1/contacts': () => ({ body: { items: [], nextCursor: null } }),
      [`GET /v1/people/${MARGARET}/stories`]: () => ({
        body: {
          items: [
            storyBody({
              conversations: [
                conversationBody({
                  status: 'concluded',
                  resolved: false,
                  unresolvedReason: 'Her son is away until spring.',
                  concludedAt: '2025-11-26T10:00:00.000Z',
                }),
              ],
              conversation3Gate: {
                open: false,
                unmet: [{ code: 'peer_sign_off_missing', detail: 'A qualified peer has not signed off yet.' }],
              },
            }),
          ],
        },
      }),
    });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="story"]').exists()).toBe(true));
    const story = wrapper.find('[data-testid="story"]');
    expect(story.text()).toContain('Conversation 1 — connect');
    expect(story.text()).toContain('concluded, not resolved');
    expect(story.text()).toContain('Her son is away until spring.');
    expect(wrapper.find('[data-testid="gate"]').text()).toContain('Conversation 3 cannot open yet');
    expect(wrapper.find('[data-testid="gate-unmet"]').text()).toContain('A qualified peer has not signed off yet.');
    expect(story.text()).toContain('Start conversation 2');
  });
});

describe('connecting to the community from conversation 1', () => {
  it('starts the directory search near where the person lives, from the header’s own read of them', async () => {
    // The header's read is kept for the page's life: start this page afresh.
    forgetPersonSummaries();
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`GET /v1/people/${MARGARET}`]: () => ({
          body: personBody({ postcode: 'SY2 6ND' }),
          headers: { etag: '"v1"' },
        }),
        [`GET /v1/people/${MARGARET}/stories`]: () => ({ body: { items: [storyBody()] } }),
        'GET /v1/colleagues': () => ({ body: colleagues }),
        'GET /v1/teams': () => ({ body: { items: [] } }),
        'GET /v1/directory/taxonomies': () => ({ body: { items: [] } }),
      }),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="connect-panel"]').exists()).toBe(true));
    await clickButton(wrapper, 'Find a service to connect to');
    const label = wrapper.findAll('label').find((l) => l.text().startsWith('Near postcode'))!;
    await vi.waitFor(() =>
      expect((wrapper.find(`#${label.attributes('for')}`).element as HTMLInputElement).value).toBe('SY2 6ND'),
    );
    // The person was read once, for the header, and the panel used that read.
    expect(calls(seen, `GET /v1/people/${MARGARET}`)).toHaveLength(1);
  });
});

describe('after connecting someone', () => {
  const SERVICE_ID = '0196a3c4-0000-7000-8000-0000000d0002';
  const ORG_ID = '0196a3c4-0000-7000-8000-0000000d0001';
  const connectAnswer = async (organisationLinked: boolean) => {
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
        [`GET /v1/people/${MARGARET}/stories`]: () => ({ body: { items: [storyBody()] } }),
        'GET /v1/colleagues': () => ({ body: colleagues }),
        'GET /v1/teams': () => ({ body: { items: [] } }),
        'GET /v1/directory/taxonomies': () => ({ body: { items: [] } }),
        'GET /v1/directory/services': () => ({
          body: {
            items: [
              {
                id: SERVICE_ID,
                organisationId: ORG_ID,
                organisationName: 'Village Hall Friends',
                organisationKind: 'community',
                name: 'Tuesday tea',
                description: '',
                url: null,
                email: null,
                phone: null,
                status: 'active',
                minimumAge: null,
                maximumAge: null,
                eligibilityDescription: null,
                costPence: null,
                costOption: null,
                costDescription: null,
                practiceNotes: null,
                taxonomyTerms: [],
                locations: [],
                contacts: [],
                schedules: [],
                distanceKm: null,
                version: 1,
                updatedAt: '2026-11-25T10:00:00.000Z',
              },
            ],
            total: 1,
            nextCursor: null,
          },
        }),
        'POST /v1/connections': () => ({
          status: 201,
          body: {
            id: '0196a3c4-0000-7000-8000-0000000e0009',
            status: 'offered',
            person: { name: 'Margaret Hammond', preferredName: null },
            serviceId: SERVICE_ID,
            serviceName: 'Tuesday tea',
            organisationId: ORG_ID,
            organisationName: 'Village Hall Friends',
            contactRoute: 'phone',
            contactDetail: null,
            whatMatters: '',
            ask: 'A seat on Tuesdays',
            sharedDetail: null,
            reason: null,
            outcome: null,
            createdAt: '2026-11-25T10:00:00.000Z',
            updatedAt: '2026-11-25T10:00:00.000Z',
            version: 1,
            organisationLinked,
          },
        }),
      }),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="connect-panel"]').exists()).toBe(true));
    await clickButton(wrapper, 'Find a service to connect to');
    await clickButton(wrapper, 'Search the directory');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Choose Tuesday tea'));
    await clickButton(wrapper, 'Choose Tuesday tea');
    const ask = wrapper.findAll('label').find((l) => l.text().startsWith('What are you asking them to do?'))!;
    await wrapper.find(`#${ask.attributes('for')}`).setValue('A seat on Tuesdays');
    await wrapper.find('[data-testid="consent"]').setValue(true);
    await clickButton(wrapper, 'Connect');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="connected"]').exists()).toBe(true));
    const text = wrapper.find('[data-testid="connected"]').text();
    wrapper.unmount();
    document.body.innerHTML = '';
    return text;
  };

  it('says the organisation was told only when it has a link to Threefold, and otherwise to get in touch', async () => {
    const unlinked = await connectAnswer(false);
    expect(unlinked).toContain('Village Hall Friends has no link to Threefold, so they have not been told');
    expect(unlinked).not.toContain('has been sent');
    const linked = await connectAnswer(true);
    expect(linked).toContain('Village Hall Friends has been sent it through their link to Threefold');
  });
});

describe('the team board', () => {
  const card = (overrides: Record<string, unknown>) => ({
    storyId: STORY,
    personId: MARGARET,
    personName: 'Margaret Hammond',
    teamId: 't-1',
    status: 'open',
    openedAt: '2025-11-20T09:00:00.000Z',
    stage: 'conversation_2',
    daysWaiting: 9,
    waitingSince: '2025-11-20T09:00:00.000Z',
    urgency: { level: 'touchpoint_overdue', touchpointOverdue: true, atRiskUnheld: true },
    heldById: null,
    holderName: null,
    holderDisabled: false,
    openRequests: [],
    lastNote: 'Visit booked for Friday.',
    ...overrides,
  });

  it('shows stage, days waiting, urgency and the holder by name, and picks a story up', async () => {
    const { wrapper, seen, router } = await open('/board', {
      'GET /v1/teams/t-1/board': () => ({
        body: {
          items: [
            card({}),
            card({
              storyId: OTHER_STORY,
              personName: 'Arthur Bell',
              stage: 'conversation_1',
              daysWaiting: 2,
              urgency: { level: 'routine', touchpointOverdue: false, atRiskUnheld: false },
              heldById: AUTHOR,
              holderName: 'Ann Author',
              openRequests: [
                {
                  kind: 'peer_step',
                  byId: AUTHOR,
                  note: 'Fresh eyes on the falls risk',
                  at: '2025-11-24T09:00:00.000Z',
                },
              ],
              lastNote: null,
            }),
            card({
              storyId: '0196a3c4-0000-7000-8000-00000000b003',
              personName: 'Dora Price',
              stage: 'contact',
              urgency: { level: 'waiting_long', touchpointOverdue: false, atRiskUnheld: false },
              heldById: PEER,
              holderName: 'Lee Leaver',
              holderDisabled: true,
              lastNote: null,
            }),
          ],
          nextCursor: null,
        },
      }),
      [`POST /v1/stories/${STORY}/pick-up`]: () => ({ body: storyBody() }),
      'GET /v1/colleagues': () => ({ body: colleagues }),
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
    });
    const [urgent, asking, orphaned] = wrapper.findAll('[data-testid="board-item"]');
    expect(urgent!.text()).toContain('Conversation 2 — when at risk');
    expect(urgent!.text()).toContain('Touchpoint overdue');
    expect(urgent!.text()).toContain('Waiting for someone for 9 days');
    expect(urgent!.find('[data-testid="card-at-risk"]').exists()).toBe(true);
    expect(urgent!.text()).toContain('Visit booked for Friday.');
    expect(asking!.text()).toContain('Ann Author asked for a peer step: “Fresh eyes on the falls risk”');
    expect(asking!.text()).toContain('Held by Ann Author');
    expect(asking!.text()).toContain('Conversation 1 — connect');
    // A held story is not picked up; it is opened to help.
    expect(asking!.find('button').exists()).toBe(false);
    expect(asking!.find('a[href="/people/' + MARGARET + '"]').exists()).toBe(true);
    // A story whose holder has left is flagged, named, and can be picked up.
    expect(orphaned!.find('[data-testid="card-holder-disabled"]').text()).toContain('Lee Leaver');
    expect(orphaned!.find('button').exists()).toBe(true);
    await urgent!.find('button').trigger('click');
    await flushPromises();
    expect(calls(seen, `POST /v1/stories/${STORY}/pick-up`)).toHaveLength(1);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/people/${MARGARET}`));
  });

  it('loads the next page with the cursor when asked', async () => {
    const { wrapper, seen } = await open('/board', {
      'GET /v1/teams/t-1/board': (request) =>
        request.query.cursor === 'next'
          ? { body: { items: [card({ storyId: OTHER_STORY, personName: 'Arthur Bell' })], nextCursor: null } }
          : { body: { items: [card({})], nextCursor: 'next' } },
      'GET /v1/colleagues': () => ({ body: colleagues }),
    });
    expect(wrapper.findAll('[data-testid="board-item"]')).toHaveLength(1);
    await clickButton(wrapper, 'Load more stories from this board');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="board-item"]')).toHaveLength(2));
    expect(lastCall(seen, 'GET /v1/teams/t-1/board')?.query).toEqual({ cursor: 'next' });
    expect(wrapper.text()).not.toContain('Load more');
  });
});

describe('the caseload', () => {
  it('shows my stories first, then my team’s or all, filtered by stage and waiting time', async () => {
    const { wrapper, seen } = await open('/conversations', {
      'GET /v1/stories': (request) => ({
        body: {
          items: [
            {
              storyId: STORY,
              personId: MARGARET,
              personName: request.query.scope === 'mine' ? 'Margaret Hammond' : 'Arthur Bell',
              teamId: 't-1',
              status: 'open',
              openedAt: '2025-11-20T09:00:00.000Z',
              stage: 'conversation_1',
              daysWaiting: 3,
              waitingSince: '2025-11-20T09:00:00.000Z',
              urgency: { level: 'routine', touchpointOverdue: false, atRiskUnheld: false },
              heldById: AUTHOR,
              holderName: 'Ann Author',
              holderDisabled: false,
              openRequests: [],
              lastNote: null,
            },
          ],
          nextCursor: null,
        },
      }),
      'GET /v1/colleagues': () => ({ body: colleagues }),
    });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="caseload-item"]').exists()).toBe(true));
    expect(lastCall(seen, 'GET /v1/stories')?.query).toEqual({ scope: 'mine' });
    expect(wrapper.find('[data-testid="caseload-item"]').text()).toContain('Margaret Hammond');
    expect(wrapper.find('[data-testid="caseload-item"]').text()).toContain('Nothing has happened for 3 days');
    await wrapper.find('[data-testid="scope-team"]').trigger('click');
    await wrapper.find('#caseload-stage').setValue('conversation_2');
    await wrapper.find('#caseload-waiting').setValue('7');
    await flushPromises();
    expect(lastCall(seen, 'GET /v1/stories')?.query).toEqual({
      scope: 'team',
      stage: 'conversation_2',
      waitingLongerThan: '7',
    });
    expect(wrapper.find('[data-testid="caseload-item"]').text()).toContain('Arthur Bell');
  });
});

describe('outputs of a strengths-based conversation', () => {
  it('records a development plan, a circle of support and a risk enablement plan, structured', async () => {
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`PATCH /v1/conversations/${CONVERSATION}`]: (request) => ({
          body: conversationBody({ ...(request.body as object), version: 2 }),
          headers: { etag: `"${CONVERSATION}.v2"` },
        }),
      }),
    );
    await clickButton(wrapper, 'Add a goal');
    await wrapper.find('#pdp-goals-0').setValue('Walk to the allotment on my own');
    await clickButton(wrapper, 'Add a step');
    await wrapper.find('#pdp-step-0-step').setValue('Walk with Dai on Saturdays');
    await wrapper.find('#pdp-step-0-who').setValue('Dai');
    await wrapper.find('#pdp-step-0-byWhen').setValue('2026-01-31');
    await clickButton(wrapper, 'Add a step'); // left blank: not sent
    await clickButton(wrapper, 'Add someone to the circle');
    await wrapper.find('#circle-member-0-name').setValue('Rhian');
    await wrapper.find('#circle-member-0-role').setValue('daughter');
    await wrapper.find('#circle-member-0-agreed').setValue('Rings every evening');
    await clickButton(wrapper, 'Add a risk');
    await wrapper.find('#risk-0-risk').setValue('A fall on the way');
    await wrapper.find('#risk-0-whatMatters').setValue('The allotment is where she is herself');
    await wrapper.find('#risk-0-mitigations-0').setValue('Walking frame');
    await wrapper.find('#risk-0-who').setValue('Rhian');
    await wrapper.find('#risk-0-reviewOn').setValue('2026-02-15');
    await clickButton(wrapper, 'Save');
    const body = lastCall(seen, `PATCH /v1/conversations/${CONVERSATION}`)?.body as { outputs: unknown };
    expect(body.outputs).toEqual({
      desiredOutcomes: [],
      personalDevelopmentPlan: {
        goals: ['Walk to the allotment on my own'],
        steps: [{ step: 'Walk with Dai on Saturdays', who: 'Dai', byWhen: '2026-01-31' }],
      },
      circleOfSupport: { members: [{ name: 'Rhian', role: 'daughter', agreed: 'Rings every evening' }], agreement: '' },
      riskEnablementPlan: {
        risks: [
          {
            risk: 'A fall on the way',
            whatMatters: 'The allotment is where she is herself',
            mitigations: ['Walking frame'],
            who: 'Rhian',
            reviewOn: '2026-02-15',
          },
        ],
      },
    });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="notice"]').text()).toBe('Saved.'));
    expect((wrapper.find('#risk-0-risk').element as HTMLInputElement).value).toBe('A fall on the way');
  });

  it('links each field the API refuses to its input', async () => {
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`PATCH /v1/conversations/${CONVERSATION}`]: () => ({
          status: 400,
          body: problemBody(400, 'validation_failed', 'Invalid request', {
            errors: [
              {
                in: 'body',
                field: 'outputs.riskEnablementPlan.risks.0.mitigations',
                pointer: '/outputs/riskEnablementPlan/risks/0/mitigations',
                message: 'say at least one way the risk is made safer',
              },
            ],
          }),
        }),
      }),
    );
    await clickButton(wrapper, 'Add a risk');
    await wrapper.find('#risk-0-risk').setValue('Driving');
    await clickButton(wrapper, 'Save');
    const link = wrapper.find('.problem__errors a');
    expect(link.text()).toBe('say at least one way the risk is made safer');
    expect(link.attributes('href')).toBe('#risk-0-mitigations-0');
  });

  it('are not offered on conversation 2, which plans short-term only', async () => {
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`GET /v1/conversations/${CONVERSATION}`]: () => ({
          body: conversationBody({ kind: 2 }),
          headers: { etag: `"${CONVERSATION}.v1"` },
        }),
      }),
    );
    expect(wrapper.find('[data-testid="conversation-outputs"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="intensive-plan"]').exists()).toBe(true);
  });
});

describe('the intensive plan', () => {
  it('asks before leaving with plan changes not saved, and not once they are', async () => {
    const { wrapper, router } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`GET /v1/conversations/${CONVERSATION}`]: () => ({
          body: conversationBody({ kind: 2 }),
          headers: { etag: `"${CONVERSATION}.v1"` },
        }),
        [`PUT /v1/conversations/${CONVERSATION}/intensive-plan`]: (request) => ({ body: request.body }),
        [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
      }),
    );
    await wrapper.find('#plan-what-must-change').setValue('Safe at night');
    const leaving = router.push(`/people/${MARGARET}`);
    await flushPromises();
    expect(wrapper.find('dialog').text()).toContain('Leave without saving?');
    await answerDialog(wrapper, 'Stay on this page');
    await leaving;
    expect(router.currentRoute.value.fullPath).toBe(`/conversations/${CONVERSATION}`);

    await wrapper.find('#plan-starts').setValue('2026-01-05');
    await wrapper.find('#plan-ends').setValue('2026-02-01');
    await clickButton(wrapper, 'Save the plan');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="intensive-plan"]').text()).toContain('Plan saved.'));
    await router.push(`/people/${MARGARET}`);
    await flushPromises();
    expect(wrapper.find('dialog[open]').exists()).toBe(false);
    expect(router.currentRoute.value.fullPath).toBe(`/people/${MARGARET}`);
  });
});

describe('sharing a story', () => {
  const personRoutes = (story: Record<string, unknown>, extra: Routes = {}): Routes => ({
    [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
    [`GET /v1/people/${MARGARET}/relationships`]: () => ({ body: { items: [] } }),
    [`GET /v1/people/${MARGARET}/history`]: () => ({ body: { items: [] } }),
    'GET /v1/contacts': () => ({ body: { items: [], nextCursor: null } }),
    'GET /v1/colleagues': () => ({ body: colleagues }),
    [`GET /v1/people/${MARGARET}/stories`]: () => ({ body: { items: [storyBody(story)] } }),
    ...extra,
  });

  it('invites a colleague and asks for a peer step; the request shows on the story', async () => {
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      personRoutes(
        { heldById: 'u-1' },
        {
          [`POST /v1/stories/${STORY}/invite`]: () => ({
            body: storyBody({
              heldById: 'u-1',
              events: [
                {
                  kind: 'invite',
                  byId: 'u-1',
                  colleagueId: PEER,
                  note: 'You know the family',
                  at: '2025-11-25T11:00:00.000Z',
                },
              ],
            }),
          }),
          [`POST /v1/stories/${STORY}/peer-step-request`]: () => ({
            body: storyBody({
              heldById: 'u-1',
              openRequests: [{ kind: 'peer_step', byId: 'u-1', note: 'The falls', at: '2025-11-25T12:00:00.000Z' }],
            }),
          }),
        },
      ),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="share-story"]').exists()).toBe(true));
    await clickButton(wrapper, 'Invite', '[data-testid="share-story"]');
    expect(wrapper.find('[data-testid="share-story"]').text()).toContain('Choose the colleague to invite');
    const invitable = wrapper.findAll(`#invite-${STORY} option`).map((o) => o.text());
    expect(invitable).toContain('Pat Peer');
    expect(invitable).not.toContain('Adam Admin');
    await wrapper.find(`#invite-${STORY}`).setValue(PEER);
    await wrapper.find(`#invite-note-${STORY}`).setValue('You know the family');
    await clickButton(wrapper, 'Invite', '[data-testid="share-story"]');
    expect(lastCall(seen, `POST /v1/stories/${STORY}/invite`)?.body).toEqual({
      colleagueId: PEER,
      note: 'You know the family',
    });
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="story-history"]').text()).toContain(
        'You invited Pat Peer: “You know the family”',
      ),
    );
    await wrapper.find(`#ask-${STORY}`).setValue(true);
    await wrapper.find(`#ask-note-${STORY}`).setValue('The falls');
    await clickButton(wrapper, 'Ask', '[data-testid="share-story"]');
    expect(lastCall(seen, `POST /v1/stories/${STORY}/peer-step-request`)?.body).toEqual({ note: 'The falls' });
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="open-request"]').text()).toContain('You asked for a peer step'),
    );
    // The author is never offered the peer step.
    expect(wrapper.find('[data-testid="open-request"]').text()).toContain(
      'A colleague who has not held this story or its conversations gives the peer step.',
    );
    expect(wrapper.find('[data-testid="peer-step-form"]').exists()).toBe(false);
  });

  it('lets a colleague who is not the author give the peer step asked for; who, when, outcome and why show', async () => {
    const given = {
      id: '0196a3c4-0000-7000-8000-00000000e001',
      byId: 'u-1',
      outcome: 'advice',
      why: 'Talk to the GP first',
      qualified: true,
      conversationIds: [],
      at: '2025-11-26T10:00:00.000Z',
    };
    const { wrapper, seen } = await open(
      `/people/${MARGARET}`,
      personRoutes(
        {
          mayGivePeerStep: true,
          openRequests: [{ kind: 'peer_step', byId: AUTHOR, note: 'The falls', at: '2025-11-25T12:00:00.000Z' }],
        },
        {
          [`POST /v1/stories/${STORY}/peer-steps`]: () => ({
            status: 201,
            body: storyBody({
              peerSteps: [given],
              events: [{ kind: 'peer_step_advice', byId: 'u-1', colleagueId: null, note: given.why, at: given.at }],
            }),
          }),
        },
      ),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="peer-step-form"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="open-request"]').text()).toContain('Ann Author asked for a peer step');
    await clickButton(wrapper, 'Give the peer step');
    expect(wrapper.find('[data-testid="peer-step-form"]').text()).toContain('Choose what you found');
    expect(wrapper.find('[data-testid="peer-step-form"]').text()).toContain('Say why');
    await wrapper.find('input[value="advice"]').setValue(true);
    await wrapper.find(`#peer-step-why-${STORY}`).setValue('Talk to the GP first');
    await clickButton(wrapper, 'Give the peer step');
    expect(lastCall(seen, `POST /v1/stories/${STORY}/peer-steps`)?.body).toEqual({
      outcome: 'advice',
      why: 'Talk to the GP first',
    });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="open-request"]').exists()).toBe(false));
    expect(wrapper.find('[data-testid="peer-step"]').text()).toContain('Advice only');
    expect(wrapper.find('[data-testid="peer-step"]').text()).toContain('Talk to the GP first');
    expect(wrapper.find('[data-testid="story-history"]').text()).toContain('gave a peer step with advice');
  });

  it('offers the sign-off that conversations 1 and 2 are exhausted only while it still applies', async () => {
    const concluded = (resolved: boolean) =>
      conversationBody({
        status: 'concluded',
        resolved,
        unresolvedReason: resolved ? null : 'Her son is away until spring.',
        concludedAt: '2025-11-26T10:00:00.000Z',
      });
    const options = async (story: Record<string, unknown>) => {
      const { wrapper } = await open(`/people/${MARGARET}`, personRoutes(story), ['social_worker']);
      await vi.waitFor(() => expect(wrapper.find('[data-testid="peer-step-form"]').exists()).toBe(true));
      const values = wrapper
        .findAll('[data-testid="peer-step-form"] input[type="radio"]')
        .map((i) => i.attributes('value'));
      const gate = wrapper.find('[data-testid="gate"]').exists() ? wrapper.find('[data-testid="gate"]').text() : '';
      wrapper.unmount();
      document.body.innerHTML = '';
      return { values, gate };
    };
    const waiting = await options({
      mayGivePeerStep: true,
      conversations: [concluded(false)],
      conversation3Gate: { open: false, unmet: [{ code: 'peer_sign_off_missing', detail: 'No sign-off yet.' }] },
    });
    expect(waiting.values).toContain('exhausted');
    const resolved = await options({
      mayGivePeerStep: true,
      conversations: [concluded(true)],
      conversation3Gate: {
        open: false,
        unmet: [
          {
            code: 'conversation_1_resolved',
            detail: 'Conversation 1 of 25 November 2025 resolved things, so no conversation 3 is needed.',
          },
        ],
      },
    });
    expect(resolved.values).not.toContain('exhausted');
    expect(resolved.values.length).toBeGreaterThan(0);
    expect(resolved.gate).toContain('Conversation 1 of 25 November 2025 resolved things');
  });
});

describe('a contact progressed to conversation 1', () => {
  it('offers conversation 1 on the story it opened', async () => {
    const CONTACT = '0196a3c4-0000-7000-8000-00000000d001';
    const { wrapper, seen, router } = await open(`/front-door/contacts/${CONTACT}`, {
      [`GET /v1/contacts/${CONTACT}`]: () => ({
        body: contactBody({ id: CONTACT, outcome: 'progressed_to_conversation_1', storyId: STORY }),
      }),
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
      [`GET /v1/stories/${STORY}`]: () => ({ body: storyBody({ contactId: CONTACT, contactIds: [CONTACT] }) }),
      [`POST /v1/stories/${STORY}/conversations`]: () => ({ status: 201, body: conversationBody() }),
      [`GET /v1/conversations/${CONVERSATION}`]: () => ({
        body: conversationBody(),
        headers: { etag: `"${CONVERSATION}.v1"` },
      }),
    });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="contact-story"]').exists()).toBe(true));
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="contact-story"]').text()).toContain('This contact opened their story.'),
    );
    await clickButton(wrapper, 'Start conversation 1', '[data-testid="contact-story"]');
    expect(lastCall(seen, `POST /v1/stories/${STORY}/conversations`)?.body).toEqual({ kind: 1 });
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/conversations/${CONVERSATION}`));
  });
});

describe('the documents of a restricted person, on a conversation', () => {
  afterEach(() => forgetPersonSummaries());
  const reason = 'Checking the signed agreement for the enquiry';
  const documentsPath = `/v1/people/${MARGARET}/documents`;
  const documentBody = {
    id: '0196a3c4-0000-7000-8000-00000000d001',
    personId: MARGARET,
    conversationId: CONVERSATION,
    title: 'Signed direct payment agreement',
    contentUrl: '/v1/documents/0196a3c4-0000-7000-8000-00000000d001/content',
    sizeBytes: 20_480,
    uploadedBy: { id: AUTHOR, name: 'Sam Okafor' },
    uploadedAt: '2026-11-25T10:00:00.000Z',
  };

  it('says they are restricted rather than “none”, and lists and opens them with the reason given', async () => {
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      conversationRoutes({
        [`GET ${documentsPath}`]: (request) =>
          refusedWithout(reason)(request.headers) ?? { body: { items: [documentBody] } },
      }),
    );
    const section = () => wrapper.find('[data-testid="documents"]');
    await vi.waitFor(() => expect(section().find('[data-testid="documents-restricted"]').exists()).toBe(true));
    expect(section().text()).not.toContain('No documents yet');
    // Nobody is asked until they choose to see them.
    const dialog = section().find('[data-testid="reason-dialog"]');
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    await clickButton(wrapper, 'Say why and see them');
    await giveReason(dialog, reason);
    await vi.waitFor(() => expect(section().text()).toContain('Signed direct payment agreement'));
    expect(lastCall(seen, `GET ${documentsPath}`)?.headers['x-access-reason']).toBe(reason);
    expect(section().find('[data-testid="documents-restricted"]').exists()).toBe(false);
  });
});
