import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, lastCall, mountAsAdmin } from '@/test-support/admin';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

type Routes = Parameters<typeof mountAsAdmin>[1];
const IVY = '0196a3c4-0000-7000-8000-0000000000a1';
const BERT = '0196a3c4-0000-7000-8000-0000000000a2';

const task = (overrides: Record<string, unknown> = {}) => ({
  id: '0196a3c4-0000-7000-8000-0000000000f1',
  title: 'Phone Ivy’s GP',
  details: '',
  dueOn: '2026-11-27',
  overdue: true,
  assignee: { id: 'u-1', name: 'Sam Carter' },
  team: null,
  person: { id: IVY, name: 'Ivy Hope' },
  storyId: null,
  status: 'open',
  source: 'manual',
  createdBy: { id: 'u-1', name: 'Sam Carter' },
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  closedAt: null,
  closedBy: null,
  version: 1,
  ...overrides,
});

function work(tasks = [task()]) {
  return {
    today: '2026-11-30',
    stories: {
      total: 61,
      items: [
        {
          storyId: 's-1',
          person: { id: IVY, name: 'Ivy Hope' },
          stage: 'conversation_2',
          conversationStatus: 'open',
          openedAt: '2026-11-16T10:00:00.000Z',
          lastActivityAt: '2026-11-16T10:00:00.000Z',
          daysWaiting: 14,
        },
      ],
    },
    touchpoints: {
      total: 1,
      items: [
        {
          conversationId: 'c-2',
          storyId: 's-1',
          person: { id: BERT, name: 'Bert Lane' },
          lastTouchpointAt: '2026-11-28T12:00:00.000Z',
          dueOn: '2026-12-01',
          daysLeft: 1,
        },
      ],
    },
    tasks: { total: tasks.length, items: tasks },
    reviews: {
      total: 1,
      items: [
        {
          reviewId: 'r-1',
          budgetId: 'b-1',
          person: { id: IVY, name: 'Ivy Hope' },
          kind: 'first',
          dueFrom: '2026-11-20',
          dueBy: '2026-11-29',
          overdue: true,
        },
      ],
    },
    safeguarding: { total: 0, items: [] },
    recentPeople: { total: 1, items: [{ id: BERT, name: 'Bert Lane', viewedAt: '2026-11-30T09:00:00.000Z' }] },
  };
}

function homeRoutes(overrides: Routes = {}): Routes {
  return {
    'GET /v1/me/work': () => ({ body: work() }),
    'GET /v1/teams': () => ({ body: { items: [{ id: 't-1', name: 'Ludlow', description: '', version: 1 }] } }),
    ...overrides,
  };
}

async function open(routes: Routes, roles = ['practitioner']) {
  const mounted = await mountAsAdmin('/', routes, roles);
  unmount = () => mounted.wrapper.unmount();
  await vi.waitFor(() => expect(mounted.wrapper.find('[data-testid="home-stories"]').exists()).toBe(true));
  await flushPromises();
  return mounted;
}

