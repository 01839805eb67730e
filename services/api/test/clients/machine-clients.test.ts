import { organisations } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor } from '../support/auth.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { CLIENT_SECRET_GRACE_HOURS: 1 } });
});
afterAll(() => t.close());

describe('OAuth 2.0 client credentials', () => {
  it('issues a short-lived bearer token for a form-encoded request with HTTP Basic', async () => {
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read', 'contacts:write'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      payload: 'grant_type=client_credentials&scope=contacts%3Aread',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'contacts:read' });
    expect(body.access_token.split('.')).toHaveLength(3);
  });

  it('refuses a wrong secret, an unknown client and a scope not granted', async () => {
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'tfs_wrong' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('oauth_invalid_client');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: 'tfc_nobody', client_secret: 'tfs_x' },
    });
    expect(unknown.json()).toMatchObject({ status: 401, code: 'oauth_invalid_client' });
    const scope = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'returns:read',
      },
    });
    expect(scope.statusCode).toBe(400);
    expect(scope.json().code).toBe('oauth_invalid_scope');
    const grant = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret },
    });
    expect(grant.statusCode).toBe(400);
  });

  it('answers 403 to a token without the scope a route needs, and 401 to a forged one', async () => {
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    const { headers } = await tokenFor(t.app, client);
    const res = await t.app.inject({ method: 'GET', url: '/v1/admin/users', headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    const forged = `${headers.authorization!.slice(0, -4)}AAAA`;
    const bad = await t.app.inject({ method: 'GET', url: '/v1/teams', headers: { authorization: forged } });
    expect(bad.statusCode).toBe(401);
  });

  it('rotates a secret: the new one works at once, the old one only for the grace period', async () => {
    const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/clients',
      headers: admin.headers,
      payload: { name: 'Shropshire Council', kind: 'council', scopes: ['contacts:write'] },
    });
    expect(created.statusCode).toBe(201);
    const { client, clientSecret } = created.json();
    expect(JSON.stringify(created.json())).not.toContain('secretHash');
    const rotated = await t.app.inject({
      method: 'POST',
      url: `/v1/admin/clients/${client.id}/secret`,
      headers: admin.headers,
    });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().clientSecret;
    expect(fresh).not.toBe(clientSecret);
    const use = (secret: string) =>
      t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: secret },
      });
    expect((await use(fresh)).statusCode).toBe(200);
    expect((await use(clientSecret)).statusCode).toBe(200);
    await t.db.pool.query(
      `update machine_clients set previous_secret_expires_at = now() - interval '1 second' where id = $1`,
      [client.id],
    );
    expect((await use(clientSecret)).statusCode).toBe(401);
  });

  it('binds a partner client to one organisation and refuses council scopes for it', async () => {
    const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
    const [org] = await t.db.db
      .insert(organisations)
      .values({ name: 'Oswestry Befriending', kind: 'partner' })
      .returning();
    const noOrg = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/clients',
      headers: admin.headers,
      payload: { name: 'Befrienders', kind: 'partner', scopes: ['connections:read'] },
    });
    expect(noOrg.statusCode).toBe(400);
    expect(noOrg.json().errors[0].field).toBe('organisationId');
    const councilScope = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/clients',
      headers: admin.headers,
      payload: { name: 'Befrienders', kind: 'partner', organisationId: org!.id, scopes: ['returns:read'] },
    });
    expect(councilScope.statusCode).toBe(400);
    expect(councilScope.json().errors[0].field).toBe('scopes');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/clients',
      headers: admin.headers,
      payload: { name: 'Befrienders', kind: 'partner', organisationId: org!.id, scopes: ['connections:read'] },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().client.organisationId).toBe(org!.id);
  });

  it('stops a disabled client at once, tokens already issued included', async () => {
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['webhooks:manage'] });
    const { headers } = await tokenFor(t.app, client);
    await t.db.pool.query('update machine_clients set disabled_at = now() where id = $1', [client.id]);
    expect((await t.app.inject({ method: 'GET', url: '/v1/teams', headers })).statusCode).toBe(401);
  });

  it('answers 429 problem+json with Retry-After past the client’s per-minute limit', async () => {
    const client = await createMachineClient(t.db, {
      kind: 'council',
      scopes: ['contacts:read'],
      rateLimitPerMinute: 3,
    });
    const { headers } = await tokenFor(t.app, client);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await t.app.inject({ method: 'GET', url: '/v1/admin/users', headers });
      statuses.push(last.statusCode);
    }
    // The first three are answered (403: no admin scope), the fourth is over the limit.
    expect(statuses).toEqual([403, 403, 403, 429]);
    expect(last!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last!.json().code).toBe('rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['ratelimit-limit']).toBe('3');
  });
});
