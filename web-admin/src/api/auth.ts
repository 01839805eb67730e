import type { Schemas } from '@threefold/api-client';
import { createBaseClient } from './client';
import { settle, type ApiResult } from './result';

export type Session = Schemas['Session'];
export type SessionUser = Schemas['SessionUser'];
/** What the colleague must do after a correct password. */
export type SignInNext = Schemas['SignInStep']['next'];
export type SignInAnswer = Schemas['SignInStep'];
/** `qrCodeSvg` is an SVG document: render it as an image, never as markup. */
export type TotpEnrolment = Schemas['TotpEnrolment'];
export type AuthResult<T> = ApiResult<T>;

/**
 * The sign-in calls use a client of their own: before sign-in there is no CSRF token, and a 401
 * here is an answer to show ("wrong code"), not a sign that a session ended.
 */
const client = () => createBaseClient();

/** Checks the password. On success the API sets a pending session cookie and says what comes next. */
export function signIn(email: string, password: string): Promise<AuthResult<SignInAnswer>> {
  return settle(client().POST('/v1/auth/sign-in', { body: { email, password } }));
}

/** For a colleague without an authenticator yet: a new secret and its QR code. */
export function startTotpEnrolment(): Promise<AuthResult<TotpEnrolment>> {
  return settle(client().POST('/v1/auth/totp/enrolment'));
}

/** Checks the six-digit code; a correct one turns the pending session into a full one. */
export function verifyTotp(code: string): Promise<AuthResult<Session>> {
  return settle(client().POST('/v1/auth/totp', { body: { code } }));
}

/** The current session, or a 401 problem when there is none. */
export function getSession(): Promise<AuthResult<Session>> {
  return settle(client().GET('/v1/auth/session', { cache: 'no-store' }));
}

/** Ends the session; an active session's sign-out needs its CSRF token. */
export function signOut(csrfToken: string | undefined): Promise<AuthResult<void>> {
  return settle(
    client().POST('/v1/auth/sign-out', csrfToken ? { headers: { 'x-csrf-token': csrfToken } } : {}),
  ) as Promise<AuthResult<void>>;
}

export const authApi = { signIn, startTotpEnrolment, verifyTotp, getSession, signOut };
export type AuthApi = typeof authApi;
