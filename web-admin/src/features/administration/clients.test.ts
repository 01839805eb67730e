import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerDialog, calls, clickButton, lastCall, machineClient, mountAsAdmin, team } from '@/test-support/admin';
import { problemBody } from '@/test-support/fetch';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function open(path: string, routes: Parameters<typeof mountAsAdmin>[1]) {
  const mounted = await mountAsAdmin(path, routes);
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

const partnersInDirectory = {
  'GET /v1/directory/organisations': () => ({
    body: {
      items: [
        { id: '0196a3c4-5d7e-7f00-8a1b-2c3d4e5f6a7c', name: 'Carers Trust', kind: 'partner' },
        { id: '0196a3c4-5d7e-7f00-8a1b-2c3d4e5f6a7b', name: 'Age Concern Shropshire', kind: 'partner' },
      ],
    },
  }),
};

const client = machineClient();
const clientPath = `/v1/admin/clients/${client.id}`;
const secret = 'tfs_thisIsTheSecretShownOnce_0123456789abcdef';
const scopeValues = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) =>
  wrapper.findAll('input[name="client-scopes"]').map((input) => input.attributes('value'));

describe('registering a machine client', () => {
  it('offers only the scopes the kind allows, dropping the others when the kind changes', async () => {
    const { wrapper } = await open('/administration/clients/new', {});
    expect(wrapper.find('h1').text()).toBe('Register a machine client');
    expect(scopeValues(wrapper)).toEqual([]);

    await wrapper.find('#client-kind').setValue(true);
    expect(scopeValues(wrapper)).toEqual([
      'contacts:write',
      'contacts:read',
      'people:read',
      'decisions:read',
      'panel:decide',
      'charging:write',
      'safeguarding:raise',
      'returns:read',
      'webhooks:manage',
    ]);
    expect(wrapper.find('#client-organisation').exists()).toBe(false);
    await wrapper.find('#client-scopes').setValue(true);
    await wrapper.find('#client-scopes-webhooks-manage').setValue(true);

    await wrapper.find('#client-kind-partner').setValue(true);
    expect(scopeValues(wrapper)).toEqual(['connections:read', 'connections:write', 'webhooks:manage']);
    expect(wrapper.find('#client-organisation').exists()).toBe(true);
    // contacts:write went with the council; webhooks:manage is allowed for both and stays.
    const checked = wrapper
      .findAll('input[name="client-scopes"]')
      .filter((input) => (input.element as HTMLInputElement).checked)
      .map((input) => input.attributes('value'));
    expect(checked).toEqual(['webhooks:manage']);
  });

  it('checks the form before sending anything', async () => {
    const { wrapper, seen } = await open('/administration/clients/new', partnersInDirectory);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#client-name-error').text()).toContain('Enter a name');
    expect(wrapper.find('#client-kind-error').text()).toContain('council system or a partner organisation');
    expect(document.activeElement?.id).toBe('client-name');
    await wrapper.find('#client-kind-partner').setValue(true);
    await wrapper.find('#client-name').setValue('Age Concern');
    // The organisation is chosen from the directory's partners, by name: no ID to find and type.
    expect(wrapper.findAll('#client-organisation option').map((o) => o.text())).toEqual([
      'Choose the organisation',
      'Age Concern Shropshire',
      'Carers Trust',
    ]);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#client-organisation-error').text()).toContain('Choose the partner organisation');
    expect(wrapper.find('#client-scopes-error').text()).toContain('Choose at least one');
    expect(calls(seen, 'POST /v1/admin/clients')).toEqual([]);
  });

  it('shows the secret once, from memory only, and asks before it is left behind', async () => {
    const { wrapper, seen, router } = await open('/administration/clients/new', {
      'POST /v1/admin/clients': () => ({ status: 201, body: { client, clientSecret: secret } }),
      [`GET ${clientPath}`]: () => ({ body: client, headers: { etag: `"${client.id}.v1"` } }),
      'GET /v1/admin/clients': () => ({ body: { items: [client], nextCursor: null } }),
    });
    await wrapper.find('#client-kind').setValue(true);
    await wrapper.find('#client-name').setValue('  Council case management ');
    await wrapper.find('#client-scopes').setValue(true);
    await wrapper.find('#client-rate-limit').setValue('1,200');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(lastCall(seen, 'POST /v1/admin/clients')?.body).toEqual({
      name: 'Council case management',
      kind: 'council',
      scopes: ['contacts:write'],
      rateLimitPerMinute: 1200,
    });

    const panel = wrapper.find('[data-testid="secret-panel"]');
    expect(panel.find('[data-testid="client-secret"]').text()).toBe(secret);
    expect(panel.find('[data-testid="client-id"]').text()).toBe('tfc_council1');
    expect(panel.text()).toContain('You will not see this secret again.');
    expect(document.activeElement?.textContent).toContain('Copy the secret for Council case management now');
    expect(wrapper.find('form').exists()).toBe(false);
    // Never kept anywhere but on screen.
    expect(JSON.stringify({ ...sessionStorage, ...localStorage })).not.toContain(secret);
    expect(router.currentRoute.value.fullPath).toBe('/administration/clients/new');

    // Leaving before saying it is stored asks first.
    const leaving = router.push('/administration/clients');
    await flushPromises();
    expect(wrapper.find('dialog').text()).toContain('a secret is never shown again');
    await answerDialog(wrapper, 'Stay on this page');
    await leaving;
    expect(wrapper.find('[data-testid="client-secret"]').text()).toBe(secret);

    await clickButton(wrapper, 'I have stored the secret');
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Council case management'));
    expect(router.currentRoute.value.fullPath).toBe(`/administration/clients/${client.id}`);
    expect(wrapper.html()).not.toContain(secret);
  });

  it('copies the secret with the copy button', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { wrapper } = await open('/administration/clients/new', {
      'POST /v1/admin/clients': () => ({ status: 201, body: { client, clientSecret: secret } }),
    });
    await wrapper.find('#client-kind').setValue(true);
    await wrapper.find('#client-name').setValue('Council case management');
    await wrapper.find('#client-scopes').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await clickButton(wrapper, 'Copy secret');
    expect(writeText).toHaveBeenCalledWith(secret);
    expect(wrapper.find('[data-testid="secret-panel"]').text()).toContain('Copied.');
  });

  it('shows the API’s field error (an unknown organisation) by its field', async () => {
    const { wrapper } = await open('/administration/clients/new', {
      ...partnersInDirectory,
      'POST /v1/admin/clients': () => ({
        status: 400,
        body: problemBody(400, 'validation_failed', 'Invalid request', {
          errors: [
            { in: 'body', field: 'organisationId', pointer: '/organisationId', message: 'is not a known organisation' },
          ],
        }),
      }),
    });
    await wrapper.find('#client-kind-partner').setValue(true);
    await wrapper.find('#client-name').setValue('Age Concern');
    await wrapper.find('#client-organisation').setValue('0196a3c4-5d7e-7f00-8a1b-2c3d4e5f6a7b');
    await wrapper.find('#client-scopes').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#client-organisation-error').text()).toContain('is not a known organisation');
    expect(wrapper.find('[data-testid="secret-panel"]').exists()).toBe(false);
  });
});

