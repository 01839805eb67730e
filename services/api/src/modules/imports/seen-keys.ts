/**
 * The keys a dry run has met so far in its file (council ids, NHS numbers), kept in PostgreSQL
 * (`import_seen_keys`, unique per job, kind and key) rather than in memory, so finding duplicates
 * within a file costs the same memory at 1,000 rows as at 1,000,000.
 */
import { createHash } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import { importsRepository as repo } from './repository.js';

/** What a key is: the council's own id of the row, the person's NHS number, or the person a row is for (one open story, one live budget a person). */
export type SeenKeyKind = 'id' | 'nhsNumber' | 'person';

/**
 * Records a batch of keys (in file order) and answers, for every key in it, the first row of the
 * file it was on: an earlier batch's row if the key was met before, else its first row in this
 * batch. A row whose key's first row is not itself repeats an earlier row.
 */
export async function firstRows(
  tx: DbOrTx,
  jobId: string,
  keyKind: SeenKeyKind,
  entries: { key: string; rowNumber: number }[],
): Promise<Map<string, number>> {
  const first = new Map<string, number>();
  const stored = new Map<string, string>();
  for (const e of entries)
    if (!first.has(e.key)) {
      first.set(e.key, e.rowNumber);
      stored.set(storedKey(e.key), e.key);
    }
  if (!first.size) return first;
  const claimed = await repo.claimSeenKeys(
    tx,
    jobId,
    keyKind,
    [...stored].map(([key, original]) => ({ key, rowNumber: first.get(original)! })),
  );
  const earlier = [...stored.keys()].filter((key) => !claimed.has(key));
  if (earlier.length)
    for (const [key, rowNumber] of await repo.seenKeys(tx, jobId, keyKind, earlier))
      first.set(stored.get(key)!, rowNumber);
  return first;
}

/** A key as stored: itself, or a digest of it when too long for the table's index. */
const storedKey = (key: string): string =>
  key.length <= 200 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;

/** Forgets every key of the job's dry run (its end, or the job abandoned). */
export function forgetSeenKeys(tx: DbOrTx, jobId: string): Promise<void> {
  return repo.dropSeenKeys(tx, jobId);
}
