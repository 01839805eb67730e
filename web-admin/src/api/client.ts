import { createThreefoldClient, type ThreefoldClient } from '@threefold/api-client';
import { inject, type InjectionKey } from 'vue';

/** How long to wait for the API before telling the colleague it could not be reached. */
export const REQUEST_TIMEOUT_MS = 20_000;

export interface ApiClientOptions {
  /** Where the API lives; the console is served by the API, so the page's own origin. */
  baseUrl?: string;
  csrfToken?: () => string | undefined;
  /** Called when the API answers 401: the session ended (idle timeout, signed out elsewhere). */
  onUnauthenticated?: () => void;
}

/**
 * The generated client with what every call from the console needs: the page's origin, the
 * session's CSRF token on writes, and a time limit. `fetch` is looked up on each call, not
 * when the client is made, so a test can replace it.
 */
export function createBaseClient(options: Pick<ApiClientOptions, 'baseUrl' | 'csrfToken'> = {}): ThreefoldClient {
  return createThreefoldClient({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '',
    ...(options.csrfToken ? { csrfToken: options.csrfToken } : {}),
    fetch: (request: Request) =>
      typeof AbortSignal.timeout === 'function'
        ? globalThis.fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        : globalThis.fetch(request),
  });
}

/** The typed API client every feature uses, with the session's CSRF token on every write. */
export function createApiClient(options: ApiClientOptions): ThreefoldClient {
  const client = createBaseClient(options);
  client.use({
    onResponse({ response }) {
      if (response.status === 401) options.onUnauthenticated?.();
      return response;
    },
  });
  return client;
}

export const apiClientKey: InjectionKey<ThreefoldClient> = Symbol('threefold.api');

export function useApi(): ThreefoldClient {
  const client = inject(apiClientKey);
  if (!client) throw new Error('useApi() needs the API client provided by main.ts');
  return client;
}
