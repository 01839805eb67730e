import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';
import { MARGARET, personBody } from '@/test-support/people';

const CONVERSATION = '0196a3c4-0000-7000-8000-00000000c001';
const STORY = '0196a3c4-0000-7000-8000-00000000b001';
const AUTHOR = '0196a3c4-0000-7000-8000-000000000009';

let unmount: (() => void) | undefined;
afterEach(() => {
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
  status: 'open',
  heldById: AUTHOR,
  openedAt: '2025-11-25T09:00:00.000Z',
  conversations: [],
  peerSignOffs: [],
  events: [],
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

describe('the team board', () => {
  it('lists stories nobody holds and picks one up', async () => {
    const { wrapper, seen, router } = await open('/board', {
      'GET /v1/teams/t-1/board': () => ({
        body: {
          items: [
            {
              storyId: STORY,
              personId: MARGARET,
              personName: 'Margaret Hammond',
              openedAt: '2025-11-20T09:00:00.000Z',
              latestConversationKind: 2,
              lastNote: 'Visit booked for Friday.',
            },
          ],
        },
      }),
      [`POST /v1/stories/${STORY}/pick-up`]: () => ({ body: storyBody() }),
      [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
    });
    const item = wrapper.find('[data-testid="board-item"]');
    expect(item.text()).toContain('Margaret Hammond');
    expect(item.text()).toContain('Conversation 2 — when at risk');
    expect(item.text()).toContain('Visit booked for Friday.');
    await item.find('button').trigger('click');
    await flushPromises();
    expect(calls(seen, `POST /v1/stories/${STORY}/pick-up`)).toHaveLength(1);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/people/${MARGARET}`));
  });
});
