import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { mountConsole } from '@/test-support/console';
import { fakeFetch, problemBody } from '@/test-support/fetch';

afterEach(() => {
  sessionStorage.clear();
  document.body.innerHTML = '';
});

describe('the sign-in page and drafts', () => {
  it('keeps the email address through a reload of the tab, but never the password', async () => {
    fakeFetch(() => ({ status: 401, body: problemBody(401, 'unauthenticated', 'Not signed in') }));
    const first = await mountConsole('/sign-in');
    await first.wrapper.find('#sign-in-email').setValue('sam.carter@example.org');
    await first.wrapper.find('#sign-in-password').setValue('a secret');
    const stored = Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key) ?? '');
    expect(stored.join()).toContain('sam.carter@example.org');
    expect(stored.join()).not.toContain('a secret');
    first.wrapper.unmount();

    const second = await mountConsole('/sign-in');
    await flushPromises();
    expect((second.wrapper.find('#sign-in-email').element as HTMLInputElement).value).toBe('sam.carter@example.org');
    expect((second.wrapper.find('#sign-in-password').element as HTMLInputElement).value).toBe('');
    second.wrapper.unmount();
  });
});

describe('the sign-in page’s words', () => {
  it('drops “You have signed out” once a sign-in is tried, and tells a person without an account whom to ask', async () => {
    fakeFetch((request) =>
      request.path === '/v1/auth/sign-in'
        ? { status: 401, body: problemBody(401, 'invalid_credentials', 'Those details are not right') }
        : { status: 401, body: problemBody(401, 'unauthenticated', 'Not signed in') },
    );
    const { wrapper } = await mountConsole('/sign-in?signedOut=1');
    await flushPromises();
    expect(wrapper.text()).toContain('You have signed out.');
    expect(wrapper.find('[data-testid="sign-in-help"]').text()).toContain('Ask your practice administrator');
    await wrapper.find('#sign-in-email').setValue('sam.carter@example.org');
    await wrapper.find('#sign-in-password').setValue('wrong');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="sign-in-status"]').text()).not.toBe('');
    expect(wrapper.text()).not.toContain('You have signed out.');
    wrapper.unmount();
  });
});
