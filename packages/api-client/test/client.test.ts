import { describe, expect, it } from 'vitest';
import { createThreefoldClient, isProblem } from '../src/index.js';

describe('createThreefoldClient', () => {
  it('sends the CSRF token on writes only, and the bearer token on every call', async () => {
    const seen: { method: string; csrf: string | null; auth: string | null }[] = [];
    const fetch = async (input: Request) => {
      seen.push({
        method: input.method,
        csrf: input.headers.get('x-csrf-token'),
        auth: input.headers.get('authorization'),
      });
      return new Response(JSON.stringify({ status: 'ok' }), { headers: { 'content-type': 'application/json' } });
    };
    const client = createThreefoldClient({
      baseUrl: 'http://api.test',
      fetch,
      csrfToken: () => 'csrf-1',
      accessToken: () => 'tok-1',
    });
    const live = await client.GET('/health/live');
    expect(live.data).toEqual({ status: 'ok' });
    await client.request('post' as never, '/health/live' as never);
    expect(seen).toEqual([
      { method: 'GET', csrf: null, auth: 'Bearer tok-1' },
      { method: 'POST', csrf: 'csrf-1', auth: 'Bearer tok-1' },
    ]);
  });

  it('recognises problem documents', () => {
    expect(isProblem({ code: 'not_found', status: 404, title: 'Not found' })).toBe(true);
    expect(isProblem({ status: 'ok' })).toBe(false);
    expect(isProblem(null)).toBe(false);
  });
});
