import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, clickButton, lastCall, mountAsAdmin } from '@/test-support/admin';
import { MARGARET, personBody } from '@/test-support/people';
import { forgetPersonSummaries } from '../people/personSummary';

const NOTE = '0196a3c4-0000-7000-8000-0000000000e1';
const STORY = '0196a3c4-0000-7000-8000-00000000b001';
const personPath = `/v1/people/${MARGARET}`;

let unmount: (() => void) | undefined;
afterEach(() => {
  forgetPersonSummaries();
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];

const noteBody = (overrides: Record<string, unknown> = {}) => ({
  id: NOTE,
  personId: MARGARET,
  storyId: null,
  conversationId: null,
  concernId: null,
  enquiryId: null,
  kind: 'visit',
  occurredAt: '2025-11-25T10:00:00.000Z',
  status: 'final',
  summary: 'Visited at home',
  body: 'We talked about the lunch club.',
  // The signed-in colleague of the fakes is u-1.
  author: { id: 'u-1', name: 'Morgan Lee' },
  version: 1,
  amended: false,
  createdAt: '2025-11-25T10:30:00.000Z',
  updatedAt: '2025-11-25T10:30:00.000Z',
  finalisedAt: '2025-11-25T10:30:00.000Z',
  ...overrides,
});

/** Margaret's page with a server that keeps her notes. */
function serverWith(initial: ReturnType<typeof noteBody>[]) {
  let notes = [...initial];
  const versions: Record<string, unknown[]> = {};
  const routes: Routes = {
    [`GET ${personPath}`]: () => ({ body: personBody(), headers: { etag: `"${MARGARET}.v1"` } }),
    [`GET ${personPath}/stories`]: () => ({
      body: {
        items: [
          {
            id: STORY,
            personId: MARGARET,
            teamId: null,
            contactId: null,
            contactIds: [],
            status: 'open',
            heldById: null,
            openedAt: '2025-11-25T09:00:00.000Z',
            conversations: [],
            peerSteps: [],
            mayGivePeerStep: false,
            events: [],
            openRequests: [],
            conversation3Gate: { open: false, unmet: [] },
            contingencySpentPence: 0,
            version: 1,
          },
        ],
      },
    }),
    [`GET ${personPath}/notes`]: () => ({ body: { items: notes, nextCursor: null } }),
    [`POST ${personPath}/notes`]: (request) => {
      const body = request.body as Record<string, unknown>;
      const note = noteBody({ ...body, id: NOTE, status: body.status ?? 'draft', finalisedAt: null });
      notes = [note, ...notes];
      return { status: 201, body: note, headers: { etag: `"${NOTE}.v1"` } };
    },
    [`PATCH /v1/notes/${NOTE}`]: (request) => {
      const current = notes.find((n) => n.id === NOTE)!;
      if (request.headers['if-match'] !== `"${NOTE}.v${current.version}"`)
        return { status: 412, body: { type: 'x', title: 'Changed', status: 412, code: 'precondition_failed' } };
      const { finalise, amendmentReason, ...changes } = request.body as Record<string, unknown>;
      const next = noteBody({
        ...current,
        ...changes,
        version: current.version + 1,
        status: finalise ? 'final' : current.status,
        amended: current.amended || !!amendmentReason,
      });
      if (next.status === 'final')
        (versions[NOTE] ??= []).push({
          version: (versions[NOTE]?.length ?? 0) + 1,
          summary: next.summary,
          body: next.body,
          amendmentReason: amendmentReason ?? null,
          writtenBy: { id: 'u-1', name: 'Morgan Lee' },
          writtenAt: '2025-11-26T09:00:00.000Z',
        });
      notes = notes.map((n) => (n.id === NOTE ? next : n));
      return { body: next, headers: { etag: `"${NOTE}.v${next.version}"` } };
    },
    [`GET /v1/notes/${NOTE}`]: () => {
      const note = notes.find((n) => n.id === NOTE)!;
      return { body: { note, versions: versions[NOTE] ?? [] }, headers: { etag: `"${NOTE}.v${note.version}"` } };
    },
  };
  return { routes, versions };
}

async function open(routes: Routes, roles = ['practitioner']) {
  const mounted = await mountAsAdmin(`/people/${MARGARET}`, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('[data-testid="person-notes"]').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

async function fill(wrapper: VueWrapper, prefix: string, values: { kind?: string; summary?: string; body?: string }) {
  if (values.kind) await wrapper.find(`#${prefix}-kind`).setValue(values.kind);
  if (values.summary !== undefined) await wrapper.find(`#${prefix}-summary`).setValue(values.summary);
  if (values.body !== undefined) await wrapper.find(`#${prefix}-body`).setValue(values.body);
}

describe('case notes on a person’s page', () => {
  it('lists notes with their kind, when, who wrote them, and an amended marker', async () => {
    const { routes } = serverWith([
      noteBody({ amended: true, version: 3 }),
      noteBody({
        id: 'n-2',
        kind: 'phone_call',
        summary: 'Rang her daughter',
        author: { id: 'u-2', name: 'Ann Author' },
      }),
    ]);
    const { wrapper } = await open(routes);
    const items = wrapper.findAll('[data-testid="note"]');
    expect(items).toHaveLength(2);
    expect(items[0]!.find('h3').text()).toBe('Visited at home');
    expect(items[0]!.find('[data-testid="note-facts"]').text()).toMatch(
      /^Visit · 25 November 2025 at \d\d:\d\d · written by you\s+Amended$/,
    );
    expect(items[1]!.find('[data-testid="note-facts"]').text()).toContain('Phone call');
    expect(items[1]!.find('[data-testid="note-facts"]').text()).toContain('written by Ann Author');
    expect(items[1]!.find('[data-testid="note-amended"]').exists()).toBe(false);
  });

  it('writes a draft kept on the server, then finalises it with the ETag it read', async () => {
    const { routes } = serverWith([]);
    const { wrapper, seen } = await open(routes);
    expect(wrapper.find('[data-testid="person-notes"]').text()).toContain('No case notes about Peggy yet.');
    await clickButton(wrapper, 'Write a case note');
    expect(document.activeElement?.id).toBe('note-new-kind');
    // Offered what it may be about: her story.
    expect(wrapper.find('#note-new-link').text()).toContain('Their story opened');
    await fill(wrapper, 'note-new', {
      kind: 'visit',
      summary: 'Visited at home',
      body: 'We talked about the lunch club.',
    });
    await wrapper.find('#note-new-link').setValue(`story:${STORY}`);
    await clickButton(wrapper, 'Save draft');
    const created = lastCall(seen, `POST ${personPath}/notes`)?.body as Record<string, unknown>;
    expect(created).toMatchObject({
      kind: 'visit',
      summary: 'Visited at home',
      body: 'We talked about the lunch club.',
      storyId: STORY,
      status: 'draft',
    });
    expect(wrapper.find('[data-testid="note-status"]').text()).toContain('Draft saved');
    // The same editor carries on (typing is not interrupted), and the draft is not listed twice.
    expect(wrapper.findAll('[data-testid="note"]')).toHaveLength(0);

    // More typing, then finalise: the text goes with If-Match and finalise.
    await wrapper.find('#note-new-body').setValue('We talked about the lunch club and the bus.');
    await clickButton(wrapper, 'Finalise the note');
    const finalised = lastCall(seen, `PATCH /v1/notes/${NOTE}`);
    expect(finalised?.headers['if-match']).toBe(`"${NOTE}.v1"`);
    expect(finalised?.body).toMatchObject({ body: 'We talked about the lunch club and the bus.', finalise: true });
    expect(wrapper.find('[data-testid="notes-notice"]').text()).toContain('final');
    expect(wrapper.find('[data-testid="note-editor"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="note"]')).toHaveLength(1);
    expect(wrapper.find('[data-testid="note"]').text()).not.toContain('Draft');
  });

  it('a draft from an earlier session is listed as a draft and can be continued', async () => {
    const { routes } = serverWith([noteBody({ status: 'draft', finalisedAt: null })]);
    const { wrapper, seen } = await open(routes);
    expect(wrapper.find('[data-testid="note-facts"]').text()).toContain('Draft');
    await clickButton(wrapper, 'Continue the draft: Visited at home');
    expect((wrapper.find(`#note-${NOTE}-body`).element as HTMLTextAreaElement).value).toBe(
      'We talked about the lunch club.',
    );
    await wrapper.find(`#note-${NOTE}-summary`).setValue('Visited at home on Tuesday');
    await clickButton(wrapper, 'Save draft');
    expect(lastCall(seen, `PATCH /v1/notes/${NOTE}`)?.body).toMatchObject({ summary: 'Visited at home on Tuesday' });
    expect(lastCall(seen, `PATCH /v1/notes/${NOTE}`)?.body).not.toHaveProperty('finalise');
  });

  it('saves a draft on the server by itself once typing pauses, so a timed-out session loses nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { routes } = serverWith([]);
      const { wrapper, seen } = await open(routes);
      await clickButton(wrapper, 'Write a case note');
      await fill(wrapper, 'note-new', { kind: 'observation', summary: 'At the door', body: 'She looked well.' });
      expect(calls(seen, `POST ${personPath}/notes`)).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(3000);
      await flushPromises();
      expect(calls(seen, `POST ${personPath}/notes`)).toHaveLength(1);
      expect(lastCall(seen, `POST ${personPath}/notes`)?.body).toMatchObject({
        status: 'draft',
        body: 'She looked well.',
      });
      // What was typed is also kept in this tab.
      expect(Object.keys(sessionStorage).some((k) => k.includes('notes.'))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an editor opened and left empty is nothing to lose: leaving does not ask', async () => {
    const { routes } = serverWith([]);
    const { wrapper, router } = await open(routes);
    await clickButton(wrapper, 'Write a case note');
    await router.push('/people');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/people');
  });

  it('asks for what is missing before finalising, and sends nothing', async () => {
    const { routes } = serverWith([]);
    const { wrapper, seen } = await open(routes);
    await clickButton(wrapper, 'Write a case note');
    await clickButton(wrapper, 'Finalise the note');
    expect(wrapper.text()).toContain('Say how it happened');
    expect(wrapper.text()).toContain('Write what happened');
    expect(calls(seen, `POST ${personPath}/notes`)).toHaveLength(0);
  });

  it('amends a final note with a reason (a new version), and shows both versions in its history', async () => {
    const { routes, versions } = serverWith([noteBody()]);
    versions[NOTE] = [
      {
        version: 1,
        summary: 'Visited at home',
        body: 'We talked about the lunch club.',
        amendmentReason: null,
        writtenBy: { id: 'u-1', name: 'Morgan Lee' },
        writtenAt: '2025-11-25T10:30:00.000Z',
      },
    ];
    const { wrapper, seen } = await open(routes);
    await clickButton(wrapper, 'Amend “Visited at home”');
    expect(wrapper.find(`#note-${NOTE}-kind`).exists()).toBe(false);
    await wrapper.find(`#note-${NOTE}-body`).setValue('We talked about the lunch club on Thursdays.');
    await clickButton(wrapper, 'Save the amendment');
    expect(wrapper.text()).toContain('Say why you are amending the note');
    expect(calls(seen, `PATCH /v1/notes/${NOTE}`)).toHaveLength(0);
    await wrapper.find(`#note-${NOTE}-reason`).setValue('The day was wrong');
    await clickButton(wrapper, 'Save the amendment');
    const amended = lastCall(seen, `PATCH /v1/notes/${NOTE}`);
    expect(amended?.headers['if-match']).toBe(`"${NOTE}.v1"`);
    expect(amended?.body).toEqual({
      summary: 'Visited at home',
      body: 'We talked about the lunch club on Thursdays.',
      amendmentReason: 'The day was wrong',
    });
    expect(wrapper.find('[data-testid="note-amended"]').exists()).toBe(true);

    await clickButton(wrapper, 'Show its history: Visited at home');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="note-history"] li')).toHaveLength(2));
    const history = wrapper.findAll('[data-testid="note-history"] li').map((li) => li.text());
    expect(history[0]).toContain('Version 1');
    expect(history[0]).toContain('We talked about the lunch club.');
    expect(history[1]).toContain('Version 2');
    expect(history[1]).toContain('Why it was amended: The day was wrong');
  });

  it('is read-only for a colleague who may read but not write, and absent for one who may not read', async () => {
    const { routes } = serverWith([noteBody()]);
    const auditor = await mountAsAdmin(`/people/${MARGARET}`, routes, ['practice_admin']);
    unmount = () => auditor.wrapper.unmount();
    await vi.waitFor(() => expect(auditor.wrapper.find('h1').exists()).toBe(true));
    await flushPromises();
    expect(auditor.wrapper.find('[data-testid="person-notes"]').exists()).toBe(false);
    expect(calls(auditor.seen, `GET ${personPath}/notes`)).toHaveLength(0);
  });
});
