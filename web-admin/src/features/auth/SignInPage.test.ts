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
