import { randomInt } from 'node:crypto';
import type { Database, DbOrTx } from '@threefold/db';
import { hashSecret } from '../../auth/secrets.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { staffRepository as repo } from './repository.js';
import { forgetSignInFailures } from '../../auth/throttle.js';
import { endSessionsOf } from '../auth/sessions.js';

// No 0/O, 1/l/I: read aloud or copied from a screen without mistakes.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Sixteen characters from 55: about 92 bits, in four groups for reading out. */
export function oneTimePassword(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * Account recovery by an administrator. Each ends every session of the colleague's account and
 * is audited, in the same transaction as the change, so whoever might hold the old password or
 * authenticator is out the moment it commits.
 */
export class StaffRecovery {
  constructor(private readonly db: Database) {}

  private async change(
    actor: Actor,
    tx: DbOrTx,
    userId: string,
    set: Parameters<typeof repo.updateUser>[2],
    action: string,
  ) {
    const row = await repo.updateUser(tx, userId, set, actor.now());
    if (!row) throw notFound('user');
    await endSessionsOf(tx, userId);
    await actor.audit(tx, { action, resourceType: 'staff_user', resourceId: userId });
    return row;
  }

  /** A one-time password the colleague must change at next sign-in. */
  async resetPassword(actor: Actor, userId: string): Promise<{ temporaryPassword: string }> {
    const temporaryPassword = oneTimePassword();
    const passwordHash = await hashSecret(temporaryPassword);
    await this.db.transaction(async (tx) => {
      const row = await this.change(
        actor,
        tx,
        userId,
        { passwordHash, passwordMustChange: true },
        'staff_user.password_reset',
      );
      // Failures held against the old password no longer say anything.
      await forgetSignInFailures(tx, row.email);
    });
    return { temporaryPassword };
  }

  /** Forgets the authenticator: the colleague enrols a new one at next sign-in. */
  async resetAuthenticator(actor: Actor, userId: string): Promise<void> {
    await this.db.transaction((tx) =>
      this.change(
        actor,
        tx,
        userId,
        { totpSecret: null, totpEnrolledAt: null, totpLastStep: null },
        'staff_user.authenticator_reset',
      ),
    );
  }

  /** Ends every session of the account (a lost phone, a shared computer left signed in). */
  async endSessions(actor: Actor, userId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (!(await repo.findUser(tx, userId))) throw notFound('user');
      const ended = await endSessionsOf(tx, userId);
      await actor.audit(tx, { action: 'session.end_all', resourceType: 'staff_user', resourceId: userId });
      return ended;
    });
  }
}