describe('home: my work', () => {
  it('shows the stories I hold, touchpoints, tasks, reviews and recent people, each linking to the person', async () => {
    const { wrapper } = await open(homeRoutes());
    const text = wrapper.text();
    expect(text).not.toMatch(/being built|Coming soon/);
    expect(wrapper.find('[data-testid="home-stories"] h2').text()).toBe('Stories I hold (showing 1 of 61)');
    expect(wrapper.find('[data-testid="home-stories"]').text()).toContain('Conversation 2');
    expect(wrapper.find('[data-testid="home-stories"]').text()).toContain('14 days');
    expect(wrapper.find('[data-testid="home-stories"] a').attributes('href')).toBe(`/people/${IVY}`);
    expect(wrapper.find('[data-testid="home-touchpoints"]').text()).toContain('Due tomorrow');
    expect(wrapper.find('[data-testid="home-touchpoints"] a').attributes('href')).toBe('/conversations/c-2');
    expect(wrapper.find('[data-testid="home-tasks"]').text()).toContain('3 days overdue');
    expect(wrapper.find('[data-testid="home-reviews"]').text()).toContain('Overdue');
    expect(wrapper.find('[data-testid="home-recent"] a').attributes('href')).toBe(`/people/${BERT}`);
    expect(wrapper.find('[data-testid="home-safeguarding"]').exists()).toBe(false);
  });

  it('marks a task done with its version, then shows home again', async () => {
    let answered = work();
    const { wrapper, seen } = await open(
      homeRoutes({
        'GET /v1/me/work': () => ({ body: answered }),
        [`PATCH /v1/tasks/${task().id}`]: () => {
          answered = work([]);
          return { body: task({ status: 'done', version: 2 }) };
        },
      }),
    );
    await wrapper.find(`[data-testid="task-${task().id}"] button`).trigger('click');
    await flushPromises();
    const patch = lastCall(seen, `PATCH /v1/tasks/${task().id}`);
    expect(patch?.body).toEqual({ status: 'done' });
    expect(patch?.headers['if-match']).toBe(`"${task().id}.v1"`);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="home-tasks"]').text()).toContain('Nothing to do'));
    expect(wrapper.find('[data-testid="announcement"]').text()).toBe('Marked done: Phone Ivy’s GP');
  });

  it('adds a task for my team, and keeps what was typed when the save fails', async () => {
    let fail = true;
    const { wrapper, seen } = await open(
      homeRoutes({
        'POST /v1/tasks': () =>
          fail
            ? {
                status: 503,
                body: { type: 'about:blank', title: 'Service unavailable', status: 503, code: 'overloaded' },
              }
            : { status: 201, body: task({ id: 'new', title: 'Book the interpreter', overdue: false }) },
      }),
    );
    const form = wrapper.find('[data-testid="add-task"]');
    await form.find('#task-title').setValue('Book the interpreter');
    await form.find('#task-due').setValue('2026-12-02');
    await form.find('#task-for').setValue('t-1');
    await form.find('#task-details').setValue('Polish, for Tuesday’s visit');
    await form.trigger('submit');
    await flushPromises();
    expect((form.find('#task-title').element as HTMLInputElement).value).toBe('Book the interpreter');
    expect((form.find('#task-details').element as HTMLTextAreaElement).value).toBe('Polish, for Tuesday’s visit');
    fail = false;
    await form.trigger('submit');
    await flushPromises();
    expect(lastCall(seen, 'POST /v1/tasks')?.body).toEqual({
      title: 'Book the interpreter',
      dueOn: '2026-12-02',
      teamId: 't-1',
      details: 'Polish, for Tuesday’s visit',
    });
    expect((form.find('#task-title').element as HTMLInputElement).value).toBe('');
    expect(calls(seen, 'GET /v1/me/work').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an empty task without asking the API, and says what is missing', async () => {
    const { wrapper, seen } = await open(homeRoutes());
    await wrapper.find('[data-testid="add-task"]').trigger('submit');
    await flushPromises();
    expect(calls(seen, 'POST /v1/tasks')).toHaveLength(0);
    expect(wrapper.find('[data-testid="add-task"]').text()).toContain('Say what needs doing');
  });

  it('gives a role without tasks (the administrator) its parts of the console, without asking for work', async () => {
    const mounted = await mountAsAdmin('/', homeRoutes(), ['practice_admin']);
    unmount = () => mounted.wrapper.unmount();
    await flushPromises();
    expect(mounted.wrapper.find('h1').text()).toBe('Hello, Morgan');
    expect(mounted.wrapper.text()).toContain('Administration');
    expect(calls(mounted.seen, 'GET /v1/me/work')).toHaveLength(0);
    expect(mounted.wrapper.text()).not.toMatch(/being built|Coming soon/);
  });
});

describe('the tasks page', () => {
  it('lists mine, then my teams’, a page at a time', async () => {
    const { wrapper, seen } = await mountAsAdmin('/tasks', {
      'GET /v1/tasks': ({ query }) => ({
        body: query.cursor
          ? { items: [task({ id: 'second', title: 'Second' })], nextCursor: null }
          : { items: [task()], nextCursor: 'next' },
      }),
    });
    unmount = () => wrapper.unmount();
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('Tasks');
    expect(lastCall(seen, 'GET /v1/tasks')?.query).toEqual({ scope: 'mine', status: 'open' });
    const more = wrapper.findAll('button').find((b) => b.text() === 'Show more')!;
    await more.trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('Second');
    const team = wrapper.findAll('button').find((b) => b.text() === 'My teams’')!;
    await team.trigger('click');
    await flushPromises();
    expect(lastCall(seen, 'GET /v1/tasks')?.query).toEqual({ scope: 'team', status: 'open' });
  });
});
