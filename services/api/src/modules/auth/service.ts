import { permissionsOfRoles, isRole, type Permission, type Role } from '@threefold/domain';
import type { Database } from '@threefold/db';
import type { UserPrincipal } from '../../auth/principal.js';
import { decoy, randomToken, sha256, totp, verifySecret } from '../../auth/secrets.js';
import { FailureThrottle, tooManyAttempts } from '../../auth/throttle.js';
import type { Config } from '../../config.js';
import { AppProblem } from '../../errors.js';
import type { Clock } from '../../platform/actor.js';
import { authRepository as repo } from './repository.js';
import { claimTotpStep, setTotpSecret } from '../staff/credentials.js';
import { endSessionsOf } from './sessions.js';
import { forgetPrincipal, type ExpiringLru } from '../../auth/principal-cache.js';
import type { LiveSessionRow } from './repository.js';

/** Sessions resolved in the last few seconds, by token hash; consulted only while `live()`. */
export interface SessionCache {
  rows: ExpiringLru<LiveSessionRow>;
  live: () => boolean;
}

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
  /** An administrator reset the password: until it is changed the session may only do that. */
  passwordMustChange: boolean;
}

/** A session row's times in ms, worked out once per row (a cached row is read on every request). */
const rowTimes = new WeakMap<LiveSessionRow, { idle: number; absolute: number; seen: number }>();
function timesOf(row: LiveSessionRow) {
  let times = rowTimes.get(row);
  if (!times) {
    times = {
      idle: new Date(row.idle_expires_at).getTime(),
      absolute: new Date(row.absolute_expires_at).getTime(),
      seen: new Date(row.last_seen_at).getTime(),
    };
    rowTimes.set(row, times);
  }
  return times;
}

/** The view of a session row, kept with the row while the row is cached. */
const views = new WeakMap<LiveSessionRow, SessionView>();

function sessionViewOf(row: LiveSessionRow): SessionView {
  const roles = row.roles.filter(isRole) as Role[];
  return {
    email: row.email,
    passwordMustChange: row.password_must_change,
    session: {
      id: row.id,
      userId: row.user_id,
      state: row.state,
      csrfToken: row.csrf_token,
      idleExpiresAt: new Date(row.idle_expires_at),
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
      // A one-time password opens nothing but the change of password (and the session itself).
      permissions: row.password_must_change ? new Set<Permission>(['session:self']) : permissionsOfRoles(roles),
    },
  };
}

const invalidCredentials = () =>
  new AppProblem(401, 'invalid_credentials', 'Sign-in failed', 'The email address or password is not right.');

/**
 * Sign-in back-off (ASVS 5 V6.3.1, V6.3.2): failures are counted per account-and-address pair
 * (the usual allowance) and per address (twenty times that, for an office behind one NAT).
 * A failing pair is held back; a failing address is held back except for an account that has
 * completed sign-in from it before. Nothing is counted per account alone, so nobody can lock a
 * colleague out from elsewhere: the right password and a valid code from an address that has
 * not been failing are always accepted.
 */
const ADDRESS_ALLOWANCE_FACTOR = 20;

/**
 * Sign-in and the sessions it opens. Nobody is acting yet when these run (sign-in, resolving a
 * cookie, housekeeping), so the time comes from the app's clock, given as `now`.
 */
