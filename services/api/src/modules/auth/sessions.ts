import type { DbOrTx } from '@threefold/db';
import { forgetPrincipal } from '../../auth/principal-cache.js';
import { authRepository } from './repository.js';

/**
 * Ends every session of an account, or every one but `keep`, in the caller's transaction; how
 * many ended. The auth module owns `sessions`: staff administration (disabling an account, a
 * reset) ends them through this.
 */
export const endSessionsOf = (tx: DbOrTx, userId: string, keep?: string): Promise<number> => {
  // This process forgets the account's cached sessions now; other instances on the commit's notification.
  forgetPrincipal(`user:${userId}`);
  return authRepository.deleteSessionsOf(tx, userId, keep);
};
