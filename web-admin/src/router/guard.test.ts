import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountConsole } from '@/test-support/console';
import { fakeFetch, problemBody, sessionBody } from '@/test-support/fetch';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  sessionStorage.clear();
});

async function open(path: string) {
  const mounted = await mountConsole(path);
  cleanup = () => mounted.wrapper.unmount();
  return mounted;
}

const signedOutAnswers = {
  '401 unauthenticated': () => ({ status: 401, body: problemBody(401, 'unauthenticated', 'Not signed in') }),
  'a network failure': () => 'network-error' as const,
  'a 503': () => ({ status: 503, body: problemBody(503, 'overloaded', 'Service unavailable') }),
};

describe('the route guard', () => {
  for (const [name, answer] of Object.entries(signedOutAnswers)) {
    it(`sends someone to sign in when the session check gives ${name}, remembering the page`, async () => {
      fakeFetch(answer);
      const { router, wrapper } = await open('/people/anything');
      expect(router.currentRoute.value.name).toBe('sign-in');
      expect(router.currentRoute.value.query.redirect).toBe('/people/anything');
      expect(wrapper.find('h1').text()).toBe('Sign in');
      // Nothing of the signed-in console shows.
      expect(wrapper.find('nav').exists()).toBe(false);
      expect(wrapper.text()).not.toContain('Sign out');
    });
  }

  it('lets a signed-in colleague through, with their name, Sign out and the navigation (for their roles) in the practice’s words', async () => {
    const { seen } = fakeFetch(({ path }) =>
      path === '/v1/auth/session' ? { body: sessionBody() } : { body: { items: [], nextCursor: null } },
    );
    // A deep link into a module lands on the module.
    const { router, wrapper } = await open('/community-directory/anything');
    expect(router.currentRoute.value.fullPath).toBe('/community-directory/anything');
    expect(wrapper.find('h1').text()).toBe('Community directory');
    expect(wrapper.text()).toContain('Find a service');
    expect(wrapper.find('[data-testid="signed-in-colleague"]').text()).toBe('Signed in as Sam Carter');
    expect(
      wrapper
        .find('nav[aria-label="Main"]')
        .findAll('a')
        .map((a) => a.text()),
    ).toEqual([
      'Front door',
      'People',
      'Conversations',
      'Team board',
      'Community directory',
      'Budgets & reviews',
      'Safeguarding',
      'Practice data',
    ]);
    expect(wrapper.find('nav a[aria-current="page"]').text()).toBe('Community directory');

    // The session is asked for once, not on every click.
    await router.push('/front-door');
    await router.push('/');
    await flushPromises();
    expect(seen.filter((r) => r.path === '/v1/auth/session')).toHaveLength(1);
    expect(wrapper.find('h1').text()).toBe('Hello, Sam');
  });

  it('the navigation follows roles: Administration only for practice administrators, Audit only for auditors', async () => {
    const navFor = async (roles: string[]) => {
      fakeFetch(({ path }) =>
        path === '/v1/auth/session'
          ? { body: sessionBody({ roles }) }
          : { status: 200, body: { items: [], nextCursor: null } },
      );
      const { wrapper } = await open('/');
      const links = wrapper
        .find('nav[aria-label="Main"]')
        .findAll('a')
        .map((a) => a.text());
      wrapper.unmount();
      cleanup = undefined;
      return links;
    };
    expect(await navFor(['practice_admin'])).toEqual([
      'People',
      'Community directory',
      'Practice data',
      'Imports and hand-back',
      'Administration',
    ]);
    expect(await navFor(['auditor'])).toEqual(['Audit']);
    expect(await navFor(['social_worker', 'auditor'])).toContain('Audit');
    expect(await navFor(['practitioner'])).not.toContain('Administration');
    expect(await navFor(['practitioner'])).not.toContain('Imports and hand-back');
    expect(await navFor(['no_such_role'])).toEqual([]);
  });

  it('a module outside the colleague’s roles says plainly that they do not have access', async () => {
    fakeFetch(() => ({ body: sessionBody({ roles: ['practitioner'] }) }));
    const { wrapper } = await open('/audit/anything');
    expect(wrapper.find('h1').text()).toBe('You do not have access to this page');
    expect(wrapper.text()).toContain('Audit is not part of what your role covers.');
    expect(wrapper.text()).not.toContain('Coming soon');
  });

  it('asks again once the session’s idle time has run out', async () => {
    let idle = new Date(Date.now() - 1000).toISOString();
    const { seen } = fakeFetch(() => ({ body: sessionBody({ idleExpiresAt: idle }) }));
    const { router } = await open('/');
    idle = new Date(Date.now() + 60_000).toISOString();
    await router.push('/audit');
    expect(seen.filter((r) => r.path === '/v1/auth/session')).toHaveLength(2);
  });

  it('after the password and the code, returns the colleague to the page they asked for', async () => {
    let signedIn = false;
    fakeFetch(({ path, body }) => {
      if (path === '/v1/auth/session')
        return signedIn ? { body: sessionBody() } : { status: 401, body: problemBody(401, 'unauthenticated', 'No') };
      if (path === '/v1/auth/sign-in') return { body: { next: 'totp' } };
      if (path === '/v1/auth/totp' && (body as { code: string }).code === '654321') {
        signedIn = true;
        return { body: sessionBody() };
      }
      return { status: 404, body: problemBody(404, 'route_not_found', 'Not found') };
    });
    const { router, wrapper } = await open('/safeguarding/concerns/42');
    expect(router.currentRoute.value.name).toBe('sign-in');

    await wrapper.find('#sign-in-email').setValue('sam.carter@example.org');
    await wrapper.find('#sign-in-password').setValue('secret words');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('Enter your code');
    expect(document.activeElement?.textContent).toBe('Enter your code');

    await wrapper.find('#sign-in-code').setValue('654321');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    // The concern page loads on demand, so give its chunk a moment to arrive.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/safeguarding/concerns/42'));
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Safeguarding concern'));
  });

  it('never sends someone off the console after signing in, whatever the link said', async () => {
    fakeFetch(() => ({ body: sessionBody() }));
    const { router } = await open('/sign-in?redirect=//evil.example/path');
    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('signing out posts the CSRF token, forgets drafts in this tab and shows the sign-in page', async () => {
    let signedIn = true;
    const { seen } = fakeFetch(({ path }) => {
      if (path === '/v1/auth/sign-out') {
        signedIn = false;
        return { status: 204 };
      }
      return signedIn ? { body: sessionBody() } : { status: 401, body: problemBody(401, 'unauthenticated', 'No') };
    });
    sessionStorage.setItem('threefold:draft:conversation.42', JSON.stringify({ v: 1, savedAt: '', value: 'notes' }));
    sessionStorage.setItem('unrelated', 'kept');
    const { router, wrapper } = await open('/');

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Sign out')!
      .trigger('click');
    await flushPromises();
    expect(seen.find((r) => r.path === '/v1/auth/sign-out')).toMatchObject({
      method: 'POST',
      headers: expect.objectContaining({ 'x-csrf-token': 'csrf-1' }),
    });
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(wrapper.text()).toContain('You have signed out.');
    expect(sessionStorage.getItem('threefold:draft:conversation.42')).toBeNull();
    expect(sessionStorage.getItem('unrelated')).toBe('kept');

    await router.push('/people');
    expect(router.currentRoute.value.name).toBe('sign-in');
  });

  it('when the session ends mid-work (the API answers 401), sends the colleague to sign in and back to the same page', async () => {
    let signedIn = true;
    fakeFetch(({ path }) =>
      signedIn && path === '/v1/auth/session'
        ? { body: sessionBody() }
        : { status: 401, body: problemBody(401, 'unauthenticated', 'Not signed in') },
    );
    const { router, wrapper, api } = await open('/conversations/9');
    signedIn = false;
    await api.GET('/health/live');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query).toEqual({ redirect: '/conversations/9', expired: '1' });
    expect(wrapper.text()).toContain('Your session ended');
    expect(wrapper.find('[data-testid="signed-in-colleague"]').exists()).toBe(false);
  });

  it('shows an honest not-found page for an address that is no page', async () => {
    fakeFetch(() => ({ body: sessionBody() }));
    const { wrapper } = await open('/no/such/page');
    expect(wrapper.find('h1').text()).toBe('Page not found');
  });
});
