import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { calls, clickButton, mountAsAdmin } from '@/test-support/admin';
import type { SeenRequest } from '@/test-support/fetch';
import { problemBody } from '@/test-support/fetch';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const session = (id: string, current = false) => ({
  id,
  createdAt: '2026-12-01T09:00:00.000Z',
  lastSeenAt: '2026-12-04T09:00:00.000Z',
  userAgent: 'Firefox',
  ip: '10.0.0.1',
  current,
});

type Routes = Parameters<typeof mountAsAdmin>[1];

async function open(routes: Routes) {
  const mounted = await mountAsAdmin('/account', routes, ['practitioner']);
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

const status = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) =>
  wrapper.find('[data-testid="account-status"]').text();

describe('my account', () => {
  it('lists my sessions, ends another one and reads the list again; a refusal shows in the status region', async () => {
    let items = [session('s-1', true), session('s-2')];
    let refuse = true;
    const { wrapper, seen } = await open({
      'GET /v1/me/sessions': () => ({ body: { items } }),
      'DELETE /v1/me/sessions/s-2': () => {
        if (refuse) return { status: 409, body: problemBody(409, 'session_gone', 'That session has already ended') };
        items = [session('s-1', true)];
        return { status: 204 };
      },
    });
    expect(wrapper.findAll('[data-testid="my-sessions"] tbody tr')).toHaveLength(2);
    expect(wrapper.find('[data-testid="my-sessions"]').text()).toContain('This session');

    await clickButton(wrapper, 'End this session');
    expect(status(wrapper)).toContain('That session has already ended');
    expect(wrapper.findAll('[data-testid="my-sessions"] tbody tr')).toHaveLength(2);

    refuse = false;
    await clickButton(wrapper, 'End this session');
    expect(status(wrapper)).toContain('That session has ended.');
    expect(status(wrapper)).not.toContain('already ended');
    expect(calls(seen, 'GET /v1/me/sessions')).toHaveLength(2);
    expect(wrapper.findAll('[data-testid="my-sessions"] tbody tr')).toHaveLength(1);
  });

  it('shows a problem reading the sessions in the status region and keeps saying it is loading', async () => {
    const { wrapper } = await open({
      'GET /v1/me/sessions': () => ({ status: 500, body: problemBody(500, 'internal', 'Something went wrong') }),
    });
    expect(status(wrapper)).toContain('Something went wrong');
    expect(wrapper.find('[data-testid="my-sessions"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Loading…');
  });
});

describe('changing my password', () => {
  const form = async (
    wrapper: Awaited<ReturnType<typeof open>>['wrapper'],
    current: string,
    next: string,
    again = next,
  ) => {
    await wrapper.find('#password-current').setValue(current);
    await wrapper.find('#password-new').setValue(next);
    await wrapper.find('#password-confirm').setValue(again);
    await wrapper.find('#password-new').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
  };

  it('catches mistakes itself: messages by each field and in the live region, focus on the first, no request', async () => {
    const { wrapper, seen } = await open({ 'GET /v1/me/sessions': () => ({ body: { items: [] } }) });
    await form(wrapper, '', 'short', 'short');
    expect(wrapper.find('#password-current-error').text()).toContain('Enter your current password');
    expect(wrapper.find('#password-new-error').text()).toContain('at least 12 characters');
    expect(wrapper.find('#password-current').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="password-status"]').text()).toContain('Enter your current password');
    expect(document.activeElement?.id).toBe('password-current');
    expect(calls(seen, 'POST /v1/me/password')).toEqual([]);
  });

  it('puts the API’s field errors by their fields; once changed, empties the form and says so', async () => {
    let refuse = true;
    const { wrapper, seen } = await open({
      'GET /v1/me/sessions': () => ({ body: { items: [session('s-1', true)] } }),
      'POST /v1/me/password': () =>
        refuse
          ? {
              status: 400,
              body: problemBody(400, 'wrong_password', 'Check what you entered', {
                errors: [{ field: 'currentPassword', message: 'That is not your current password' }],
              }),
            }
          : { status: 204 },
    });
    await form(wrapper, 'old secret words', 'a brand new passphrase');
    expect(wrapper.find('#password-current-error').text()).toContain('That is not your current password');
    expect(wrapper.find('[data-testid="password-status"]').text()).toContain('Check what you entered');
    expect(document.activeElement?.id).toBe('password-current');
    expect((calls(seen, 'POST /v1/me/password')[0] as SeenRequest).body).toEqual({
      currentPassword: 'old secret words',
      newPassword: 'a brand new passphrase',
    });

    refuse = false;
    await form(wrapper, 'right secret words', 'a brand new passphrase');
    expect(wrapper.find('[data-testid="password-status"]').text()).toBe('');
    expect((wrapper.find('#password-current').element as HTMLInputElement).value).toBe('');
    expect(status(wrapper)).toContain('Your password is changed. You have been signed out everywhere else.');
    expect(calls(seen, 'GET /v1/me/sessions')).toHaveLength(2);
  });
});
