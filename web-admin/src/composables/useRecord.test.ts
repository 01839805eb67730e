import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { toProblem } from '@/api/problems';
import type { ApiResult } from '@/api/result';
import { useRecord, type RecordOptions } from './useRecord';
import { useLoad, useRequest } from './useRequest';

interface Team {
  id: string;
  name: string;
  description: string;
}
type TeamForm = { name: string; description: string };

const ok = <T>(data: T, etag: string | null = null): ApiResult<T> => ({ ok: true, data, etag });
const failed = (status: number, body?: unknown): ApiResult<never> => ({
  ok: false,
  status,
  problem: toProblem(status, body),
});

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
});

/** Runs `setup` inside a routed page, as the console's pages are, and hands back what it returned. */
async function inPage<R>(setup: () => R): Promise<{ value: R; router: ReturnType<typeof createRouter> }> {
  let value!: R;
  const Page = defineComponent(() => {
    value = setup();
    return () => h('form', [h('input', { id: 'team-name' }), h('textarea', { id: 'team-description' })]);
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/page', component: Page },
      { path: '/elsewhere', component: { render: () => h('p', 'elsewhere') } },
    ],
  });
  await router.push('/page');
  await router.isReady();
  const wrapper = mount(
    defineComponent(() => () => h(RouterView)),
    {
      global: { plugins: [router] },
      attachTo: document.body,
    },
  );
  unmount = () => wrapper.unmount();
  await flushPromises();
  return { value, router };
}

describe('useLoad', () => {
  it('loads when the page mounts and shows the answer as ready', async () => {
    const fetch = vi.fn(async () => ok({ items: [1, 2] }));
    const { value } = await inPage(() => useLoad(fetch));
    expect(fetch).toHaveBeenCalledOnce();
    expect(value.state.value).toBe('ready');
    expect(value.loading.value).toBe(false);
    expect(value.data.value).toEqual({ items: [1, 2] });
    expect(value.problem.value).toBeNull();
  });

  it('reads 404 as not found, 403 as denied, anything else as a problem to show', async () => {
    const answers = [failed(404), failed(403), failed(503)];
    const { value } = await inPage(() => useLoad(async () => answers.shift()!, { immediate: false }));
    expect(value.state.value).toBe('loading');
    await value.load();
    expect(value.state.value).toBe('not-found');
    await value.load();
    expect(value.state.value).toBe('denied');
    await value.load();
    expect(value.state.value).toBe('problem');
    expect(value.problem.value?.status).toBe(503);
  });

  it('clears the problem when trying again, and counts 400 as not found when asked to', async () => {
    const answers: ApiResult<string>[] = [failed(500), failed(400), ok('back')];
    const { value } = await inPage(() => useLoad(async () => answers.shift()!, { notFound: [400, 404] }));
    expect(value.state.value).toBe('problem');
    await value.load();
    expect(value.state.value).toBe('not-found');
    expect(value.problem.value).toBeNull();
    await value.load();
    expect(value.data.value).toBe('back');
  });

  it('does not ask when the condition is false, hands 403 to onDenied, and lets a page read a failure its own way', async () => {
    const fetch = vi.fn(async () => failed(403, { code: 'reason_required', title: 'x', status: 403 }));
    const { value: never } = await inPage(() => useLoad(fetch, { immediate: () => false }));
    expect(fetch).not.toHaveBeenCalled();
    expect(never.state.value).toBe('loading');

    const onDenied = vi.fn();
    const { value: admin } = await inPage(() => useLoad(fetch, { onDenied }));
    expect(onDenied).toHaveBeenCalledOnce();
    expect(admin.state.value).toBe('loading');

    const { value: restricted } = await inPage(() =>
      useLoad(fetch, { classify: (f) => (f.problem.code === 'reason_required' ? 'restricted' : undefined) }),
    );
    expect(restricted.state.value).toBe('restricted');
  });
});

describe('useRequest', () => {
  it('is busy while the API answers, and keeps a failure’s problem until the next send', async () => {
    const { value } = await inPage(() => useRequest());
    let answer!: (result: ApiResult<string>) => void;
    const sending = value.send(() => new Promise<ApiResult<string>>((resolve) => (answer = resolve)));
    expect(value.busy.value).toBe(true);
    answer(failed(409));
    expect((await sending).ok).toBe(false);
    expect(value.busy.value).toBe(false);
    expect(value.problem.value?.status).toBe(409);
    await value.send(async () => ok('fine'));
    expect(value.problem.value).toBeNull();
  });

  it('names which request is on its way, so a page with many buttons marks the right one', async () => {
    const { value } = await inPage(() => useRequest());
    let answer!: (result: ApiResult<string>) => void;
    const sending = value.send(
      () => new Promise<ApiResult<string>>((resolve) => (answer = resolve)),
      'story-1.hand-on',
    );
    expect(value.pending.value).toBe('story-1.hand-on');
    answer(ok('done'));
    await sending;
    expect(value.pending.value).toBeNull();
    expect(value.busy.value).toBe(false);
  });
});

