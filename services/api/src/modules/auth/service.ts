import { permissionsOfRoles, isRole, type Role } from '@threefold/domain';
import { sessions, signInThrottle, staffUsers, type Database } from '@threefold/db';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { UserPrincipal } from '../../auth/principal.js';
import { decoy, randomToken, sha256, totp, verifySecret } from '../../auth/secrets.js';
import type { Config } from '../../config.js';
import { AppProblem } from '../../errors.js';

export const SESSION_COOKIE = 'tf_session';

export interface SessionRow {
  id: string;
  userId: string;
  state: 'awaiting_totp' | 'active';
  csrfToken: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  lastSeenAt: Date;
}

export interface SessionView {
  principal: UserPrincipal;
  session: SessionRow;
  email: string;
}

const invalidCredentials = () =>
  new AppProblem(401, 'invalid_credentials', 'Sign-in failed', 'The email address or password is not right.');

/** How long an account or address is held back after repeated failures: doubling, capped at an hour. */
export function backoffSeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(3600, 30 * 2 ** (failures - freeFailures));
}

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {}

  private async throttled(keys: string[]): Promise<number> {
    const rows = await this.db
      .select({ blockedUntil: signInThrottle.blockedUntil })
      .from(signInThrottle)
      .where(inArray(signInThrottle.key, keys));
    const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
    return Math.max(0, Math.ceil((until - Date.now()) / 1000));
  }

  private async refuseWhileHeldBack(keys: string[], what: string): Promise<void> {
    const wait = await this.throttled(keys);
    if (wait > 0) {
      throw new AppProblem(
        429,
        'rate_limited',
        'Too many attempts',
        `Too many ${what}. Try again in ${wait} seconds.`,
        undefined,
        {
          'retry-after': String(wait),
        },
      );
    }
  }

  private async recordFailure(keys: string[]): Promise<void> {
    for (const key of keys) {
      // An address may be a whole office behind one NAT, so it gets ten times an account's allowance.
      const free = this.config.SIGN_IN_FREE_FAILURES * (key.startsWith('ip:') ? 10 : 1);
      // Counts reset after a quiet quarter of an hour.
      await this.db.execute(sql`
        insert into sign_in_throttle (key, failures, first_failure_at, blocked_until)
        values (${key}, 1, now(), null)
        on conflict (key) do update set
          failures = case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then 1 else sign_in_throttle.failures + 1 end,
          first_failure_at = case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then now() else sign_in_throttle.first_failure_at end,
          blocked_until = case
            when (case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then 1 else sign_in_throttle.failures + 1 end) >= ${free}
            then now() + make_interval(secs => least(3600, 30 * power(2, (case when sign_in_throttle.first_failure_at < now() - interval '15 minutes' then 1 else sign_in_throttle.failures + 1 end) - ${free})))
            else null end`);
    }
  }

  private async clearFailures(email: string): Promise<void> {
    await this.db.delete(signInThrottle).where(eq(signInThrottle.key, `email:${email}`));
  }

  /**
   * Step one: email and password. Unknown account and wrong password get the same answer after
   * the same work. Success opens a session that can do nothing until the TOTP step.
   */
  async signIn(emailInput: string, password: string, ip: string, userAgent: string | undefined) {
    const email = emailInput.trim().toLowerCase();
    const keys = [`email:${email}`, `ip:${ip}`];
    await this.refuseWhileHeldBack(keys, 'failed sign-ins');
    const [user] = await this.db
      .select()
      .from(staffUsers)
      .where(sql`lower(${staffUsers.email}) = ${email}`)
      .limit(1);
    const ok = await verifySecret(user?.passwordHash ?? (await decoy()), password);
    if (!user || !ok || user.disabledAt) {
      await this.recordFailure(keys);
      throw invalidCredentials();
    }
    await this.clearFailures(email);
    const token = randomToken();
    const now = Date.now();
    const [session] = await this.db
      .insert(sessions)
      .values({
        tokenHash: sha256(token),
        userId: user.id,
        state: 'awaiting_totp',
        csrfToken: randomToken(24),
        idleExpiresAt: new Date(now + 5 * 60_000),
        absoluteExpiresAt: new Date(now + 5 * 60_000),
        ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      })
      .returning();
    return {
      token,
      session: session!,
      next: user.totpSecret && user.totpEnrolledAt ? ('totp' as const) : ('enrol-totp' as const),
    };
  }

  /** A pending session's account: enrolment hands out a fresh secret until the first code confirms it. */
  async beginEnrolment(pending: SessionView) {
    const [user] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, pending.session.userId));
    if (!user || user.totpEnrolledAt) {
      throw new AppProblem(409, 'already_enrolled', 'Already enrolled', 'This account already has an authenticator.');
    }
    const secret = totp.newSecret();
    await this.db
      .update(staffUsers)
      .set({ totpSecret: secret, updatedAt: new Date() })
      .where(eq(staffUsers.id, user.id));
    const otpauthUri = totp.uri(secret, user.email);
    return { otpauthUri, qrCodeSvg: await totp.qrSvg(otpauthUri), secret };
  }

  /** Step two: the code from the authenticator turns the pending session into a working one. */
  async completeTotp(pending: SessionView, code: string, ip: string): Promise<SessionRow> {
    const keys = [`totp:${pending.session.userId}`, `ip:${ip}`];
    await this.refuseWhileHeldBack(keys, 'wrong codes');
    const [user] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, pending.session.userId));
    const step = user?.totpSecret ? await totp.check(user.totpSecret, code, user.totpLastStep) : null;
    if (!user || step === null || user.disabledAt) {
      await this.recordFailure(keys);
      throw new AppProblem(
        401,
        'invalid_code',
        'Code not accepted',
        'That code is not right or has already been used.',
      );
    }
    const now = Date.now();
    return this.db.transaction(async (tx) => {
      await tx
        .update(staffUsers)
        .set({ totpLastStep: step, totpEnrolledAt: user.totpEnrolledAt ?? new Date(), updatedAt: new Date() })
        .where(eq(staffUsers.id, user.id));
      const [active] = await tx
        .update(sessions)
        .set({
          state: 'active',
          csrfToken: randomToken(24),
          lastSeenAt: new Date(now),
          idleExpiresAt: new Date(now + this.config.SESSION_IDLE_MINUTES * 60_000),
          absoluteExpiresAt: new Date(now + this.config.SESSION_ABSOLUTE_HOURS * 3_600_000),
        })
        .where(and(eq(sessions.id, pending.session.id), eq(sessions.state, 'awaiting_totp')))
        .returning();
      if (!active) throw new AppProblem(401, 'unauthenticated', 'Sign-in required', 'Start signing in again.');
      return active as SessionRow;
    });
  }

  /** The session behind a cookie token, if it is still alive; sliding idle expiry. */
  async resolve(token: string): Promise<SessionView | null> {
    const rows = await this.db.execute<{
      id: string;
      user_id: string;
      state: 'awaiting_totp' | 'active';
      csrf_token: string;
      idle_expires_at: Date;
      absolute_expires_at: Date;
      last_seen_at: Date;
      email: string;
      display_name: string;
      roles: string[];
      delegated_weekly_limit_pence: number | null;
      team_ids: string[];
    }>(sql`
      select s.id, s.user_id, s.state, s.csrf_token, s.idle_expires_at, s.absolute_expires_at, s.last_seen_at,
             u.email, u.display_name, u.roles, u.delegated_weekly_limit_pence,
             array(select team_id::text from team_members m where m.user_id = u.id) as team_ids
        from sessions s join staff_users u on u.id = s.user_id
       where s.token_hash = ${sha256(token)}
         and u.disabled_at is null
         and s.idle_expires_at > now() and s.absolute_expires_at > now()`);
    const row = rows.rows[0];
    if (!row) return null;
    let idleExpiresAt = new Date(row.idle_expires_at);
    // Slide the idle window at most once a minute, to keep reads from writing on every request.
    if (row.state === 'active' && Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
      idleExpiresAt = new Date(
        Math.min(Date.now() + this.config.SESSION_IDLE_MINUTES * 60_000, new Date(row.absolute_expires_at).getTime()),
      );
      await this.db.update(sessions).set({ lastSeenAt: new Date(), idleExpiresAt }).where(eq(sessions.id, row.id));
    }
    const roles = row.roles.filter(isRole) as Role[];
    return {
      email: row.email,
      session: {
        id: row.id,
        userId: row.user_id,
        state: row.state,
        csrfToken: row.csrf_token,
        idleExpiresAt,
        absoluteExpiresAt: new Date(row.absolute_expires_at),
        lastSeenAt: new Date(row.last_seen_at),
      },
      principal: {
        kind: 'user',
        userId: row.user_id,
        sessionId: row.id,
        displayName: row.display_name,
        roles,
        teamIds: row.team_ids,
        delegatedWeeklyLimitPence: row.delegated_weekly_limit_pence,
        permissions: permissionsOfRoles(roles),
      },
    };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, sessionId));
  }

  async endAllSessions(userId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.userId, userId));
  }

  async purgeExpired(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.absoluteExpiresAt, new Date()));
  }
}
