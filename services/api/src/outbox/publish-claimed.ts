import type { Database, Tx } from '@threefold/db';
import { recordEvents, type NewEvent } from './record-event.js';

/**
 * Claim, then publish once: `claim` marks a batch of rows announced (typically `update … where id
 * in (select … for update skip locked) returning …`), and each claimed row's event is recorded in
 * the same transaction. A row is therefore announced once, whichever instance runs when; if the
 * events cannot be written, the claim rolls back with them. Returns how many were claimed.
 */
export async function publishClaimed<R>(
  db: Database,
  claim: (tx: Tx) => Promise<R[]>,
  eventOf: (row: R) => NewEvent,
): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await claim(tx);
    await recordEvents(tx, claimed.map(eventOf));
    return claimed.length;
  });
}
