import { randomInt } from 'node:crypto';
import { sessions, signInThrottle, staffUsers, type Database, type Tx } from '@threefold/db';
import { eq, like, sql } from 'drizzle-orm';
import { hashSecret } from '../../auth/secrets.js';
import { notFound } from '../../errors.js';

// No 0/O, 1/l/I: read aloud or copied from a screen without mistakes.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Sixteen characters from 55: about 92 bits, in four groups for reading out. */
export function oneTimePassword(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * Account recovery by an administrator. Each ends every session of the colleague's account,
 * in the same transaction, so whoever might hold the old password or authenticator is out.
 */
export class StaffRecovery {
  constructor(private readonly db: Database) {}

  private async change(userId: string, set: Partial<typeof staffUsers.$inferInsert>, tx: Tx): Promise<void> {
    const [row] = await tx
      .update(staffUsers)
      .set({ ...set, version: sql`${staffUsers.version} + 1`, updatedAt: new Date() })
      .where(eq(staffUsers.id, userId))
      .returning({ id: staffUsers.id });
    if (!row) throw notFound('user');
    await tx.delete(sessions).where(eq(sessions.userId, userId));
  }

  /** A one-time password the colleague must change at next sign-in. */
  async resetPassword(userId: string): Promise<{ temporaryPassword: string }> {
    const temporaryPassword = oneTimePassword();
    const passwordHash = await hashSecret(temporaryPassword);
    await this.db.transaction(async (tx) => {
      await this.change(userId, { passwordHash, passwordMustChange: true }, tx);
      // Failures held against the old password no longer say anything.
      const [user] = await tx.select({ email: staffUsers.email }).from(staffUsers).where(eq(staffUsers.id, userId));
      await tx.delete(signInThrottle).where(like(signInThrottle.key, `pair:${user!.email.toLowerCase()}|%`));
    });
    return { temporaryPassword };
  }

  /** Forgets the authenticator: the colleague enrols a new one at next sign-in. */
  async resetAuthenticator(userId: string): Promise<void> {
    await this.db.transaction((tx) =>
      this.change(userId, { totpSecret: null, totpEnrolledAt: null, totpLastStep: null }, tx),
    );
  }

  /** Ends every session of the account (a lost phone, a shared computer left signed in). */
  async endSessions(userId: string): Promise<number> {
    const [user] = await this.db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, userId));
    if (!user) throw notFound('user');
    const ended = await this.db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    return ended.length;
  }
}
