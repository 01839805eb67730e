import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';
import { MARGARET, personBody } from '@/test-support/people';
import { forgetColleagues } from './colleagues';

const STORY = '0196a3c4-0000-7000-8000-00000000b001';
const PEER = '0196a3c4-0000-7000-8000-00000000000a';

let unmount: (() => void) | undefined;
afterEach(() => {
  forgetColleagues();
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const storyBody = (overrides: Record<string, unknown> = {}) => ({
  id: STORY,
  personId: MARGARET,
  teamId: null,
  contactId: null,
  contactIds: [],
  status: 'open',
  closure: null,
  heldById: 'u-1',
  openedAt: '2025-11-25T09:00:00.000Z',
  conversations: [],
  peerSteps: [],
  mayGivePeerStep: false,
  events: [],
  openRequests: [],
  conversation3Gate: { open: false, unmet: [] },
  contingencySpentPence: 0,
  version: 3,
  ...overrides,
});

const closure = {
  reason: 'resolved_in_conversation_1',
  stage: 'conversation_1',
  resolvedWhatMattered: 'partly',
  personsWords: 'I can get to chapel again, the garden is still too much.',
  note: null,
  closedAt: '2025-12-01T10:00:00.000Z',
  closedById: PEER,
};

type Routes = Parameters<typeof mountAsAdmin>[1];
const personRoutes = (story: Record<string, unknown>, extra: Routes = {}): Routes => ({
  [`GET /v1/people/${MARGARET}`]: () => ({ body: personBody(), headers: { etag: '"v1"' } }),
  [`GET /v1/people/${MARGARET}/relationships`]: () => ({ body: { items: [] } }),
  [`GET /v1/people/${MARGARET}/history`]: () => ({ body: { items: [] } }),
  'GET /v1/contacts': () => ({ body: { items: [], nextCursor: null } }),
  'GET /v1/colleagues': () => ({
    body: { items: [{ id: PEER, displayName: 'Pat Peer', teamIds: [], qualified: true, seesConversations: true }] },
  }),
  [`GET /v1/people/${MARGARET}/stories`]: () => ({ body: { items: [storyBody(story)] } }),
  ...extra,
});

async function open(routes: Routes, roles = ['practitioner']) {
  const mounted = await mountAsAdmin(`/people/${MARGARET}`, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('[data-testid="story"]').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

describe('closing a story', () => {
  it('asks why and whether it resolved what mattered, in the person’s words, and sends it with If-Match', async () => {
    const { wrapper, seen } = await open(
      personRoutes(
        {},
        {
          [`POST /v1/stories/${STORY}/close`]: () => ({
            body: storyBody({ status: 'closed', closure, version: 4 }),
            headers: { etag: `"${STORY}.v4"` },
          }),
        },
      ),
    );
    await clickButton(wrapper, 'Close this story');
    const dialog = wrapper.find('[data-testid="close-story-dialog"]');
    expect(dialog.attributes('open')).toBeDefined();
    expect(dialog.text()).toContain('Did this resolve what mattered to you?');
    // Nothing chosen: each missing answer is named, nothing is sent.
    await clickButton(wrapper, 'Close the story', 'dialog');
    expect(dialog.text()).toContain('Choose why the story is closing');
    expect(lastCall(seen, `POST /v1/stories/${STORY}/close`)).toBeUndefined();

    await dialog.find('select').setValue('resolved_in_conversation_1');
    await dialog.find('input[value="partly"]').setValue(true);
    await dialog.find('textarea').setValue('I can get to chapel again, the garden is still too much.');
    await clickButton(wrapper, 'Close the story', 'dialog');
    const call = lastCall(seen, `POST /v1/stories/${STORY}/close`);
    expect(call?.headers['if-match']).toBe(`"${STORY}.v3"`);
    expect(call?.body).toEqual({
      reason: 'resolved_in_conversation_1',
      resolvedWhatMattered: 'partly',
      personsWords: 'I can get to chapel again, the garden is still too much.',
    });
    const shown = wrapper.find('[data-testid="story-closure"]');
    expect(shown.text()).toContain('Resolved in conversation 1');
    expect(shown.text()).toContain('Pat Peer');
    expect(shown.text()).toContain('Partly');
    expect(wrapper.find('[data-testid="persons-words"]').text()).toContain('I can get to chapel again');
  });

  it('keeps what was typed when the dialog is closed, and after the page is left', async () => {
    const first = await open(personRoutes({}));
    await clickButton(first.wrapper, 'Close this story');
    const dialog = first.wrapper.find('[data-testid="close-story-dialog"]');
    await dialog.find('select').setValue('moved_away');
    await dialog.find('input[value="yes"]').setValue(true);
    await dialog.find('textarea').setValue('Happy to be near my daughter');
    await clickButton(first.wrapper, 'Not now (keep what I wrote)', 'dialog');
    expect(dialog.attributes('open')).toBeUndefined();
    await clickButton(first.wrapper, 'Close this story');
    expect((dialog.find('select').element as HTMLSelectElement).value).toBe('moved_away');
    first.wrapper.unmount();

    const again = await open(personRoutes({}));
    await clickButton(again.wrapper, 'Close this story');
    const restored = again.wrapper.find('[data-testid="close-story-dialog"]');
    expect((restored.find('select').element as HTMLSelectElement).value).toBe('moved_away');
    expect((restored.find('textarea').element as HTMLTextAreaElement).value).toBe('Happy to be near my daughter');
  });

  it('lists every rule the API says the closing breaks, in plain words', async () => {
    const { wrapper } = await open(
      personRoutes(
        {},
        {
          [`POST /v1/stories/${STORY}/close`]: () => ({
            status: 409,
            body: {
              ...problemBody(409, 'story_cannot_close', 'The story cannot close like this'),
              rules: [
                { code: 'conversation_still_open', detail: 'x' },
                { code: 'conversation_not_held', detail: 'y' },
              ],
            },
          }),
        },
      ),
    );
    await clickButton(wrapper, 'Close this story');
    const dialog = wrapper.find('[data-testid="close-story-dialog"]');
    await dialog.find('select').setValue('resolved_in_conversation_2');
    await dialog.find('input[value="not_asked"]').setValue(true);
    await clickButton(wrapper, 'Close the story', 'dialog');
    const rules = dialog.findAll('[data-testid="story-life-rules"] li').map((li) => li.text());
    expect(rules).toEqual([
      'A conversation is still open: conclude it first, or choose another reason.',
      'That conversation has not been held and concluded on this story.',
    ]);
    expect(dialog.attributes('open')).toBeDefined();
  });

  it('is not offered to a colleague who cannot write conversations (an administrator does not see stories at all)', async () => {
    const mounted = await mountAsAdmin(`/people/${MARGARET}`, personRoutes({}), ['practice_admin']);
    unmount = () => mounted.wrapper.unmount();
    await vi.waitFor(() => expect(mounted.wrapper.find('h1').text()).toBe('Margaret Hammond'));
    await flushPromises();
    expect(mounted.wrapper.find('[data-testid="person-stories"]').exists()).toBe(false);
    expect(mounted.wrapper.find('[data-testid="close-story"]').exists()).toBe(false);
  });
});

describe('a closed story', () => {
  it('shows how it ended and reopens with a reason', async () => {
    const { wrapper, seen } = await open(
      personRoutes(
        { status: 'closed', closure, heldById: null },
        {
          [`POST /v1/stories/${STORY}/reopen`]: () => ({
            body: storyBody({ version: 5 }),
            headers: { etag: `"${STORY}.v5"` },
          }),
        },
      ),
    );
    expect(wrapper.find('[data-testid="story"] h3').text()).toContain('Closed');
    expect(wrapper.find('[data-testid="close-story"]').exists()).toBe(false);
    const reopen = wrapper.find('[data-testid="reopen-story"]');
    await clickButton(wrapper, 'Reopen', '[data-testid="reopen-story"]');
    expect(reopen.text()).toContain('Say why the story is opening again');
    expect(lastCall(seen, `POST /v1/stories/${STORY}/reopen`)).toBeUndefined();
    await reopen.find('textarea').setValue('She rang: the chapel bus has stopped');
    await clickButton(wrapper, 'Reopen', '[data-testid="reopen-story"]');
    const call = lastCall(seen, `POST /v1/stories/${STORY}/reopen`);
    expect(call?.headers['if-match']).toBe(`"${STORY}.v3"`);
    expect(call?.body).toEqual({ reason: 'She rang: the chapel bus has stopped' });
    expect(wrapper.find('[data-testid="story-closure"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="close-story"]').exists()).toBe(true);
  });
});
