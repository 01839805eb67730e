import { randomBytes } from 'node:crypto';
import type { Role } from '@threefold/domain';
import { machineClients, staffUsers, teamMembers, type DbClient } from '@threefold/db';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { hashSecret, totp } from '../../src/auth/secrets.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string;
}

/** A colleague with a password and an enrolled authenticator, straight into the database. */
export async function createStaffUser(
  db: DbClient,
  options: {
    roles: Role[];
    email?: string;
    teamIds?: string[];
    delegatedWeeklyLimitPence?: number | null;
    enrolled?: boolean;
  } = {
    roles: ['practitioner'],
  },
): Promise<TestUser> {
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const secret = totp.newSecret();
  const email = options.email ?? `colleague.${randomBytes(4).toString('hex')}@practice.example`;
  const [row] = await db.db
    .insert(staffUsers)
    .values({
      email,
      displayName: `Test ${options.roles.join(' ')}`,
      passwordHash: await hashSecret(password),
      roles: options.roles,
      totpSecret: options.enrolled === false ? null : secret,
      totpEnrolledAt: options.enrolled === false ? null : new Date(),
      delegatedWeeklyLimitPence: options.delegatedWeeklyLimitPence ?? null,
    })
    .returning();
  for (const teamId of options.teamIds ?? []) await db.db.insert(teamMembers).values({ teamId, userId: row!.id });
  return { id: row!.id, email, password, totpSecret: secret };
}

export interface SignedIn {
  user: TestUser;
  csrfToken: string;
  cookie: string;
  /** Cookie and CSRF token, for `app.inject({ headers })`. */
  headers: Record<string, string>;
  /** The authenticator code this sign-in spent. */
  code: string;
}

function cookieFrom(setCookie: string | string[] | undefined): string {
  const first = [setCookie ?? []].flat()[0] ?? '';
  return first.split(';')[0]!;
}

/** Signs in through the real two steps: password, then the current TOTP code. */
export async function signInAs(
  app: FastifyInstance,
  db: DbClient,
  who: { roles: Role[]; teamIds?: string[]; delegatedWeeklyLimitPence?: number | null } | TestUser,
): Promise<SignedIn> {
  const user = 'password' in who ? who : await createStaffUser(db, who);
  const first = await app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { email: user.email, password: user.password },
  });
  if (first.statusCode !== 200) throw new Error(`sign-in failed: ${first.statusCode} ${first.body}`);
  const cookie = cookieFrom(first.headers['set-cookie']);
  const code = await totp.now(user.totpSecret);
  const second = await app.inject({ method: 'POST', url: '/v1/auth/totp', headers: { cookie }, payload: { code } });
  if (second.statusCode !== 200) throw new Error(`totp failed: ${second.statusCode} ${second.body}`);
  const csrfToken = second.json().csrfToken as string;
  // The session's token is renewed when the second factor completes.
  const active = cookieFrom(second.headers['set-cookie']);
  return { user, csrfToken, cookie: active, headers: { cookie: active, 'x-csrf-token': csrfToken }, code };
}

export interface TestClient {
  id: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export async function createMachineClient(
  db: DbClient,
  options: { kind: 'council' | 'partner'; scopes: string[]; organisationId?: string; rateLimitPerMinute?: number },
): Promise<TestClient> {
  const clientSecret = `tfs_${randomBytes(24).toString('base64url')}`;
  const [row] = await db.db
    .insert(machineClients)
    .values({
      clientId: `tfc_${randomBytes(8).toString('hex')}`,
      name: `Test ${options.kind}`,
      kind: options.kind,
      organisationId: options.organisationId ?? null,
      scopes: options.scopes,
      secretHash: await hashSecret(clientSecret),
      ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    })
    .returning();
  return { id: row!.id, clientId: row!.clientId, clientSecret, scopes: options.scopes };
}

/** A bearer token from the real token endpoint. */
export async function tokenFor(
  app: FastifyInstance,
  client: TestClient,
  scope?: string,
): Promise<{ token: string; headers: Record<string, string> }> {
  const res = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      ...(scope ? { scope } : {}),
    },
  });
  if (res.statusCode !== 200) throw new Error(`token failed: ${res.statusCode} ${res.body}`);
  const token = res.json().access_token as string;
  return { token, headers: { authorization: `Bearer ${token}` } };
}

export async function disableUser(db: DbClient, id: string): Promise<void> {
  await db.db.update(staffUsers).set({ disabledAt: new Date() }).where(eq(staffUsers.id, id));
}
