import type { Database } from '@threefold/db';
import { asUser } from '../../auth/principal.js';
import { hashSecret, verifySecret } from '../../auth/secrets.js';
import { FailureThrottle } from '../../auth/throttle.js';
import type { Config } from '../../config.js';
import { AppProblem, notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { authRepository as repo, type SessionRecord } from './repository.js';
import { setPassword } from '../staff/credentials.js';
import { endSessionsOf } from './sessions.js';
import { forgetPrincipal } from '../../auth/principal-cache.js';

const colleague = (actor: Actor) => asUser(actor.principal, 'Only a signed-in colleague has an account here.');

export function sessionSummary(row: SessionRecord, currentSessionId: string | null) {
  return {
    id: row.id,
    current: row.id === currentSessionId,
    state: row.state,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    idleExpiresAt: row.idleExpiresAt.toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
  };
}

/** A colleague's own account: their sessions and their password. */
export class AccountService {
  private readonly throttle: FailureThrottle;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {
    this.throttle = new FailureThrottle(db);
  }

  /** Every live session of the colleague's account, newest first; `current` marks this one. */
  async listSessions(actor: Actor) {
    const me = colleague(actor);
    const rows = await repo.liveSessionsOf(this.db, me.userId, actor.now(), 100);
    return { items: rows.map((r) => sessionSummary(r, me.sessionId)) };
  }

  /** Ends one of the colleague's own sessions; another account's session is not found. */
  async endSession(actor: Actor, sessionId: string): Promise<void> {
    const me = colleague(actor);
    if (!(await repo.deleteSessionOf(this.db, me.userId, sessionId))) throw notFound('session');
    forgetPrincipal(`user:${me.userId}`);
    await actor.audit(this.db, { action: 'session.end', resourceType: 'staff_user', resourceId: me.userId });
  }

  /**
   * A colleague changes their own password, proving the current one (also the one-time
   * password an administrator set). Every other session of the account ends.
   */
  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const { userId, sessionId } = colleague(actor);
    const key = `password:${userId}`;
    await this.throttle.refuseWhileHeldBack([key], 'wrong passwords');
    const user = await repo.user(this.db, userId);
    if (!user || !(await verifySecret(user.passwordHash, current))) {
      await this.throttle.recordFailure(key, this.config.SIGN_IN_FREE_FAILURES);
      throw new AppProblem(
        400,
        'invalid_current_password',
        'Password not changed',
        'The current password is not right.',
        [{ in: 'body', field: 'currentPassword', pointer: '/currentPassword', message: 'is not the current password' }],
      );
    }
    if (await verifySecret(user.passwordHash, next)) {
      throw new AppProblem(
        400,
        'password_unchanged',
        'Password not changed',
        'Choose a password you have not just used.',
        [{ in: 'body', field: 'newPassword', pointer: '/newPassword', message: 'is the same as the current password' }],
      );
    }
    const passwordHash = await hashSecret(next);
    await this.db.transaction(async (tx) => {
      await setPassword(tx, userId, passwordHash, actor.now());
      await endSessionsOf(tx, userId, sessionId);
    });
    await this.throttle.clear(key);
    await actor.audit(this.db, {
      action: 'staff_user.password_change',
      resourceType: 'staff_user',
      resourceId: userId,
    });
  }
}
