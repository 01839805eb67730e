import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { mountConsole } from './console';
import { fakeFetch, problemBody, sessionBody, type FakeAnswer, type SeenRequest } from './fetch';

type Handler = (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer>;

/**
 * The whole console, signed in as a practice administrator, with the API played by `routes`
 * ("METHOD /path" → answer). Anything else is a 404 problem, so a test sees unexpected calls.
 */
export async function mountAsAdmin(path: string, routes: Record<string, Handler>, roles = ['practice_admin']) {
  const { seen } = fakeFetch((request) => {
    if (request.path === '/v1/auth/session') return { body: sessionBody({ roles, displayName: 'Morgan Lee' }) };
    const handler = routes[`${request.method} ${request.path}`];
    return handler
      ? handler(request)
      : { status: 404, body: problemBody(404, 'not_found', `No fake for ${request.method} ${request.path}`) };
  });
  const mounted = await mountConsole(path);
  await flushPromises();
  return { ...mounted, seen };
}

/** The request the console sent to `METHOD /path`, the last one if several. */
export function lastCall(seen: SeenRequest[], key: string): SeenRequest | undefined {
  return seen.filter((r) => `${r.method} ${r.path}` === key).at(-1);
}

export function calls(seen: SeenRequest[], key: string): SeenRequest[] {
  return seen.filter((r) => `${r.method} ${r.path}` === key);
}

export async function clickButton(wrapper: VueWrapper, text: string, within = '') {
  const button = wrapper.findAll(`${within} button`).find((b) => b.text() === text);
  if (!button) throw new Error(`no button “${text}” in ${within || 'the page'}`);
  await button.trigger('click');
  await flushPromises();
}

export async function answerDialog(wrapper: VueWrapper, button: string) {
  await flushPromises();
  await clickButton(wrapper, button, 'dialog');
}

export const staffUser = (overrides: Record<string, unknown> = {}) => ({
  id: '0196a3c4-0000-7000-8000-000000000002',
  email: 'chris.doyle@example.org',
  displayName: 'Chris Doyle',
  roles: ['practitioner'] as string[],
  teamIds: [] as string[],
  delegatedWeeklyLimitPence: null as number | null,
  totpEnrolled: true,
  disabled: false,
  createdAt: '2025-11-01T09:00:00.000Z',
  version: 3,
  ...overrides,
});

export const team = (id: string, name: string) => ({ id, name, description: '', version: 1 });

export const machineClient = (overrides: Record<string, unknown> = {}) => ({
  id: '0196a3c4-0000-7000-8000-0000000000c1',
  clientId: 'tfc_council1',
  name: 'Council case management',
  kind: 'council',
  organisationId: null as string | null,
  scopes: ['contacts:write'] as string[],
  rateLimitPerMinute: 600,
  disabled: false,
  previousSecretExpiresAt: null as string | null,
  createdAt: '2025-11-01T09:00:00.000Z',
  version: 1,
  ...overrides,
});
