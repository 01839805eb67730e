import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { contactBody, MARGARET, personBody } from '@/test-support/people';
import { forgetPersonSummaries } from '../people/personSummary';
import { forgetColleagues } from './colleagues';

const CONVERSATION = '0196a3c4-0000-7000-8000-00000000c001';
const EARLIER = '0196a3c4-0000-7000-8000-00000000c000';
const CONTACT = '0196a3c4-0000-7000-8000-00000000d001';
const STORY = '0196a3c4-0000-7000-8000-00000000b001';
const AUTHOR = '0196a3c4-0000-7000-8000-000000000009';

let unmount: (() => void) | undefined;
afterEach(() => {
  forgetColleagues();
  forgetPersonSummaries();
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];

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

const concludedOne = conversationBody({
  id: EARLIER,
  status: 'concluded',
  concludedAt: '2025-11-26T10:00:00.000Z',
  resolved: false,
  unresolvedReason: 'The lunch club is full.',
  whatMatters: 'Seeing her friends at the lunch club.',
  strengths: {
    personalResources: ['Sings in the choir'],
    networksOfSupport: ['Her neighbour Dai'],
    communityResources: [],
  },
  participants: [{ name: 'Margaret Hammond', role: 'the person' }],
  advocacy: {
    substantialDifficulty: { understanding: false, retaining: true, weighing: false, communicating: false },
    appropriatePersonAvailable: true,
    advocateRecorded: false,
  },
  outputs: {
    desiredOutcomes: ['Back at the lunch club by spring'],
    riskEnablementPlan: {
      risks: [
        {
          risk: 'A fall on the way',
          whatMatters: 'It is where she sees friends',
          mitigations: ['A walking frame'],
          who: 'Dai',
          reviewOn: '2026-01-10',
        },
      ],
    },
  },
  notes: 'Met at her kitchen table.',
});

const storyBody = (overrides: Record<string, unknown> = {}) => ({
  id: STORY,
  personId: MARGARET,
  teamId: null,
  contactId: CONTACT,
  contactIds: [CONTACT],
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

function routes(conversation: Record<string, unknown>, story: Record<string, unknown>, extra: Routes = {}): Routes {
  return {
    [`GET /v1/conversations/${String(conversation.id)}`]: () => ({
      body: conversation,
      headers: { etag: `"${String(conversation.id)}.v1"` },
    }),
    [`GET /v1/stories/${STORY}`]: () => ({ body: story }),
    [`GET /v1/contacts/${CONTACT}`]: () => ({ body: contactBody({ id: CONTACT }) }),
    [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: `"${MARGARET}.v1"` } }),
    [`GET /v1/people/${MARGARET}/stories`]: () => ({ body: { items: [story] } }),
    'GET /v1/colleagues': () => ({
      body: {
        items: [{ id: AUTHOR, displayName: 'Ann Author', teamIds: [], qualified: false, seesConversations: true }],
      },
    }),
    'GET /v1/teams': () => ({ body: { items: [] } }),
    ...extra,
  };
}

async function open(path: string, fakes: Routes, roles = ['practitioner']) {
  const mounted = await mountAsAdmin(path, fakes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await flushPromises();
  await flushPromises();
  return mounted;
}

describe('a conversation names the person it is about', () => {
  it('shows their name, key facts and their worker above the conversation', async () => {
    const { wrapper } = await open(`/conversations/${CONVERSATION}`, routes(conversationBody(), storyBody()));
    await vi.waitFor(() => expect(wrapper.find('[data-testid="person-header-worker"]').exists()).toBe(true));
    const header = wrapper.find('[data-testid="person-header"]');
    expect(header.find('[data-testid="person-header-name"]').text()).toBe('Margaret Hammond');
    expect(header.text()).toContain('Peggy');
    expect(header.text()).toContain('943 476 5919');
    expect(wrapper.find('[data-testid="person-header-worker"]').text()).toBe('Ann Author');
    // The header comes first and the conversation's own h1 follows it.
    expect(wrapper.find('h1').text()).toBe('Conversation 1 — connect');
  });
});

describe('carried forward as starting text', () => {
  it('conversation 1 starts with what mattered to them at the contact, marked, and saved with the conversation', async () => {
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      routes(conversationBody(), storyBody(), {
        [`PATCH /v1/conversations/${CONVERSATION}`]: (request) => ({
          body: conversationBody({ ...(request.body as object), version: 2 }),
          headers: { etag: `"${CONVERSATION}.v2"` },
        }),
      }),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="carried-forward"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="carried-forward"]').text()).toContain('the contact on 25 November 2025');
    const matters = wrapper.find('#what-matters').element as HTMLTextAreaElement;
    expect(matters.value).toBe('Getting to the lunch club on Thursdays.');
    // Editable: what is true now replaces it.
    await wrapper.find('#what-matters').setValue('Getting to the lunch club on Thursdays, and the market.');
    await clickButton(wrapper, 'Save');
    expect(
      (lastCall(seen, `PATCH /v1/conversations/${CONVERSATION}`)?.body as { whatMatters: string }).whatMatters,
    ).toBe('Getting to the lunch club on Thursdays, and the market.');
    expect(wrapper.find('[data-testid="carried-forward"]').exists()).toBe(false);
  });

  it('conversation 2 starts with the strengths and what matters of the latest concluded conversation', async () => {
    const two = conversationBody({ kind: 2 });
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}`,
      routes(two, storyBody({ conversations: [concludedOne, two] }), {
        [`GET /v1/conversations/${CONVERSATION}/touchpoints`]: () => ({
          body: { items: [], gaps: [], maxGapDays: 7 },
        }),
        [`GET /v1/conversations/${CONVERSATION}/contingency-spends`]: () => ({
          body: { items: [], perSpendCapPence: 10000, perStoryCapPence: 50000, storySpentPence: 0 },
        }),
      }),
    );
    await vi.waitFor(() => expect(wrapper.find('[data-testid="carried-forward"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="carried-forward"]').text()).toContain('What matters and their strengths are');
    expect(wrapper.find('[data-testid="carried-forward"]').text()).toContain('conversation 1');
    expect(wrapper.find('[data-testid="strengths-carried"]').exists()).toBe(true);
    expect((wrapper.find('#strengths-personalResources-0').element as HTMLInputElement).value).toBe(
      'Sings in the choir',
    );
    expect((wrapper.find('#strengths-networksOfSupport-0').element as HTMLInputElement).value).toBe(
      'Her neighbour Dai',
    );
    expect((wrapper.find('#what-matters').element as HTMLTextAreaElement).value).toBe(
      'Seeing her friends at the lunch club.',
    );
  });

  it('starting text alone is not an unsaved change: leaving does not ask, and it comes back next time', async () => {
    const { wrapper, router } = await open(`/conversations/${CONVERSATION}`, routes(conversationBody(), storyBody()));
    await vi.waitFor(() => expect(wrapper.find('[data-testid="carried-forward"]').exists()).toBe(true));
    await router.push('/people');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/people');
    expect(document.querySelector('dialog[open]')).toBeNull();
  });

  it('carries nothing into a conversation already written in', async () => {
    const { wrapper } = await open(
      `/conversations/${CONVERSATION}`,
      routes(conversationBody({ whatMatters: 'Her own words today.' }), storyBody()),
    );
    expect(wrapper.find('[data-testid="carried-forward"]').exists()).toBe(false);
    expect((wrapper.find('#what-matters').element as HTMLTextAreaElement).value).toBe('Her own words today.');
  });
});

describe('a concluded conversation', () => {
  it('reads as a record: headings, paragraphs and lists, no form fields', async () => {
    const { wrapper } = await open(
      `/conversations/${EARLIER}`,
      routes(concludedOne, storyBody({ conversations: [concludedOne] })),
    );
    expect(wrapper.find('[data-testid="conversation-form"]').exists()).toBe(false);
    const record = wrapper.find('[data-testid="conversation-record"]');
    expect(record.findAll('input, textarea, select')).toHaveLength(0);
    expect(record.findAll('h2').map((h) => h.text())).toEqual([
      'Strengths',
      'Who took part',
      'What matters',
      'The advocacy test',
      'Desired outcomes',
      'Risk enablement plan',
      'Notes',
    ]);
    expect(record.findAll('li').map((li) => li.text())).toContain('Sings in the choir');
    expect(record.text()).toContain('Seeing her friends at the lunch club.');
    expect(record.text()).toContain('They would have substantial difficulty in retaining that information.');
    expect(record.find('h3 + p').exists()).toBe(true);
    expect(record.text()).toContain('A fall on the way');
    expect(record.text()).toContain('Met at her kitchen table.');
    expect(wrapper.text()).toContain('This conversation is concluded');
  });
});

describe('a concluded conversation 2', () => {
  it('shows its intensive plan as text to read', async () => {
    const two = conversationBody({
      id: EARLIER,
      kind: 2,
      status: 'concluded',
      concludedAt: '2025-12-01T10:00:00.000Z',
      resolved: true,
      intensivePlan: {
        startsOn: '2025-11-26',
        endsOn: '2025-12-10',
        whatMustChange: 'Meals every day while her daughter is away.',
        actions: [{ action: 'Book the meals', who: 'Ann', by: '2025-11-27' }],
      },
    });
    const { wrapper } = await open(
      `/conversations/${EARLIER}`,
      routes(two, storyBody({ conversations: [two] }), {
        [`GET /v1/conversations/${EARLIER}/touchpoints`]: () => ({ body: { items: [], gaps: [], maxGapDays: 7 } }),
        [`GET /v1/conversations/${EARLIER}/contingency-spends`]: () => ({
          body: { items: [], perSpendCapPence: 10000, perStoryCapPence: 50000, storySpentPence: 0 },
        }),
      }),
    );
    const plan = wrapper.find('[data-testid="intensive-plan"]');
    expect(plan.findAll('input, textarea')).toHaveLength(0);
    expect(plan.find('[data-testid="intensive-plan-record"]').text()).toContain(
      'Meals every day while her daughter is away.',
    );
    expect(plan.text()).toContain('Book the meals — Ann, by 27 November 2025');
  });
});

describe('the long form in parts', () => {
  it('folds the parts not needed yet away with a summary, and keeps what was typed in a folded part', async () => {
    const { wrapper, seen } = await open(
      `/conversations/${CONVERSATION}`,
      routes(conversationBody(), storyBody({ contactId: null, contactIds: [] }), {
        [`PATCH /v1/conversations/${CONVERSATION}`]: (request) => ({
          body: conversationBody({ ...(request.body as object), version: 2 }),
          headers: { etag: `"${CONVERSATION}.v2"` },
        }),
      }),
    );
    const toggle = (id: string) => wrapper.find(`#${id}-toggle`);
    expect(toggle('strengths').attributes('aria-expanded')).toBe('true');
    expect(toggle('risk').attributes('aria-expanded')).toBe('false');
    expect(wrapper.find('[data-testid="risk-summary"]').text()).toBe('No risks recorded');
    await toggle('risk').trigger('click');
    await clickButton(wrapper, 'Add a risk');
    await wrapper.find('#risk-0-risk').setValue('A fall on the way');
    expect(wrapper.find('[data-testid="risk-summary"]').text()).toBe('1 risk');
    // Folded away again: the typed risk is still there, and saved.
    await toggle('risk').trigger('click');
    expect((wrapper.find('#risk-body').element as HTMLElement).style.display).toBe('none');
    await wrapper.find('#what-matters').setValue('The allotment');
    expect(wrapper.find('[data-testid="matters-summary"]').text()).toBe('The allotment');
    await clickButton(wrapper, 'Save');
    const body = lastCall(seen, `PATCH /v1/conversations/${CONVERSATION}`)?.body as {
      outputs: { riskEnablementPlan?: { risks: { risk: string }[] } };
    };
    expect(body.outputs.riskEnablementPlan?.risks[0]?.risk).toBe('A fall on the way');
  });
});
