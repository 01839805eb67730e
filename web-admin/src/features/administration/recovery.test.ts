import { afterEach, describe, expect, it } from 'vitest';
import { answerDialog, calls, clickButton, mountAsAdmin, staffUser, team } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const saved = staffUser();
const userPath = `/v1/admin/users/${saved.id}`;

async function open(routes: Parameters<typeof mountAsAdmin>[1]) {
  const mounted = await mountAsAdmin(`/administration/colleagues/${saved.id}`, {
    'GET /v1/teams': () => ({ body: { items: [team('t-1', 'Riverside')] } }),
    [`GET ${userPath}`]: () => ({ body: saved, headers: { etag: `"${saved.id}.v3"` } }),
    ...routes,
  });
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

describe('account recovery for a colleague', () => {
  it('resets the password after asking, shows the one-time password once and moves focus to it', async () => {
    const { wrapper, seen } = await open({
      [`POST ${userPath}/password-reset`]: () => ({ body: { temporaryPassword: 'plum-harbour-seven' } }),
    });
    await clickButton(wrapper, 'Reset password', '[data-testid="recovery"]');
    expect(wrapper.find('dialog').text()).toContain('Reset Chris Doyle’s password?');
    await answerDialog(wrapper, 'Keep their password');
    expect(calls(seen, `POST ${userPath}/password-reset`)).toEqual([]);

    await clickButton(wrapper, 'Reset password', '[data-testid="recovery"]');
    await answerDialog(wrapper, 'Reset password');
    expect(calls(seen, `POST ${userPath}/password-reset`)).toHaveLength(1);
    expect(wrapper.find('[data-testid="temporary-password"]').text()).toBe('plum-harbour-seven');
    expect(document.activeElement?.id).toBe('temporary-password-heading');

    await clickButton(wrapper, 'I have given it to them');
    expect(wrapper.find('[data-testid="temporary-password-panel"]').exists()).toBe(false);
  });

  it('shows a refusal in the status region, and the next success replaces it', async () => {
    let refuse = true;
    const { wrapper } = await open({
      [`DELETE ${userPath}/sessions`]: () =>
        refuse
          ? { status: 409, body: problemBody(409, 'account_disabled', 'This account is disabled') }
          : { body: { ended: 1 } },
      [`POST ${userPath}/authenticator-reset`]: () => ({ status: 204 }),
    });
    const status = () => wrapper.find('[data-testid="recovery-status"]').text();

    await clickButton(wrapper, 'End all sessions', '[data-testid="recovery"]');
    await answerDialog(wrapper, 'End their sessions');
    expect(status()).toContain('This account is disabled');

    refuse = false;
    await clickButton(wrapper, 'End all sessions', '[data-testid="recovery"]');
    await answerDialog(wrapper, 'End their sessions');
    expect(status()).toBe('Chris Doyle is signed out everywhere (1 session ended).');

    await clickButton(wrapper, 'Reset authenticator', '[data-testid="recovery"]');
    await answerDialog(wrapper, 'Reset authenticator');
    expect(status()).toContain('Chris Doyle’s authenticator is reset.');
  });
});
