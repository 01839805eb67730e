import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { fakeFetch, problemBody } from '@/test-support/fetch';
import CredentialsStep from './CredentialsStep.vue';

/** The step as the page uses it: the email address is owned by the parent. */
function mountStep() {
  const email = ref('');
  const nexts: string[] = [];
  const wrapper = mount(
    defineComponent(
      () => () =>
        h(CredentialsStep, {
          email: email.value,
          'onUpdate:email': (value: string) => (email.value = value),
          onNext: (next: string) => nexts.push(next),
        }),
    ),
    { attachTo: document.body },
  );
  return { wrapper, email, nexts };
}

describe('the sign-in form', () => {
  it('catches empty fields itself: messages next to each field and in the live region, focus on the first, no request', async () => {
    const { fetch } = fakeFetch(() => ({ status: 500 }));
    const { wrapper } = mountStep();

    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(wrapper.find('#sign-in-email-error').text()).toContain('Enter your email address');
    expect(wrapper.find('#sign-in-password-error').text()).toContain('Enter your password');
    const emailInput = wrapper.find('#sign-in-email');
    expect(emailInput.attributes('aria-invalid')).toBe('true');
    expect(emailInput.attributes('aria-describedby')).toBe('sign-in-email-error');
    const status = wrapper.find('[aria-live]');
    expect(status.text()).toContain('Check what you entered');
    expect(status.findAll('li').map((li) => li.text())).toEqual(['Enter your email address', 'Enter your password']);
    expect(document.activeElement?.id).toBe('sign-in-email');
    expect(fetch).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('asks for a real-looking email address, and clears the message once fixed', async () => {
    const { seen } = fakeFetch(() => ({ body: { next: 'totp' } }));
    const { wrapper, nexts } = mountStep();
    await wrapper.find('#sign-in-email').setValue('sam.carter');
    await wrapper.find('#sign-in-password').setValue('secret words');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#sign-in-email-error').text()).toContain('in the right format');
    expect(wrapper.find('#sign-in-password-error').exists()).toBe(false);
    expect(seen).toEqual([]);

    await wrapper.find('#sign-in-email').setValue('  sam.carter@example.org ');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#sign-in-email-error').exists()).toBe(false);
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/v1/auth/sign-in',
        query: {},
        body: { email: 'sam.carter@example.org', password: 'secret words' },
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
      },
    ]);
    expect(nexts).toEqual(['totp']);
    wrapper.unmount();
  });

  it('disables Continue while the API is answering, so one press sends one request', async () => {
    let release: (value: { body: unknown }) => void = () => {};
    const { seen } = fakeFetch(() => new Promise((resolve) => (release = resolve)));
    const { wrapper } = mountStep();
    await wrapper.find('#sign-in-email').setValue('sam.carter@example.org');
    await wrapper.find('#sign-in-password').setValue('secret words');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    const button = wrapper.find('button[type="submit"]');
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.text()).toBe('Signing in…');
    await wrapper.find('form').trigger('submit');
    expect(seen).toHaveLength(1);

    release({ body: { next: 'enrol-totp' } });
    await flushPromises();
    expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeUndefined();
    wrapper.unmount();
  });

  it('shows the API’s problem (title, detail, reference) when the password is wrong, and clears the password only', async () => {
    fakeFetch(() => ({
      status: 401,
      body: problemBody(401, 'invalid_credentials', 'Sign-in failed', {
        detail: 'The email address or password is not right.',
      }),
    }));
    const { wrapper, nexts, email } = mountStep();
    await wrapper.find('#sign-in-email').setValue('sam.carter@example.org');
    await wrapper.find('#sign-in-password').setValue('wrong');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    const status = wrapper.find('[aria-live]');
    expect(status.text()).toContain('Sign-in failed');
    expect(status.text()).toContain('The email address or password is not right.');
    expect(status.text()).toContain('req-invalid_credentials-0001');
    expect(email.value).toBe('sam.carter@example.org');
    expect((wrapper.find('#sign-in-password').element as HTMLInputElement).value).toBe('');
    expect(document.activeElement?.id).toBe('sign-in-password');
    expect(nexts).toEqual([]);
    wrapper.unmount();
  });

  it('puts field errors from the API next to their fields', async () => {
    fakeFetch(() => ({
      status: 400,
      body: problemBody(400, 'validation_failed', 'Check what you entered', {
        errors: [{ in: 'body', field: 'email', pointer: '/email', message: 'must match format "email"' }],
      }),
    }));
    const { wrapper } = mountStep();
    await wrapper.find('#sign-in-email').setValue('sam@example.org');
    await wrapper.find('#sign-in-password').setValue('pw');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#sign-in-email-error').text()).toContain('must match format "email"');
    expect(wrapper.find('[aria-live] a[href="#sign-in-email"]').text()).toBe('must match format "email"');
    wrapper.unmount();
  });

  it('says when to try again after too many attempts (429 with Retry-After)', async () => {
    fakeFetch(() => ({
      status: 429,
      headers: { 'retry-after': '60' },
      body: problemBody(429, 'rate_limited', 'Too many attempts', { detail: 'Wait a minute before trying again.' }),
    }));
    const { wrapper } = mountStep();
    await wrapper.find('#sign-in-email').setValue('sam@example.org');
    await wrapper.find('#sign-in-password').setValue('pw');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const status = wrapper.find('[aria-live]').text();
    expect(status).toContain('Too many attempts');
    expect(status).toMatch(/You can try again after \d\d:\d\d:\d\d/);
    wrapper.unmount();
  });

  it('tells the colleague when Threefold cannot be reached, keeping what they typed', async () => {
    fakeFetch(() => 'network-error');
    const { wrapper } = mountStep();
    await wrapper.find('#sign-in-email').setValue('sam@example.org');
    await wrapper.find('#sign-in-password').setValue('pw');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[aria-live]').text()).toContain('Threefold could not be reached');
    expect((wrapper.find('#sign-in-password').element as HTMLInputElement).value).toBe('pw');
    wrapper.unmount();
  });
});
