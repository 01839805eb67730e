import type { DOMWrapper } from '@vue/test-utils';
import { vi } from 'vitest';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  /** The query string's parameters, e.g. `{ cursor: 'abc', limit: '50' }`. */
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Replaces fetch with a function that answers from `answer`, and records each request, so a
 * test exercises the real API modules (the generated client included) down to the wire.
 */
export function fakeFetch(answer: (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer> | 'network-error') {
  const seen: SeenRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    // openapi-fetch passes a Request; a plain call may pass a path and options.
    const given = input instanceof Request ? input : null;
    const url = new URL(given ? given.url : input instanceof URL ? input.href : String(input), 'http://console.test');
    // Header names are case-insensitive; lower-case them all, as browsers do.
    const headers = Object.fromEntries(
      [...new Headers(given ? given.headers : init.headers).entries()].map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    const text = given ? await given.text() : typeof init.body === 'string' ? init.body : '';
    const request: SeenRequest = {
      method: (given?.method ?? init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
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

export function sessionBody(overrides: { displayName?: string; idleExpiresAt?: string; roles?: string[] } = {}) {
  return {
    user: {
      id: 'u-1',
      email: 'sam.carter@example.org',
      displayName: overrides.displayName ?? 'Sam Carter',
      roles: overrides.roles ?? ['practitioner'],
      teamIds: ['t-1'],
    },
    csrfToken: 'csrf-1',
    idleExpiresAt: overrides.idleExpiresAt ?? new Date(Date.now() + 30 * 60_000).toISOString(),
    absoluteExpiresAt: new Date(Date.now() + 12 * 3_600_000).toISOString(),
  };
}

/**
 * The API's rule for a restricted record, for a fake route: null when the request carries
 * `reason` as its X-Access-Reason (the route may answer), else the 403 `reason_required` answer.
 */
export function refusedWithout(reason: string) {
  return (headers: Record<string, string>): FakeAnswer | null =>
    headers['x-access-reason'] === reason
      ? null
      : { status: 403, body: problemBody(403, 'reason_required', 'Reason required') };
}

/** Types `reason` into the restricted record's question (the reason dialog) and sends it. */
export async function giveReason(dialog: DOMWrapper<Element>, reason: string) {
  await dialog.find('textarea').setValue(reason);
  await dialog.find('form').trigger('submit');
}