describe('a machine client’s page', () => {
  it('rotating asks first, shows the new secret once with when the old one stops, and later saves use the new ETag', async () => {
    let version = 1;
    const { wrapper, seen } = await open(`/administration/clients/${client.id}`, {
      [`GET ${clientPath}`]: () => ({ body: { ...client, version }, headers: { etag: `"${client.id}.v${version}"` } }),
      [`POST ${clientPath}/secret`]: () => {
        version += 1;
        return {
          body: {
            client: { ...client, version, previousSecretExpiresAt: '2025-11-26T14:05:00.000Z' },
            clientSecret: secret,
          },
        };
      },
      [`PATCH ${clientPath}`]: ({ headers, body }) =>
        headers['if-match'] === `"${client.id}.v${version}"`
          ? { body: { ...client, ...(body as object), version: version + 1 } }
          : { status: 412, body: problemBody(412, 'stale_version', 'Changed since you read it') },
    });
    expect(wrapper.find('h1').text()).toBe('Council case management');

    await clickButton(wrapper, 'Rotate secret');
    expect(wrapper.find('dialog').text()).toContain('keeps working for a grace period');
    await answerDialog(wrapper, 'Keep the current secret');
    expect(calls(seen, `POST ${clientPath}/secret`)).toEqual([]);

    await clickButton(wrapper, 'Rotate secret');
    await answerDialog(wrapper, 'Rotate secret');
    const panel = wrapper.find('[data-testid="secret-panel"]');
    expect(panel.find('[data-testid="client-secret"]').text()).toBe(secret);
    expect(panel.text()).toContain('The previous secret keeps working until 26 November 2025 at');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(secret);
    await clickButton(wrapper, 'I have stored the secret');
    expect(wrapper.find('[data-testid="secret-panel"]').exists()).toBe(false);
    expect(wrapper.html()).not.toContain(secret);
    expect(document.activeElement?.id).toBe('rotate-heading');

    await wrapper.find('#client-scopes-returns-read').setValue(true);
    await wrapper.find('#client-rate-limit').setValue('900');
    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    expect(lastCall(seen, `PATCH ${clientPath}`)).toMatchObject({
      headers: expect.objectContaining({ 'if-match': `"${client.id}.v2"` }),
      body: { scopes: ['contacts:write', 'returns:read'], rateLimitPerMinute: 900 },
    });
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('Changes saved.');
  });

  it('disabling asks first, then sends it with the ETag', async () => {
    const { wrapper, seen } = await open(`/administration/clients/${client.id}`, {
      [`GET ${clientPath}`]: () => ({ body: client, headers: { etag: `"${client.id}.v1"` } }),
      [`PATCH ${clientPath}`]: () => ({ body: { ...client, disabled: true, version: 2 } }),
    });
    await clickButton(wrapper, 'Disable client');
    expect(wrapper.find('dialog').text()).toContain('its access tokens stop working');
    await answerDialog(wrapper, 'Disable client');
    expect(lastCall(seen, `PATCH ${clientPath}`)).toMatchObject({
      body: { disabled: true },
      headers: expect.objectContaining({ 'if-match': `"${client.id}.v1"` }),
    });
    expect(wrapper.find('[data-testid="client-status"]').text()).toBe('Disabled');
  });

  it('on 412 keeps the scopes ticked here and reloads the rest', async () => {
    let current = { ...client };
    const { wrapper, seen } = await open(`/administration/clients/${client.id}`, {
      [`GET ${clientPath}`]: () => ({ body: current, headers: { etag: `"${client.id}.v${current.version}"` } }),
      [`PATCH ${clientPath}`]: ({ headers, body }) =>
        headers['if-match'] === `"${client.id}.v${current.version}"`
          ? { body: (current = { ...current, ...(body as object), version: current.version + 1 }) }
          : { status: 412, body: problemBody(412, 'stale_version', 'Changed since you read it') },
    });
    current = { ...current, name: 'Council CMS', version: 2 };
    await wrapper.find('#client-scopes-people-read').setValue(true);
    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="stale"]').text()).toContain('Someone else changed this client');
    await clickButton(wrapper, 'Load the latest version', '[data-testid="stale"]');
    expect((wrapper.find('#client-name').element as HTMLInputElement).value).toBe('Council CMS');
    expect((wrapper.find('#client-scopes-people-read').element as HTMLInputElement).checked).toBe(true);
    await wrapper.findAll('form').at(-1)!.trigger('submit');
    await flushPromises();
    expect(lastCall(seen, `PATCH ${clientPath}`)?.body).toEqual({ scopes: ['contacts:write', 'people:read'] });
    expect(current).toMatchObject({ name: 'Council CMS', scopes: ['contacts:write', 'people:read'] });
  });
});

