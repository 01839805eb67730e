/**
 * Talking to the real API from Node, for the browser tests' setup: signing in (password, then a
 * TOTP code computed with otplib from the account's secret), and making colleagues and teams as
 * an administrator. Nothing here reaches into the database: every account is made the way a
 * practice makes one.
 */
import { generate } from 'otplib';

const STEP_SECONDS = 30;

/** A staff session as the API gave it: the cookie to send back and the CSRF token for writes. */
export interface ApiSession {
  cookie: string;
  csrfToken: string;
}

/**
 * An account's authenticator, as the tests keep it. The API accepts each 30-second step once per
 * account (replay protection), so every code for one account must come from one of these.
 */
export interface Authenticator {
  secret: string;
  /** The last step a code was made for; the next code must be for a later one. */
  lastStep: number;
}

export function authenticator(secret: string): Authenticator {
  return { secret: secret.replace(/\s+/g, ''), lastStep: 0 };
}

/**
 * A code the API will accept now and has not seen: for the current step, or, when that was
 * used already, the next one (the API allows one step of clock drift). Waits only when even that
 * is taken.
 */
export async function nextCode(account: Authenticator): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    const step = Math.max(now, account.lastStep + 1);
    if (step <= now + 1) {
      account.lastStep = step;
      return generate({ secret: account.secret, epoch: step * STEP_SECONDS });
    }
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * STEP_SECONDS * 1000 - Date.now() + 50));
  }
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; session?: ApiSession; cookie?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; response: Response }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const cookie = options.session?.cookie ?? options.cookie;
  if (cookie) headers.cookie = cookie;
  if (options.session && method !== 'GET') headers['x-csrf-token'] = options.session.csrfToken;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, response };
}

