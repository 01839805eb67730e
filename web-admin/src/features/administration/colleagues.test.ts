import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerDialog, calls, clickButton, lastCall, mountAsAdmin, staffUser, team } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function open(path: string, routes: Parameters<typeof mountAsAdmin>[1], roles?: string[]) {
  const mounted = await mountAsAdmin(path, routes, roles);
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

const teams = { 'GET /v1/teams': () => ({ body: { items: [team('t-1', 'Riverside'), team('t-2', 'Hillside')] } }) };
const userPath = `/v1/admin/users/${staffUser().id}`;

describe('the list of colleagues', () => {
  it('loads more with the cursor the API gave, and the search box asks the server, finding colleagues not loaded', async () => {
    const everyone = [
      staffUser({ id: 'u-1', displayName: 'Ada Brown', email: 'ada@example.org', teamIds: ['t-1'] }),
      staffUser({ id: 'u-2', displayName: 'Ben Cole', email: 'ben@example.org', disabled: true }),
      staffUser({ id: 'u-3', displayName: 'Zara Quinn', email: 'zq@example.org' }),
      staffUser({ id: 'u-4', displayName: 'Yusuf Quinn', email: 'yq@example.org' }),
    ];
    const { wrapper, seen } = await open('/administration/colleagues', {
      ...teams,
      'GET /v1/admin/users': ({ query }) =>
        query.q
          ? {
              body: {
                items: everyone.filter((u) =>
                  `${u.displayName} ${u.email}`.toLowerCase().includes(query.q!.toLowerCase()),
                ),
                nextCursor: null,
              },
            }
          : query.cursor === 'page-2'
            ? {
                body: {
                  items: [staffUser({ id: 'u-3', displayName: 'Zara Quinn', email: 'zq@example.org' })],
                  nextCursor: null,
                },
              }
            : {
                body: {
                  items: [
                    staffUser({ id: 'u-1', displayName: 'Ada Brown', email: 'ada@example.org', teamIds: ['t-1'] }),
                    staffUser({ id: 'u-2', displayName: 'Ben Cole', email: 'ben@example.org', disabled: true }),
                  ],
                  nextCursor: 'page-2',
                },
              },
    });
    expect(wrapper.find('h1').text()).toBe('Colleagues');
    const names = () => wrapper.findAll('tbody th').map((th) => th.text());
    expect(names()).toEqual(['Ada Brown', 'Ben Cole']);
    expect(wrapper.find('tbody tr').text()).toContain('Riverside');
    expect(wrapper.findAll('tbody tr')[1]!.text()).toContain('Disabled');
    expect(wrapper.find('[data-testid="colleague-count"]').text()).toBe('2 colleagues loaded so far.');
    expect(lastCall(seen, 'GET /v1/admin/users')?.query).toEqual({ limit: '50' });

    await clickButton(wrapper, 'Load more colleagues');
    expect(lastCall(seen, 'GET /v1/admin/users')?.query).toEqual({ limit: '50', cursor: 'page-2' });
    expect(names()).toEqual(['Ada Brown', 'Ben Cole', 'Zara Quinn']);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more colleagues')).toBe(false);

    await wrapper.find('input[type="search"]').setValue('  QUINN ');
    // Yusuf Quinn was never loaded: the server found him.
    await vi.waitFor(() => expect(names()).toEqual(['Zara Quinn', 'Yusuf Quinn']));
    expect(lastCall(seen, 'GET /v1/admin/users')?.query).toEqual({ limit: '50', q: 'QUINN' });
    expect(wrapper.find('[data-testid="colleague-count"]').text()).toBe('2 colleagues match “QUINN”.');
    await wrapper.find('input[type="search"]').setValue('nobody');
    await vi.waitFor(() => expect(wrapper.text()).toContain('No colleague matches “nobody”.'));
    expect(wrapper.find('table').exists()).toBe(false);
    // Clearing the box shows the loaded list again, without asking.
    const asked = calls(seen, 'GET /v1/admin/users').length;
    await wrapper.find('input[type="search"]').setValue('');
    expect(names()).toEqual(['Ada Brown', 'Ben Cole', 'Zara Quinn']);
    expect(calls(seen, 'GET /v1/admin/users')).toHaveLength(asked);
  });

  it('when the API refuses (403), says plainly the colleague has no access, with no section navigation', async () => {
    const { wrapper } = await open(
      '/administration/colleagues',
      {
        ...teams,
        'GET /v1/admin/users': () => ({ status: 403, body: problemBody(403, 'forbidden', 'Not allowed') }),
      },
      ['practitioner'],
    );
    expect(wrapper.find('h1').text()).toBe('You do not have access to this page');
    expect(wrapper.text()).toContain('Administration is for practice administrators');
    expect(wrapper.find('nav[aria-label="Administration"]').exists()).toBe(false);
    expect(wrapper.find('nav[aria-label="Main"]').text()).not.toContain('Administration');
  });

  it('a practice administrator whose API answer is 403 (roles changed meanwhile) sees the same', async () => {
    const { wrapper } = await open('/administration/colleagues', {
      ...teams,
      'GET /v1/admin/users': () => ({ status: 403, body: problemBody(403, 'forbidden', 'Not allowed') }),
    });
    expect(wrapper.find('h1').text()).toBe('You do not have access to this page');
  });
});

describe('adding a colleague', () => {
  it('checks the form first: each problem by its field and in the summary, focus on the first, nothing sent', async () => {
    const { wrapper, seen } = await open('/administration/colleagues/new', teams);
    expect(wrapper.find('h1').text()).toBe('Add a colleague');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#colleague-email-error').text()).toContain('Enter their email address');
    expect(wrapper.find('#colleague-name-error').text()).toContain('Enter their full name');
    expect(wrapper.find('#colleague-roles-error').text()).toContain('Choose at least one role');
    expect(wrapper.find('#colleague-password-error').text()).toContain('Enter a first password');
    expect(
      wrapper
        .find('[data-testid="form-status"]')
        .findAll('li')
        .map((li) => li.text()),
    ).toEqual([
      'Enter their email address',
      'Enter their full name',
      'Choose at least one role',
      'Enter a first password for them, or use a suggested one',
    ]);
    expect(document.activeElement?.id).toBe('colleague-email');
    expect(calls(seen, 'POST /v1/admin/users')).toEqual([]);

    await wrapper.find('#colleague-limit').setValue('12.345');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#colleague-limit-error').text()).toContain('no more than 2 decimal places');
  });

  it('sends the limit in pence, the roles and teams ticked, then opens the new colleague’s page', async () => {
    const created = staffUser({ id: 'u-new', displayName: 'Rosa Lindqvist', totpEnrolled: false });
    const { wrapper, seen, router } = await open('/administration/colleagues/new', {
      ...teams,
      'POST /v1/admin/users': () => ({ status: 201, body: created }),
      'GET /v1/admin/users/u-new': () => ({ body: created, headers: { etag: '"u-new.v1"' } }),
    });
    await wrapper.find('#colleague-email').setValue(' rosa@example.org ');
    await wrapper.find('#colleague-name').setValue('Rosa Lindqvist');
    await wrapper.find('#colleague-roles-social_worker').setValue(true);
    await wrapper.find('#colleague-teams-t-2').setValue(true);
    await wrapper.find('#colleague-limit').setValue('£1,250.50');
    await clickButton(wrapper, 'Suggest a strong password');
    const password = (wrapper.find('#colleague-password').element as HTMLInputElement).value;
    expect(wrapper.find('#colleague-password').attributes('type')).toBe('text');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(lastCall(seen, 'POST /v1/admin/users')?.body).toEqual({
      email: 'rosa@example.org',
      displayName: 'Rosa Lindqvist',
      password,
      roles: ['social_worker'],
      teamIds: ['t-2'],
      delegatedWeeklyLimitPence: 125_050,
    });
    // The colleague's page loads on demand.
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Rosa Lindqvist'));
    expect(router.currentRoute.value.fullPath).toBe('/administration/colleagues/u-new?added=1');
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('Rosa Lindqvist’s account is ready');
    // The draft went once the colleague was added.
    expect(Object.keys(sessionStorage).filter((k) => k.includes('colleague.new'))).toEqual([]);
  });

  it('keeps a draft through a reload of the tab, but never the password', async () => {
    const first = await open('/administration/colleagues/new', teams);
    await first.wrapper.find('#colleague-email').setValue('rosa@example.org');
    await first.wrapper.find('#colleague-name').setValue('Rosa Lindqvist');
    await first.wrapper.find('#colleague-password').setValue('a very secret first password');
    const stored = Object.values({ ...sessionStorage }).join();
    expect(stored).toContain('Rosa Lindqvist');
    expect(stored).not.toContain('a very secret first password');
    first.wrapper.unmount();

    const again = await open('/administration/colleagues/new', teams);
    expect((again.wrapper.find('#colleague-name').element as HTMLInputElement).value).toBe('Rosa Lindqvist');
    expect((again.wrapper.find('#colleague-password').element as HTMLInputElement).value).toBe('');
    expect(again.wrapper.text()).toContain('the password is never kept');
  });

  it('an address already in use is shown against the email field', async () => {
    const { wrapper } = await open('/administration/colleagues/new', {
      ...teams,
      'POST /v1/admin/users': () => ({
        status: 409,
        body: problemBody(409, 'email_taken', 'Email already used', {
          detail: 'Another account has this email address.',
        }),
      }),
    });
    await wrapper.find('#colleague-email').setValue('taken@example.org');
    await wrapper.find('#colleague-name').setValue('Rosa');
    await wrapper.find('#colleague-roles').setValue(true);
    await wrapper.find('#colleague-password').setValue('twelve chars!');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#colleague-email-error').text()).toContain('Another account already has this email address');
    expect(wrapper.find('[data-testid="form-status"]').text()).toContain('req-email_taken-0001');
    expect(document.activeElement?.id).toBe('colleague-email');
  });
});

describe('a colleague’s page', () => {
  it('saves only what changed, with the ETag it read, the limit typed in pounds sent in pence', async () => {
    const saved = staffUser({ delegatedWeeklyLimitPence: 45_000, teamIds: ['t-1'] });
    const { wrapper, seen } = await open(`/administration/colleagues/${saved.id}`, {
      ...teams,
      [`GET ${userPath}`]: () => ({ body: saved, headers: { etag: `"${saved.id}.v3"` } }),
      [`PATCH ${userPath}`]: ({ body }) => ({
        body: { ...saved, ...(body as object), version: 4 },
        headers: { etag: `"${saved.id}.v4"` },
      }),
    });
    expect(wrapper.find('h1').text()).toBe('Chris Doyle');
    expect((wrapper.find('#colleague-limit').element as HTMLInputElement).value).toBe('450.00');
    expect((wrapper.find('#colleague-roles').element as HTMLInputElement).checked).toBe(true);
    expect((wrapper.find('#colleague-teams').element as HTMLInputElement).checked).toBe(true);

    await wrapper.find('#colleague-limit').setValue('475.5');
    await wrapper.find('#colleague-roles-social_worker').setValue(true);
    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    const patch = lastCall(seen, `PATCH ${userPath}`)!;
    expect(patch.headers['if-match']).toBe(`"${saved.id}.v3"`);
    expect(patch.headers['x-csrf-token']).toBe('csrf-1');
    expect(patch.body).toEqual({ roles: ['practitioner', 'social_worker'], delegatedWeeklyLimitPence: 47_550 });
    expect(wrapper.find('[data-testid="notice"]').text()).toBe('Changes saved.');
    expect((wrapper.find('#colleague-limit').element as HTMLInputElement).value).toBe('475.50');

    // The next save goes with the new ETag.
    await wrapper.find('#colleague-name').setValue('Christopher Doyle');
    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    expect(lastCall(seen, `PATCH ${userPath}`)?.headers['if-match']).toBe(`"${saved.id}.v4"`);
  });

  it('on 412 says someone else changed it, keeps what was typed, and saves it over the latest version', async () => {
    let version = 3;
    let current = staffUser();
    const { wrapper, seen } = await open(`/administration/colleagues/${current.id}`, {
      ...teams,
      [`GET ${userPath}`]: () => ({ body: current, headers: { etag: `"${current.id}.v${version}"` } }),
      [`PATCH ${userPath}`]: ({ headers, body }) => {
        if (headers['if-match'] !== `"${current.id}.v${version}"`) {
          return {
            status: 412,
            body: problemBody(412, 'stale_version', 'Changed since you read it', {
              detail: 'Someone else changed this first. Reload it and try again.',
            }),
          };
        }
        version += 1;
        current = { ...current, ...(body as object), version };
        return { body: current, headers: { etag: `"${current.id}.v${version}"` } };
      },
    });
    // Another administrator gives Chris a limit and a team after this page read the account.
    version = 4;
    current = { ...current, delegatedWeeklyLimitPence: 12_000, teamIds: ['t-2'], version };

    await wrapper.find('#colleague-name').setValue('Christopher Doyle');
    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    const stale = wrapper.find('[data-testid="stale"]');
    expect(stale.text()).toContain('Someone else changed this colleague’s account while you were working on it');
    expect(stale.text()).toContain('Your changes have not been saved');
    expect((wrapper.find('#colleague-name').element as HTMLInputElement).value).toBe('Christopher Doyle');

    await clickButton(wrapper, 'Load the latest version', '[data-testid="stale"]');
    expect(wrapper.find('[data-testid="stale"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="latest"]').text()).toContain('£120.00 a week');
    expect(wrapper.find('[data-testid="latest"]').text()).toContain('Hillside');
    // What was typed stays; what was left alone now shows the other administrator's change.
    expect((wrapper.find('#colleague-name').element as HTMLInputElement).value).toBe('Christopher Doyle');
    expect((wrapper.find('#colleague-limit').element as HTMLInputElement).value).toBe('120.00');
    expect((wrapper.find('#colleague-teams-t-2').element as HTMLInputElement).checked).toBe(true);

    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    const patch = lastCall(seen, `PATCH ${userPath}`)!;
    expect(patch.headers['if-match']).toBe(`"${current.id}.v4"`);
    expect(patch.body).toEqual({ displayName: 'Christopher Doyle' });
    expect(wrapper.find('[data-testid="notice"]').text()).toBe('Changes saved.');
    expect(current).toMatchObject({ displayName: 'Christopher Doyle', delegatedWeeklyLimitPence: 12_000 });
  });

  it('on 412, “Drop my changes” shows the account as it now is', async () => {
    const saved = staffUser();
    const { wrapper } = await open(`/administration/colleagues/${saved.id}`, {
      ...teams,
      [`GET ${userPath}`]: () => ({ body: saved, headers: { etag: `"${saved.id}.v3"` } }),
      [`PATCH ${userPath}`]: () => ({
        status: 412,
        body: problemBody(412, 'stale_version', 'Changed since you read it'),
      }),
    });
    await wrapper.find('#colleague-name').setValue('Someone Else');
    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    await clickButton(wrapper, 'Drop my changes', '[data-testid="stale"]');
    expect((wrapper.find('#colleague-name').element as HTMLInputElement).value).toBe('Chris Doyle');
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('Your changes were dropped');
  });

  it('disabling asks first, saying every session ends at once; “keep” sends nothing, “disable” sends it with the ETag', async () => {
    const saved = staffUser();
    const { wrapper, seen } = await open(`/administration/colleagues/${saved.id}`, {
      ...teams,
      [`GET ${userPath}`]: () => ({ body: saved, headers: { etag: `"${saved.id}.v3"` } }),
      [`PATCH ${userPath}`]: () => ({
        body: { ...saved, disabled: true, version: 4 },
        headers: { etag: `"${saved.id}.v4"` },
      }),
    });
    await clickButton(wrapper, 'Disable account');
    const dialog = wrapper.find('dialog');
    expect(dialog.text()).toContain('Disable Chris Doyle’s account?');
    expect(dialog.text()).toContain('all of their sessions end straight away');
    await answerDialog(wrapper, 'Keep account active');
    expect(calls(seen, `PATCH ${userPath}`)).toEqual([]);
    expect(wrapper.find('[data-testid="account-status"]').text()).toBe('Active');

    await clickButton(wrapper, 'Disable account');
    await answerDialog(wrapper, 'Disable account');
    expect(lastCall(seen, `PATCH ${userPath}`)).toMatchObject({
      body: { disabled: true },
      headers: expect.objectContaining({ 'if-match': `"${saved.id}.v3"` }),
    });
    expect(wrapper.find('[data-testid="account-status"]').text()).toBe('Disabled');
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('All of their sessions have ended.');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Enable account')).toBe(true);
  });

  it('asks before leaving with unsaved changes, and keeps them as a draft for this tab', async () => {
    const saved = staffUser();
    const { wrapper, router } = await open(`/administration/colleagues/${saved.id}`, {
      ...teams,
      [`GET ${userPath}`]: () => ({ body: saved, headers: { etag: `"${saved.id}.v3"` } }),
      'GET /v1/admin/users': () => ({ body: { items: [saved], nextCursor: null } }),
    });
    await wrapper.find('#colleague-limit').setValue('300');
    const leaving = router.push('/administration/colleagues');
    await flushPromises();
    expect(wrapper.find('dialog').text()).toContain('Leave without saving?');
    await answerDialog(wrapper, 'Stay on this page');
    await leaving;
    expect(router.currentRoute.value.fullPath).toBe(`/administration/colleagues/${saved.id}`);
    expect(Object.values({ ...sessionStorage }).join()).toContain('300');
  });
});
