import { describe, expect, it } from 'vitest';
import { fakeFetch, problemBody } from '@/test-support/fetch';
import { getSession, signOut } from './auth';
import { createApiClient } from './client';
import { settle } from './result';

describe('settle: every answer becomes data or a problem to show', () => {
  const api = () => createApiClient({ baseUrl: 'http://console.test', csrfToken: () => 'csrf-abc' });

  it('gives the data and the ETag of a success', async () => {
    fakeFetch(() => ({ body: { items: [], nextCursor: null }, headers: { etag: '"x.v2"' } }));
    expect(await settle(api().GET('/v1/admin/users'))).toEqual({
      ok: true,
      data: { items: [], nextCursor: null },
      etag: '"x.v2"',
    });
  });

  it('passes the API’s problem on, with its status and any Retry-After', async () => {
    fakeFetch(() => ({
      status: 429,
      headers: { 'retry-after': '30' },
      body: problemBody(429, 'rate_limited', 'Too many requests'),
    }));
    expect(await settle(api().GET('/v1/admin/users'))).toMatchObject({
      ok: false,
      status: 429,
      retryAfterSeconds: 30,
      problem: { code: 'rate_limited', requestId: 'req-rate_limited-0001' },
    });
  });

  it('turns an answer that is no problem document (a proxy’s error page) into one', async () => {
    fakeFetch(() => ({ status: 502, body: '<html>Bad gateway</html>' }));
    const result = await settle(api().GET('/v1/admin/users'));
    expect(result).toMatchObject({ ok: false, status: 502, problem: { title: 'Threefold is having trouble' } });
  });

  it('says Threefold could not be reached when the network fails', async () => {
    fakeFetch(() => 'network-error');
    expect(await settle(api().GET('/v1/admin/users'))).toMatchObject({
      ok: false,
      status: 0,
      problem: { code: 'network_error', title: 'Threefold could not be reached' },
    });
  });
});

describe('the sign-in calls, on the generated client', () => {
  it('signing out sends the CSRF token; a 204 is a success', async () => {
    const { seen } = fakeFetch(() => ({ status: 204 }));
    expect(await signOut('csrf-9')).toMatchObject({ ok: true });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/v1/auth/sign-out',
      headers: expect.objectContaining({ 'x-csrf-token': 'csrf-9' }),
    });
  });

  it('a 401 from the session check is an answer, not an error', async () => {
    fakeFetch(() => ({ status: 401, body: problemBody(401, 'unauthenticated', 'Not signed in') }));
    expect(await getSession()).toMatchObject({ ok: false, status: 401, problem: { code: 'unauthenticated' } });
  });
});
