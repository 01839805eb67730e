// TODO(contract): the auth routes are not in openapi/openapi.json yet. When they are, replace these
// hand-written types and fetch calls with `createThreefoldClient` and the generated `Schemas`.
// This is the only file in the console that talks to the API without the generated client.
import type { Problem } from '@threefold/api-client';
import { networkProblem, toProblem } from './problems';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  teamIds: string[];
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  /** ISO date-time: the session ends if nothing happens before then. */
  idleExpiresAt: string;
  /** ISO date-time: the session ends then whatever happens. */
  absoluteExpiresAt: string;
}

/** What the colleague must do after a correct password. */
export type SignInNext = 'totp' | 'enrol-totp';

export interface SignInAnswer {
  next: SignInNext;
}

export interface TotpEnrolment {
  otpauthUri: string;
  /** An SVG document; render it as an image, never as markup. */
  qrCodeSvg: string;
  /** The base32 secret, for typing into an app by hand. */
  secret: string;
}

export type AuthResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      problem: Problem;
      /** From a 429's Retry-After header, when the API sends one. */
      retryAfterSeconds?: number;
    };

/** How long to wait for the API before telling the colleague it could not be reached. */
const TIMEOUT_MS = 20_000;

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; csrfToken?: string } = {},
): Promise<AuthResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrfToken && method !== 'GET') headers['x-csrf-token'] = options.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(typeof AbortSignal.timeout === 'function' ? { signal: AbortSignal.timeout(TIMEOUT_MS) } : {}),
    });
  } catch {
    return { ok: false, problem: networkProblem() };
  }
  let body: unknown = undefined;
  if (response.status !== 204) {
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
  }
  if (response.ok) return { ok: true, data: body as T };
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return {
    ok: false,
    problem: toProblem(response.status, body),
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/** Checks the password. On success the API sets a pending session cookie and says what comes next. */
export function signIn(email: string, password: string): Promise<AuthResult<SignInAnswer>> {
  return call<SignInAnswer>('POST', '/v1/auth/sign-in', { body: { email, password } });
}

/** For a colleague without an authenticator yet: a new secret and its QR code. */
export function startTotpEnrolment(): Promise<AuthResult<TotpEnrolment>> {
  return call<TotpEnrolment>('POST', '/v1/auth/totp/enrolment');
}

/** Checks the six-digit code; a correct one turns the pending session into a full one. */
export function verifyTotp(code: string): Promise<AuthResult<Session>> {
  return call<Session>('POST', '/v1/auth/totp', { body: { code } });
}

/** The current session, or a 401 problem when there is none. */
export function getSession(): Promise<AuthResult<Session>> {
  return call<Session>('GET', '/v1/auth/session');
}

export function signOut(csrfToken: string | undefined): Promise<AuthResult<void>> {
  return call<void>('POST', '/v1/auth/sign-out', csrfToken ? { csrfToken } : {});
}

export const authApi = { signIn, startTotpEnrolment, verifyTotp, getSession, signOut };
export type AuthApi = typeof authApi;