function expectStatus(answer: { status: number; body: unknown }, expected: number, what: string) {
  if (answer.status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

function sessionCookie(response: Response): string {
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .find((pair) => pair.startsWith('tf_session='));
  if (!cookie) throw new Error('the API set no session cookie');
  return cookie;
}

/**
 * Signs in over the API. For an account with no authenticator yet, enrols one and returns it;
 * otherwise `account` must be the one enrolled before.
 */
export async function signInOverApi(
  baseUrl: string,
  credentials: { email: string; password: string },
  account?: Authenticator,
): Promise<{ session: ApiSession; account: Authenticator }> {
  const step1 = await call(baseUrl, 'POST', '/v1/auth/sign-in', {
    body: { email: credentials.email, password: credentials.password },
  });
  expectStatus(step1, 200, `sign-in of ${credentials.email}`);
  const cookie = sessionCookie(step1.response);
  let enrolled = account;
  if ((step1.body as { next: string }).next === 'enrol-totp') {
    const enrolment = await call(baseUrl, 'POST', '/v1/auth/totp/enrolment', { cookie });
    expectStatus(enrolment, 200, `authenticator enrolment of ${credentials.email}`);
    enrolled = authenticator((enrolment.body as { secret: string }).secret);
  }
  if (!enrolled) throw new Error(`${credentials.email} has an authenticator the tests do not know`);
  const step2 = await call(baseUrl, 'POST', '/v1/auth/totp', { cookie, body: { code: await nextCode(enrolled) } });
  expectStatus(step2, 200, `code of ${credentials.email}`);
  // The session's token is renewed when the second factor completes.
  const renewed = sessionCookie(step2.response);
  return {
    session: { cookie: renewed, csrfToken: (step2.body as { csrfToken: string }).csrfToken },
    account: enrolled,
  };
}

/** GET /v1/auth/session with a session cookie: 200 while it lives, 401 once it has ended. */
export async function sessionStatus(baseUrl: string, session: ApiSession): Promise<number> {
  return (await call(baseUrl, 'GET', '/v1/auth/session', { cookie: session.cookie })).status;
}

export interface Colleague {
  id: string;
  email: string;
  displayName: string;
  password: string;
  roles: string[];
}

let made = 0;

/** A new colleague, added by an administrator, with a unique address and a first password. */
export async function addColleague(
  baseUrl: string,
  admin: ApiSession,
  options: { displayName: string; roles: string[]; teamIds?: string[] },
): Promise<Colleague> {
  made += 1;
  const slug = options.displayName.toLowerCase().replace(/[^a-z]+/g, '.');
  const email = `${slug}.${Date.now().toString(36)}${made}@example.org`;
  const password = `first-password-${Math.random().toString(36).slice(2, 10)}`;
  const answer = await call(baseUrl, 'POST', '/v1/admin/users', {
    session: admin,
    body: { email, displayName: options.displayName, password, roles: options.roles, teamIds: options.teamIds ?? [] },
  });
  expectStatus(answer, 201, `adding ${email}`);
  return {
    id: (answer.body as { id: string }).id,
    email,
    displayName: options.displayName,
    password,
    roles: options.roles,
  };
}

export async function createTeam(
  baseUrl: string,
  admin: ApiSession,
  name: string,
): Promise<{ id: string; name: string }> {
  const answer = await call(baseUrl, 'POST', '/v1/admin/teams', { session: admin, body: { name } });
  expectStatus(answer, 201, `creating team ${name}`);
  return answer.body as { id: string; name: string };
}

/** PATCH a colleague's account as another administrator would, behind this page's back. */
export async function changeColleagueElsewhere(
  baseUrl: string,
  admin: ApiSession,
  id: string,
  changes: Record<string, unknown>,
): Promise<void> {
  const current = await call(baseUrl, 'GET', `/v1/admin/users/${id}`, { session: admin });
  expectStatus(current, 200, `reading colleague ${id}`);
  const etag = current.response.headers.get('etag') ?? '';
  const answer = await call(baseUrl, 'PATCH', `/v1/admin/users/${id}`, {
    session: admin,
    body: changes,
    headers: { 'if-match': etag },
  });
  expectStatus(answer, 200, `changing colleague ${id}`);
}

/**
 * Records a person over the API, as a colleague with `people:write` would (an administrator may
 * only read people). Likely duplicates are confirmed as different people, so a rerun against the
 * same database still records them.
 */
export async function createPerson(
  baseUrl: string,
  session: ApiSession,
  person: { givenName: string; familyName: string; dateOfBirth?: string; [field: string]: unknown },
): Promise<{ id: string; givenName: string; familyName: string; version: number }> {
  const answer = await call(baseUrl, 'POST', '/v1/people', {
    session,
    body: { ...person, confirmNotDuplicate: true },
  });
  expectStatus(answer, 201, `recording ${person.givenName} ${person.familyName}`);
  return answer.body as { id: string; givenName: string; familyName: string; version: number };
}

/** Corrects a person's record behind the page's back, as a colleague elsewhere would. */
export async function correctPersonElsewhere(
  baseUrl: string,
  session: ApiSession,
  id: string,
  changes: Record<string, unknown>,
): Promise<void> {
  const current = await call(baseUrl, 'GET', `/v1/people/${id}`, { session });
  expectStatus(current, 200, `reading person ${id}`);
  const answer = await call(baseUrl, 'PATCH', `/v1/people/${id}`, {
    session,
    body: changes,
    headers: { 'if-match': current.response.headers.get('etag') ?? '' },
  });
  expectStatus(answer, 200, `correcting person ${id}`);
}

/**
 * One API call for a test's setup (the journey under test happens in the browser): as a
 * signed-in colleague (cookie and CSRF token) or a machine client (bearer token). Throws on any
 * answer that is not a success, so setup never goes on from a half-made state.
 */
export async function apiCall(
  baseUrl: string,
  method: string,
  path: string,
  auth: { session?: ApiSession; bearer?: string },
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ json: Record<string, any>; etag: string }> {
  const answer = await call(baseUrl, method, path, {
    body,
    session: auth.session,
    headers: { ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}), ...headers },
  });
  if (!answer.response.ok) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { json: (answer.body ?? {}) as Record<string, any>, etag: answer.response.headers.get('etag') ?? '' };
}
