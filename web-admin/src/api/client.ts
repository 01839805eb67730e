import { createThreefoldClient, type ThreefoldClient } from '@threefold/api-client';
import { inject, type InjectionKey } from 'vue';

export interface ApiClientOptions {
  /** Where the API lives; the console is served by the API, so the page's own origin. */
  baseUrl?: string;
  csrfToken: () => string | undefined;
  /** Called when the API answers 401: the session ended (idle timeout, signed out elsewhere). */
  onUnauthenticated?: () => void;
}

/** The typed API client every feature uses, with the session's CSRF token on every write. */
export function createApiClient(options: ApiClientOptions): ThreefoldClient {
  const client = createThreefoldClient({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '',
    csrfToken: options.csrfToken,
  });
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
