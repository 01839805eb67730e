import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { fakeFetch, problemBody, sessionBody } from '@/test-support/fetch';
import EnrolTotpStep from './EnrolTotpStep.vue';
import TotpStep from './TotpStep.vue';

describe('the code step', () => {
  it('has a 6-digit one-time-code field a phone shows a number pad for', () => {
    const wrapper = mount(TotpStep);
    const input = wrapper.find('input');
    expect(wrapper.find('h1').text()).toBe('Enter your code');
    expect(wrapper.find(`label[for="${input.attributes('id')}"]`).text()).toBe('Code from your authenticator app');
    expect(input.attributes('inputmode')).toBe('numeric');
    expect(input.attributes('autocomplete')).toBe('one-time-code');
  });

  it('checks the code is 6 digits before asking the API', async () => {
    const { seen } = fakeFetch(() => ({ body: sessionBody() }));
    const wrapper = mount(TotpStep, { attachTo: document.body });
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('#sign-in-code-error').text()).toContain('Enter the 6-digit code');
    await wrapper.find('input').setValue('12345');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('#sign-in-code-error').text()).toContain('The code is 6 digits');
    expect(wrapper.find('[aria-live]').text()).toContain('The code is 6 digits');
    expect(seen).toEqual([]);
    wrapper.unmount();
  });

  it('sends the code without spaces and hands the session on', async () => {
    const { seen } = fakeFetch(() => ({ body: sessionBody() }));
    const wrapper = mount(TotpStep);
    await wrapper.find('input').setValue('123 456');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(seen.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/v1/auth/totp', { code: '123456' }]]);
    expect(wrapper.emitted('signed-in')?.[0]?.[0]).toMatchObject({ user: { displayName: 'Sam Carter' } });
  });

  it('a wrong code: says so next to the field and in the live region, empties the field for the next code', async () => {
    fakeFetch(() => ({
      status: 401,
      body: problemBody(401, 'invalid_code', 'Wrong code', { detail: 'That code is not right.' }),
    }));
    const wrapper = mount(TotpStep, { attachTo: document.body });
    await wrapper.find('input').setValue('000000');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#sign-in-code-error').text()).toContain('That code did not work');
    expect(wrapper.find('[aria-live]').text()).toContain('That code is not right.');
    expect((wrapper.find('input').element as HTMLInputElement).value).toBe('');
    expect(document.activeElement?.id).toBe('sign-in-code');
    expect(wrapper.emitted('signed-in')).toBeUndefined();
    wrapper.unmount();
  });

  it('offers to start again with another account', async () => {
    const wrapper = mount(TotpStep);
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Use a different account')!
      .trigger('click');
    expect(wrapper.emitted('start-again')).toHaveLength(1);
  });
});

describe('setting up an authenticator', () => {
  const hostile = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect/></svg>';

  it('shows the QR code only as an image (so its markup cannot run), the key in groups, then the code field', async () => {
    const { seen } = fakeFetch(() => ({
      body: { otpauthUri: 'otpauth://totp/Threefold:sam?secret=ABC', qrCodeSvg: hostile, secret: 'JBSWY3DPEHPK3PXP' },
    }));
    const wrapper = mount(EnrolTotpStep);
    await flushPromises();
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/auth/totp/enrolment']);

    const img = wrapper.find('img[data-testid="totp-qr-code"]');
    expect(img.attributes('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(hostile)}`);
    expect(img.attributes('alt')).toContain('QR code');
    expect(wrapper.find('svg').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
    expect(wrapper.find('[data-testid="totp-secret"]').text()).toBe('JBSW Y3DP EHPK 3PXP');
    expect(wrapper.find('a[href^="otpauth://"]').exists()).toBe(true);
    expect(wrapper.find('input[autocomplete="one-time-code"]').exists()).toBe(true);
  });

  it('does not show an image that is not an SVG, and never links anywhere but an authenticator', async () => {
    fakeFetch(() => ({
      body: { otpauthUri: 'javascript:alert(1)', qrCodeSvg: '<html><body>hi</body></html>', secret: 'ABCD' },
    }));
    const wrapper = mount(EnrolTotpStep);
    await flushPromises();
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('a[href^="javascript:"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="totp-secret"]').text()).toBe('ABCD');
  });

  it('when the set-up code cannot be fetched, says why and lets them try again', async () => {
    let calls = 0;
    fakeFetch(() => {
      calls += 1;
      return calls === 1
        ? { status: 503, body: problemBody(503, 'overloaded', 'Service unavailable', { detail: 'Try again soon.' }) }
        : { body: { otpauthUri: 'otpauth://x', qrCodeSvg: '<svg></svg>', secret: 'ABCD' } };
    });
    const wrapper = mount(EnrolTotpStep);
    await flushPromises();
    expect(wrapper.find('[aria-live]').text()).toContain('Try again soon.');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Try again')!
      .trigger('click');
    await flushPromises();
    expect(wrapper.find('img').exists()).toBe(true);
    expect(wrapper.find('[aria-live]').text()).not.toContain('Try again soon.');
  });
});
