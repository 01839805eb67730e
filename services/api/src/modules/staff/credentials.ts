import type { DbOrTx } from '@threefold/db';
import { staffRepository as repo } from './repository.js';

/*
 * The sign-in columns of a colleague's account. The staff module owns `staff_users`; the auth
 * module enrols authenticators, accepts codes and changes passwords through these, in its own
 * transaction.
 */

export const setTotpSecret = (tx: DbOrTx, userId: string, secret: string, now: Date): Promise<void> =>
  repo.setTotpSecret(tx, userId, secret, now);

/** True when this TOTP step is later than the last one accepted (a code works once). */
export const claimTotpStep = (
  tx: DbOrTx,
  user: { id: string; totpSecret: string; totpEnrolledAt: Date | null },
  step: number,
  now: Date,
): Promise<boolean> => repo.claimTotpStep(tx, user, step, now);

export const setPassword = (tx: DbOrTx, userId: string, passwordHash: string, now: Date): Promise<void> =>
  repo.setPassword(tx, userId, passwordHash, now);
