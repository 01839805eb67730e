import type pg from 'pg';
import { GENESIS_HASH, canonicalColumns, chainHash, chainedEventOf } from './event.js';

export type BreakKind = 'hash_mismatch' | 'event_missing' | 'position_missing';

export interface BrokenLink {
  position: number;
  /** The event the chain entry points at (null when the chain entry itself is missing). */
  seq: number | null;
  kind: BreakKind;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Chain positions checked. */
  count: number;
  /** The last position and its hash: record it elsewhere to notice the tail being cut off later. */
  tip: { position: number; hash: string } | null;
  /** The first position that does not hold, if any. */
  firstBroken: BrokenLink | null;
  /** Up to `maxBroken` broken positions, in order. */
  broken: BrokenLink[];
  /** Events older than the lag tolerance that are not chained: the chainer lags or was bypassed. */
  unchained: { count: number; oldestSeq: number | null; oldestOccurredAt: string | null };
}

export interface VerifyOptions {
  /** Unchained events younger than this are expected (the chainer runs every second). */
  lagToleranceSeconds?: number;
  pageSize?: number;
  maxBroken?: number;
}

const explain: Record<BreakKind, string> = {
  hash_mismatch: 'hash mismatch: the event (or its chain entry) was changed after it was chained',
  event_missing: 'the chain points at an event that no longer exists: the event row was deleted',
  position_missing: 'the chain skips this position: a chain entry was deleted',
};

/**
 * Recomputes the chain from position 1 and checks it against what is stored. Reports the first
 * position that does not hold and why. After a break it carries on from the stored hash, so each
 * further tampered row is reported at its own position rather than everything after the first.
 */
export async function verifyAuditChain(db: Pick<pg.Pool, 'query'>, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 5000;
  const maxBroken = options.maxBroken ?? 100;
  const broken: BrokenLink[] = [];
  let firstBroken: BrokenLink | null = null;
  let brokenCount = 0;
  const report = (link: BrokenLink) => {
    firstBroken ??= link;
    brokenCount += 1;
    if (broken.length < maxBroken) broken.push(link);
  };

  let count = 0;
  let expectedPosition = 1;
  let previousHash = GENESIS_HASH;
  let tip: VerifyReport['tip'] = null;
  for (;;) {
    const { rows } = await db.query(
      `select c.position::text as chain_position, c.seq::text as chain_seq, c.hash as chain_hash,
              e.seq is not null as present, ${canonicalColumns('e')}
         from audit_chain c left join audit_events e on e.seq = c.seq
        where c.position >= $1 order by c.position limit $2`,
      [expectedPosition, pageSize],
    );
    for (const row of rows) {
      const position = Number(row.chain_position);
      const seq = Number(row.chain_seq);
      for (; expectedPosition < position; expectedPosition++) {
        report({ position: expectedPosition, seq: null, kind: 'position_missing', detail: explain.position_missing });
      }
      if (!row.present) {
        report({ position, seq, kind: 'event_missing', detail: `${explain.event_missing} (seq ${seq})` });
      } else if (chainHash(previousHash, chainedEventOf(row)) !== row.chain_hash) {
        report({ position, seq, kind: 'hash_mismatch', detail: `${explain.hash_mismatch} (seq ${seq})` });
      }
      previousHash = row.chain_hash;
      tip = { position, hash: row.chain_hash };
      expectedPosition = position + 1;
      count += 1;
    }
    if (rows.length < pageSize) break;
  }

  const { rows: lag } = await db.query<{ count: number | string; oldest_seq: string | null; oldest_at: string | null }>(
    `select count(*) as count, min(e.seq)::text as oldest_seq,
            to_char(min(e.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as oldest_at
       from audit_events e
      where e.occurred_at < now() - make_interval(secs => $1)
        and not exists (select 1 from audit_chain c where c.seq = e.seq)`,
    [options.lagToleranceSeconds ?? 60],
  );
  const unchained = {
    count: Number(lag[0]?.count ?? 0),
    oldestSeq: lag[0]?.oldest_seq != null ? Number(lag[0].oldest_seq) : null,
    oldestOccurredAt: lag[0]?.oldest_at ?? null,
  };
  return {
    ok: brokenCount === 0 && unchained.count === 0,
    count,
    tip,
    firstBroken,
    broken,
    unchained,
  };
}

/** A few lines a person can act on. */
export function describeReport(report: VerifyReport): string {
  const lines: string[] = [];
  const tip = report.tip ? `; tip position ${report.tip.position}, hash ${report.tip.hash}` : '';
  if (report.firstBroken) {
    const first = report.firstBroken;
    lines.push(`audit chain BROKEN: first broken position ${first.position}: ${first.detail}`);
    if (report.broken.length > 1) {
      lines.push(`broken positions: ${report.broken.map((b) => `${b.position} (${b.kind})`).join(', ')}`);
    }
  }
  if (report.unchained.count > 0) {
    lines.push(
      `audit chain LAGGING: ${report.unchained.count} event(s) older than the tolerance are not chained ` +
        `(oldest seq ${report.unchained.oldestSeq}, at ${report.unchained.oldestOccurredAt}): ` +
        'the chainer is not running, or rows were inserted around it',
    );
  }
  if (report.ok) lines.push(`audit chain ok: ${report.count} events chained${tip}`);
  else lines.push(`checked ${report.count} chain positions${tip}`);
  return lines.join('\n');
}