export class AuthService {
  private readonly throttle: FailureThrottle;
  private cache: SessionCache | undefined;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly now: Clock,
  ) {
    this.throttle = new FailureThrottle(db);
  }

  /** Serve session checks from `cache` while it is live (see `PrincipalInvalidation`). */
  useCache(cache: SessionCache): void {
    this.cache = cache;
  }

  /** Refuses a held-back pair; a held-back address only for accounts never signed in from it. */
  private async refuseWhileHeldBack(pairKey: string, ip: string, userId: string | undefined, what: string) {
    const pairWait = await this.throttle.waitSeconds([pairKey]);
    if (pairWait > 0) throw tooManyAttempts(pairWait, what);
    const addressWait = await this.throttle.waitSeconds([`ip:${ip}`]);
    if (addressWait > 0) {
      const known = userId ? await repo.isKnownAddress(this.db, userId, ip) : false;
      if (!known) throw tooManyAttempts(addressWait, what);
    }
  }

  private async recordFailure(pairKey: string, ip: string): Promise<void> {
    await this.throttle.recordFailure(pairKey, this.config.SIGN_IN_FREE_FAILURES);
    await this.throttle.recordFailure(`ip:${ip}`, this.config.SIGN_IN_FREE_FAILURES * ADDRESS_ALLOWANCE_FACTOR);
  }

  /**
   * Step one: email and password. Unknown account and wrong password get the same answer after
   * the same work. Success opens a session that can do nothing until the TOTP step.
   */
  async signIn(emailInput: string, password: string, ip: string, userAgent: string | undefined) {
    const email = emailInput.trim().toLowerCase();
    const pairKey = `pair:${email}|${ip}`;
    const user = await repo.userByEmail(this.db, email);
    await this.refuseWhileHeldBack(pairKey, ip, user?.id, 'failed sign-ins');
    const ok = await verifySecret(user?.passwordHash ?? (await decoy()), password);
    if (!user || !ok || user.disabledAt) {
      await this.recordFailure(pairKey, ip);
      throw invalidCredentials();
    }
    await this.throttle.clear(pairKey);
    const token = randomToken();
    const now = this.now().getTime();
    const session = await repo.insertSession(this.db, {
      tokenHash: sha256(token),
      userId: user.id,
      state: 'awaiting_totp',
      csrfToken: randomToken(24),
      idleExpiresAt: new Date(now + 5 * 60_000),
      absoluteExpiresAt: new Date(now + 5 * 60_000),
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return {
      token,
      session,
      next: user.totpSecret && user.totpEnrolledAt ? ('totp' as const) : ('enrol-totp' as const),
    };
  }

  /** A pending session's account: enrolment hands out a fresh secret until the first code confirms it. */
  async beginEnrolment(pending: SessionView) {
    const user = await repo.user(this.db, pending.session.userId);
    if (!user || user.totpEnrolledAt) {
      throw new AppProblem(409, 'already_enrolled', 'Already enrolled', 'This account already has an authenticator.');
    }
    const secret = totp.newSecret();
    await setTotpSecret(this.db, user.id, secret, this.now());
    const otpauthUri = totp.uri(secret, user.email);
    return { otpauthUri, qrCodeSvg: await totp.qrSvg(otpauthUri), secret };
  }

  /**
   * Step two: the code from the authenticator turns the pending session into a working one,
   * under a new token (the pre-authentication token stops working: no session fixation).
   * A code works once: the step is recorded only if it is later than the last one accepted,
   * in one conditional update, so concurrent requests with the same code cannot both pass.
   */
  async completeTotp(pending: SessionView, code: string, ip: string): Promise<{ session: SessionRow; token: string }> {
    const userId = pending.session.userId;
    const pairKey = `totp:${userId}|${ip}`;
    await this.refuseWhileHeldBack(pairKey, ip, userId, 'wrong codes');
    const user = await repo.user(this.db, userId);
    const step = user?.totpSecret ? await totp.check(user.totpSecret, code, user.totpLastStep) : null;
    const refused = () =>
      new AppProblem(401, 'invalid_code', 'Code not accepted', 'That code is not right or has already been used.');
    if (!user || step === null || user.disabledAt) {
      await this.recordFailure(pairKey, ip);
      throw refused();
    }
    const at = this.now();
    const now = at.getTime();
    const token = randomToken();
    const secret = user.totpSecret!;
    const active = await this.db.transaction(async (tx) => {
      const claimed = await claimTotpStep(
        tx,
        { id: user.id, totpSecret: secret, totpEnrolledAt: user.totpEnrolledAt },
        step,
        at,
      );
      if (!claimed) throw refused();
      const row = await repo.activateSession(tx, pending.session.id, {
        tokenHash: sha256(token),
        csrfToken: randomToken(24),
        lastSeenAt: at,
        idleExpiresAt: new Date(now + this.config.SESSION_IDLE_MINUTES * 60_000),
        absoluteExpiresAt: new Date(now + this.config.SESSION_ABSOLUTE_HOURS * 3_600_000),
      });
      if (!row) throw new AppProblem(401, 'unauthenticated', 'Sign-in required', 'Start signing in again.');
      await repo.rememberAddress(tx, user.id, ip);
      return row as SessionRow;
    });
    // The first-step token stops working here at once (elsewhere on the commit's notification).
    forgetPrincipal(`user:${user.id}`);
    await this.throttle.clear(pairKey);
    return { session: active, token };
  }

  /**
   * The session behind a cookie token, if it is still alive; sliding idle expiry. A session seen in
   * the last few seconds is answered from the cache, which every change that could end or narrow it
   * empties (sign-out, disabling, roles, teams: see migration 0029); expiry is checked here either way.
   */
  async resolve(token: string): Promise<SessionView | null> {
    const at = this.now();
    const now = at.getTime();
    const hash = sha256(token);
    const cache = this.cache?.live() ? this.cache : undefined;
    const key = cache ? hash.toString('base64') : '';
    let row = cache?.rows.get(key);
    if (row) {
      const times = timesOf(row);
      if (!(times.idle > now && times.absolute > now)) {
        cache!.rows.delete(key);
        row = undefined;
      }
    }
    if (!row) {
      row = await repo.liveSessionByTokenHash(this.db, hash, at);
      if (!row) return null;
      cache?.rows.set(key, `user:${row.user_id}`, row);
    }
    // Slide the idle window at most once a minute, to keep reads from writing on every request.
    const times = timesOf(row);
    if (row.state === 'active' && now - times.seen > 60_000) {
      const idleExpiresAt = new Date(Math.min(now + this.config.SESSION_IDLE_MINUTES * 60_000, times.absolute));
      await repo.touchSession(this.db, row.id, at, idleExpiresAt);
      row = { ...row, last_seen_at: at, idle_expires_at: idleExpiresAt };
      cache?.rows.set(key, `user:${row.user_id}`, row);
    }
    // A cached row answers with the view built from it the first time (nothing in it changes).
    const built = views.get(row);
    if (built) return built;
    const view = sessionViewOf(row);
    views.set(row, view);
    return view;
  }

  async signOut(sessionId: string, userId?: string): Promise<void> {
    await repo.deleteSession(this.db, sessionId);
    if (userId) forgetPrincipal(`user:${userId}`);
  }

  async endAllSessions(userId: string): Promise<void> {
    await endSessionsOf(this.db, userId);
  }

  /** Housekeeping: sessions past their absolute expiry, and sign-in addresses long unused. */
  async purgeExpired(): Promise<void> {
    await repo.deleteSessionsExpiredBy(this.db, this.now());
    await repo.forgetOldAddresses(this.db);
  }
}
