import createClient, { type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

export interface ThreefoldClientOptions extends ClientOptions {
  /** Returns the CSRF token to send on writes made with the session cookie. */
  csrfToken?: () => string | undefined;
  /** Returns an OAuth access token for machine clients. */
  accessToken?: () => string | undefined;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A typed client for the Threefold API, generated from `openapi/openapi.json`. */
export function createThreefoldClient(options: ThreefoldClientOptions = {}) {
  const { csrfToken, accessToken, ...clientOptions } = options;
  const client = createClient<paths>({ credentials: 'same-origin', ...clientOptions });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = accessToken?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      const csrf = csrfToken?.();
      if (csrf && unsafe.has(request.method)) request.headers.set('x-csrf-token', csrf);
      return request;
    },
  };
  client.use(auth);
  return client;
}

export type ThreefoldClient = ReturnType<typeof createThreefoldClient>;

/** True when a value is an RFC 9457 problem document from the API. */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}