describe('teams', () => {
  it('creates a team with an idempotency key, then lists it', async () => {
    const teams = [team('t-1', 'Riverside')];
    const { wrapper, seen } = await open('/administration/teams/new', {
      'POST /v1/admin/teams': ({ body }) => {
        teams.push(team('t-2', (body as { name: string }).name));
        return { status: 201, body: teams.at(-1) };
      },
      'GET /v1/teams': () => ({ body: { items: teams } }),
    });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#team-name-error').text()).toContain('Enter the team’s name');
    await wrapper.find('#team-name').setValue(' Hillside ');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const post = lastCall(seen, 'POST /v1/admin/teams')!;
    expect(post.body).toEqual({ name: 'Hillside' });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Teams'));
    expect(wrapper.findAll('tbody th').map((th) => th.text())).toEqual(['Hillside', 'Riverside']);
  });

  it('renames a team with If-Match, and on 412 keeps the new name typed', async () => {
    let current = { ...team('t-1', 'Riverside'), version: 1 };
    const { wrapper, seen } = await open('/administration/teams/t-1', {
      'GET /v1/admin/teams/t-1': () => ({ body: current, headers: { etag: `"t-1.v${current.version}"` } }),
      'PATCH /v1/admin/teams/t-1': ({ headers, body }) =>
        headers['if-match'] === `"t-1.v${current.version}"`
          ? { body: (current = { ...current, ...(body as object), version: current.version + 1 }) }
          : { status: 412, body: problemBody(412, 'stale_version', 'Changed since you read it') },
    });
    current = { ...current, description: 'Around the river', version: 2 };
    await wrapper.find('#team-name').setValue('Riverside North');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="stale"]').exists()).toBe(true);
    await clickButton(wrapper, 'Load the latest version', '[data-testid="stale"]');
    expect((wrapper.find('#team-name').element as HTMLInputElement).value).toBe('Riverside North');
    expect((wrapper.find('#team-description').element as HTMLInputElement).value).toBe('Around the river');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(lastCall(seen, 'PATCH /v1/admin/teams/t-1')).toMatchObject({
      headers: expect.objectContaining({ 'if-match': '"t-1.v2"' }),
      body: { name: 'Riverside North' },
    });
    expect(wrapper.find('h1').text()).toBe('Riverside North');
  });
});
