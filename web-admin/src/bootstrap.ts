import type { App } from 'vue';
import type { RouterHistory } from 'vue-router';
import { apiClientKey, createApiClient } from '@/api/client';
import { createAppRouter } from '@/router';
import { createSessionStore, sessionKey } from '@/session/store';

/**
 * Everything the console needs, wired together: the session, the router with its guard, and
 * the typed API client. main.ts installs it in the browser; tests install it with an in-memory
 * history.
 */
export function createConsole(options: { history: RouterHistory; apiBaseUrl?: string }) {
  const session = createSessionStore();
  const router = createAppRouter({ history: options.history, session });
  const api = createApiClient({
    ...(options.apiBaseUrl ? { baseUrl: options.apiBaseUrl } : {}),
    csrfToken: session.csrfToken,
    onUnauthenticated() {
      if (!session.user.value) return;
      session.clear();
      const here = router.currentRoute.value;
      // Drafts stay in this tab, so after signing in again the form comes back as it was.
      void router.push({ name: 'sign-in', query: { redirect: here.fullPath, expired: '1' } });
    },
  });
  return {
    session,
    router,
    api,
    install(app: App) {
      app.provide(sessionKey, session).provide(apiClientKey, api).use(router);
    },
  };
}
