import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, problemBody } from '@/test-support/fetch';
import { createApiClient } from './client';

describe('the API client', () => {
  it('sends the session’s CSRF token on writes, and tells the console when the API says 401', async () => {
    let token: string | undefined = 'csrf-abc';
    const onUnauthenticated = vi.fn();
    const { seen } = fakeFetch(({ method }) =>
      method === 'GET'
        ? { body: { status: 'ok' } }
        : { status: 401, body: problemBody(401, 'unauthenticated', 'Not signed in') },
    );
    const api = createApiClient({ baseUrl: 'http://console.test', csrfToken: () => token, onUnauthenticated });

    await api.GET('/health/live');
    expect(seen[0]?.headers['x-csrf-token']).toBeUndefined();
    expect(onUnauthenticated).not.toHaveBeenCalled();

    await api.POST('/v1/admin/teams', { body: { name: 'Riverside' } });
    expect(seen[1]?.headers['x-csrf-token']).toBe('csrf-abc');
    expect(onUnauthenticated).toHaveBeenCalledOnce();

    token = undefined;
    await api.POST('/v1/admin/teams', { body: { name: 'Riverside' } });
    expect(seen[2]?.headers['x-csrf-token']).toBeUndefined();
  });
});
