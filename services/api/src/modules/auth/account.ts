import { sessions, staffUsers, type Database } from '@threefold/db';
import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { hashSecret, verifySecret } from '../../auth/secrets.js';
import { FailureThrottle } from '../../auth/throttle.js';
import type { Config } from '../../config.js';
import { AppProblem, notFound } from '../../errors.js';

type SessionRow = typeof sessions.$inferSelect;

export function sessionSummary(row: SessionRow, currentSessionId: string | null) {
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

  /** Every live session of an account, newest first. */
  async listSessions(userId: string, currentSessionId: string | null) {
    const rows = await this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          gt(sessions.idleExpiresAt, sql`now()`),
          gt(sessions.absoluteExpiresAt, sql`now()`),
        ),
      )
      .orderBy(desc(sessions.lastSeenAt))
      .limit(100);
    return { items: rows.map((r) => sessionSummary(r, currentSessionId)) };
  }

  /** Ends one of the account's own sessions; another account's session is not found. */
  async endSession(userId: string, sessionId: string): Promise<void> {
    const ended = await this.db
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
      .returning({ id: sessions.id });
    if (ended.length === 0) throw notFound('session');
  }

  /** Ends every session of an account, or every one but `keep`. Returns how many ended. */
  async endSessions(userId: string, keep?: string): Promise<number> {
    const ended = await this.db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined))
      .returning({ id: sessions.id });
    return ended.length;
  }

  /**
   * A colleague changes their own password, proving the current one (also the one-time
   * password an administrator set). Every other session of the account ends.
   */
  async changePassword(userId: string, sessionId: string, current: string, next: string): Promise<void> {
    const key = `password:${userId}`;
    await this.throttle.refuseWhileHeldBack([key], 'wrong passwords');
    const [user] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, userId));
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
      await tx
        .update(staffUsers)
        .set({
          passwordHash,
          passwordMustChange: false,
          version: sql`${staffUsers.version} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(staffUsers.id, userId));
      await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, sessionId)));
    });
    await this.throttle.clear(key);
  }
}