describe('useRecord', () => {
  const team = (name: string, description = 'Hilltop estate'): Team => ({ id: 't1', name, description });
  const formOf = (t: Team): TeamForm => ({ name: t.name, description: t.description });

  function teamRecord(
    api: { get: () => Promise<ApiResult<Team>> },
    extra: Partial<RecordOptions<Team, TeamForm>> = {},
  ) {
    return useRecord<Team, TeamForm>({
      fetch: api.get,
      draftKey: () => 'test.team.t1',
      emptyForm: () => ({ name: '', description: '' }),
      formOf,
      ...extra,
    });
  }
  const changesOf = (form: TeamForm) => (t: Team) => (form.name !== t.name ? { name: form.name } : {});

  it('loads the record into the form and keeps its ETag', async () => {
    const { value } = await inPage(() => teamRecord({ get: async () => ok(team('North'), '"v1"') }));
    expect(value.state.value).toBe('ready');
    expect(value.record.value?.name).toBe('North');
    expect(value.form.value).toEqual({ name: 'North', description: 'Hilltop estate' });
    expect(value.etag.value).toBe('"v1"');
    expect(value.dirty.value).toBe(false);
  });

  it('saves with If-Match, takes the new version and its ETag, and counts the form as unchanged again', async () => {
    const { value } = await inPage(() => teamRecord({ get: async () => ok(team('North'), '"v1"') }));
    value.form.value.name = 'North East';
    expect(value.dirty.value).toBe(true);
    const send = vi.fn(async (_etag: string, body: { name?: string }) => ok(team(body.name!), '"v2"'));
    expect(await value.save({ changes: changesOf(value.form.value), send })).toBe('saved');
    expect(send).toHaveBeenCalledWith('"v1"', { name: 'North East' });
    expect(value.etag.value).toBe('"v2"');
    expect(value.record.value?.name).toBe('North East');
    expect(value.dirty.value).toBe(false);
    expect(sessionStorage.getItem('threefold:draft:test.team.t1')).toBeNull();
  });

  it('says there is nothing to save without sending, and sends nothing while the form has errors (focusing the first)', async () => {
    const { value } = await inPage(() => teamRecord({ get: async () => ok(team('North'), '"v1"') }));
    const send = vi.fn(async () => ok(team('x')));
    expect(await value.save({ changes: changesOf(value.form.value), send })).toBe('unchanged');
    value.form.value.name = '';
    const outcome = await value.save({
      check: () => ({ name: value.form.value.name ? undefined : 'Enter a name' }),
      fieldIds: { description: 'team-description', name: 'team-name' },
      changes: changesOf(value.form.value),
      send,
    });
    expect(outcome).toBe('invalid');
    expect(send).not.toHaveBeenCalled();
    expect(value.errors.value).toEqual({ name: 'Enter a name' });
    expect(value.problem.value?.code).toBe('validation_failed');
    expect(document.activeElement?.id).toBe('team-name');
  });

  it('on 412 keeps what was typed; reloading keeps the typed fields over the latest version', async () => {
    const versions = [ok(team('North'), '"v1"'), ok(team('North', 'Moved to the high street'), '"v2"')];
    const { value } = await inPage(() => teamRecord({ get: async () => versions.shift()! }));
    value.form.value.name = 'North East';
    const outcome = await value.save({ changes: changesOf(value.form.value), send: async () => failed(412) });
    expect(outcome).toBe('stale');
    expect(value.stale.value).toBe(true);
    expect(value.form.value.name).toBe('North East');

    expect(await value.reload(true)).toBe('kept');
    expect(value.stale.value).toBe(false);
    expect(value.etag.value).toBe('"v2"');
    // The field changed here keeps what was typed; the one not touched takes the other person's change.
    expect(value.form.value).toEqual({ name: 'North East', description: 'Moved to the high street' });
    expect(value.dirty.value).toBe(true);
  });

  it('reloading without keeping drops what was typed and shows the latest version', async () => {
    const versions = [ok(team('North'), '"v1"'), ok(team('South'), '"v2"')];
    const { value } = await inPage(() => teamRecord({ get: async () => versions.shift()! }));
    value.form.value.name = 'North East';
    expect(await value.reload(false)).toBe('discarded');
    expect(value.form.value.name).toBe('South');
    expect(value.dirty.value).toBe(false);
  });

  it('shows a failed save’s problem with its field errors, and hands 403 to onDenied', async () => {
    const onDenied = vi.fn();
    const { value } = await inPage(() => teamRecord({ get: async () => ok(team('North'), '"v1"') }, { onDenied }));
    value.form.value.name = 'Taken';
    const body = {
      type: 'about:blank',
      title: 'Check',
      status: 422,
      code: 'validation_failed',
      requestId: 'r',
      errors: [{ in: 'body', field: 'name', pointer: '/name', message: 'Another team has this name' }],
    };
    expect(await value.save({ changes: changesOf(value.form.value), send: async () => failed(422, body) })).toBe(
      'failed',
    );
    expect(value.errors.value).toEqual({ name: 'Another team has this name' });
    expect(await value.save({ changes: changesOf(value.form.value), send: async () => failed(403) })).toBe('denied');
    expect(onDenied).toHaveBeenCalledOnce();
  });

  it('puts back what was typed earlier in this tab, and asks before leaving a changed form', async () => {
    sessionStorage.setItem(
      'threefold:draft:test.team.t1',
      JSON.stringify({ v: 1, savedAt: '2026-01-01T00:00:00Z', value: { name: 'Typed before', description: '' } }),
    );
    const loadedWith = vi.fn();
    const confirm = vi.fn(() => false);
    globalThis.confirm = confirm;
    const { value, router } = await inPage(() =>
      teamRecord({ get: async () => ok(team('North'), '"v1"') }, { onLoaded: loadedWith }),
    );
    expect(value.form.value.name).toBe('Typed before');
    expect(value.draft.restored.value).toBe(true);
    expect(loadedWith).toHaveBeenCalledWith(team('North'));
    await router.push('/elsewhere');
    expect(confirm).toHaveBeenCalledOnce();
    expect(router.currentRoute.value.path).toBe('/page');
  });
});
