import { computed, inject, shallowRef, type ComputedRef, type InjectionKey } from 'vue';
import { authApi, type AuthApi, type Session, type SessionUser } from '@/api/auth';

export interface SessionStore {
  /** The signed-in colleague's session, or null when signed out or not yet checked. */
  readonly session: ComputedRef<Session | null>;
  readonly user: ComputedRef<SessionUser | null>;
  /** The CSRF token to send on writes, if signed in. */
  csrfToken(): string | undefined;
  /**
   * Resolves to the session, asking the API only when it has not been asked yet or the
   * session's idle time has run out. Any failure (network, 401, 5xx) counts as signed out.
   */
  ensure(): Promise<Session | null>;
  /** Records the session the API returned after a correct code. */
  set(session: Session): void;
  /** Forgets the session locally, e.g. after the API answered 401 to a request. */
  clear(): void;
  /** Ends the session on the server (best effort) and locally. */
  signOut(): Promise<void>;
}

export const sessionKey: InjectionKey<SessionStore> = Symbol('threefold.session');

export function createSessionStore(
  api: Pick<AuthApi, 'getSession' | 'signOut'> = authApi,
  now: () => number = Date.now,
): SessionStore {
  const current = shallowRef<Session | null>(null);
  let checked = false;
  let inFlight: Promise<Session | null> | null = null;

  const expired = (session: Session) => {
    const idle = Date.parse(session.idleExpiresAt);
    const absolute = Date.parse(session.absoluteExpiresAt);
    return (Number.isFinite(idle) && idle <= now()) || (Number.isFinite(absolute) && absolute <= now());
  };

  async function check(): Promise<Session | null> {
    const result = await api.getSession();
    current.value = result.ok ? result.data : null;
    checked = true;
    return current.value;
  }

  return {
    session: computed(() => current.value),
    user: computed(() => current.value?.user ?? null),
    csrfToken: () => current.value?.csrfToken,
    ensure() {
      if (checked && (!current.value || !expired(current.value))) return Promise.resolve(current.value);
      inFlight ??= check().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    set(session) {
      current.value = session;
      checked = true;
    },
    clear() {
      current.value = null;
      checked = true;
    },
    async signOut() {
      const token = current.value?.csrfToken;
      current.value = null;
      checked = true;
      // If this fails the cookie may live on until it expires; the colleague is signed out here either way.
      await api.signOut(token);
    },
  };
}

export function useSession(): SessionStore {
  const store = inject(sessionKey);
  if (!store) throw new Error('useSession() needs the session store provided by main.ts');
  return store;
}
