import { vi } from 'vitest';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Replaces fetch with a function that answers from `answer`, and records each request, so a
 * test exercises the real API module (src/api/auth.ts) down to the wire.
 */
export function fakeFetch(answer: (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer> | 'network-error') {
  const seen: SeenRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    // openapi-fetch passes a Request; src/api/auth.ts passes a path and options.
    const given = input instanceof Request ? input : null;
    const url = new URL(given ? given.url : input instanceof URL ? input.href : String(input), 'http://console.test');
    const headers = Object.fromEntries(new Headers(given ? given.headers : init.headers).entries());
    const text = given ? await given.text() : typeof init.body === 'string' ? init.body : '';
    const request: SeenRequest = {
      method: (given?.method ?? init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      body: text ? JSON.parse(text) : undefined,
      headers,
    };
    seen.push(request);
    const result = await answer(request);
    if (result === 'network-error') throw new TypeError('Failed to fetch');
    const status = result.status ?? 200;
    const isProblem = status >= 400;
    return new Response(status === 204 || result.body === undefined ? null : JSON.stringify(result.body), {
      status,
      headers: {
        'content-type': isProblem ? 'application/problem+json' : 'application/json',
        ...result.headers,
      },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, seen };
}

export function problemBody(status: number, code: string, title: string, extra: Record<string, unknown> = {}) {
  return { type: `urn:threefold:problem:${code}`, title, status, code, requestId: `req-${code}-0001`, ...extra };
}

export function sessionBody(overrides: { displayName?: string; idleExpiresAt?: string } = {}) {
  return {
    user: {
      id: 'u-1',
      email: 'sam.carter@example.org',
      displayName: overrides.displayName ?? 'Sam Carter',
      roles: ['practitioner'],
      teamIds: ['t-1'],
    },
    csrfToken: 'csrf-1',
    idleExpiresAt: overrides.idleExpiresAt ?? new Date(Date.now() + 30 * 60_000).toISOString(),
    absoluteExpiresAt: new Date(Date.now() + 12 * 3_600_000).toISOString(),
  };
}
