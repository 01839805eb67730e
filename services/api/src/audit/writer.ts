import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import type pg from 'pg';
import { runNamed, type NamedStatement } from '../platform/named-query.js';
import type { StatementPart } from '../platform/one-statement.js';
import { toAuditRow, type AuditEventInput, type AuditRow } from './event.js';

export interface AuditWriterOptions {
  /** Flush as soon as this many rows are waiting. */
  maxBatch?: number;
  /**
   * Otherwise flush this long after the first row of a batch arrived (0: at the end of the
   * current turn of the event loop). While inserts are in flight, rows wait for the next one
   * anyway, so batches grow with load without adding latency when the API is quiet.
   */
  maxDelayMs?: number;
  /**
   * Inserts in flight at once; rows arriving meanwhile wait and go in the next, larger batch.
   * One is best: the writer shares the request pool, and every connection it holds is one fewer
   * for the reads being audited (the benchmark measured 4 costing about a fifth of throughput).
   */
  maxInFlight?: number;
  /**
   * Benchmarks only: false records nothing. Production has no switch for this — personal data is
   * always audited — so it is a constructor argument, not configuration.
   */
  enabled?: boolean;
}

interface Pending {
  row: AuditRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

// One statement whatever the batch size, so the server plans it once per connection.
const INSERT_BATCH = {
  name: 'audit_events_insert_batch',
  text: `insert into audit_events
    (id, occurred_at, actor_type, actor_id, actor_role, action, resource_type, resource_id, person_id, reason, outcome, request_id)
    select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::uuid[], $10::text[], $11::text[], $12::text[])`,
};

// One row in the caller's transaction (a write's own audit row): named, so no SQL is built per request.
const INSERT_ONE: NamedStatement = {
  name: 'audit_events_insert_one',
  text: `insert into audit_events
    (id, occurred_at, actor_type, actor_id, actor_role, action, resource_type, resource_id, person_id, reason, outcome, request_id)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
};

const valuesOf = (r: AuditRow): unknown[] => [
  r.id,
  r.occurredAt,
  r.actorType,
  r.actorId,
  r.actorRole,
  r.action,
  r.resourceType,
  r.resourceId,
  r.personId,
  r.reason,
  r.outcome,
  r.requestId,
];

/** An audit row as a part of a use case's one statement (`OneStatement`): the same insert as `recordInTx`. */
export const auditRowPart = (row: AuditRow): StatementPart => ({
  shape: INSERT_ONE.name,
  text: INSERT_ONE.text,
  values: valuesOf(row),
});

function columnsOf(rows: AuditRow[]): unknown[][] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.occurredAt.toISOString()),
    rows.map((r) => r.actorType),
    rows.map((r) => r.actorId),
    rows.map((r) => r.actorRole),
    rows.map((r) => r.action),
    rows.map((r) => r.resourceType),
    rows.map((r) => r.resourceId),
    rows.map((r) => r.personId),
    rows.map((r) => r.reason),
    rows.map((r) => r.outcome),
    rows.map((r) => r.requestId),
  ];
}

/** Data errors (class 22) and constraint violations (23) belong to one row, not the whole batch. */
function isRowError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export class AuditWriterClosed extends Error {
  constructor() {
    super('the audit writer is closed');
    this.name = 'AuditWriterClosed';
  }
}

/**
 * Records audit events. Reads are audited too, so this sits on every request path: concurrent
 * `record()` calls are gathered into one multi-row INSERT (group commit), and each call resolves
 * only once its row is committed — a request never answers before its audit row is stored, and a
 * failed write rejects the call rather than being dropped. Writes that change personal data use
 * `recordInTx` so the audit row commits or rolls back with the change.
 */
export class AuditWriter {
  readonly enabled: boolean;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly maxInFlight: number;
  private queue: Pending[] = [];
  /** Cancels the scheduled flush, if one is scheduled. */
  private cancelScheduled: (() => void) | undefined;
  private inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Counters for tests and benchmarks. */
  readonly stats = { rows: 0, batches: 0, failedRows: 0 };

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    options: AuditWriterOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 0;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Resolves when the event is durably stored; rejects if it could not be. */
  record(event: AuditEventInput): Promise<void> {
    if (this.closed) return Promise.reject(new AuditWriterClosed());
    let row: AuditRow;
    try {
      row = toAuditRow(event, randomUUID(), new Date());
    } catch (error) {
      return Promise.reject(error);
    }
    if (!this.enabled) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.schedule();
    });
  }

  /**
   * Records the event in the caller's transaction: it commits with the change it describes, and
   * a rolled-back change leaves no audit row claiming it happened.
   */
  async recordInTx(tx: DbOrTx, event: AuditEventInput): Promise<void> {
    const part = this.partFor(event);
    if (!part) return;
    await runNamed(tx, INSERT_ONE, part.values);
    this.stats.rows += 1;
  }

  /**
   * The event's row as a part of the statement that makes the change (`OneStatement`): like
   * `recordInTx`, it commits or is refused with the change. Null when auditing is off (benchmarks only).
   */
  partFor(event: AuditEventInput): StatementPart | null {
    if (this.closed) throw new AuditWriterClosed();
    const row = toAuditRow(event, randomUUID(), new Date());
    return this.enabled ? auditRowPart(row) : null;
  }

  /** Writes everything waiting and waits for writes in flight. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.flush();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Refuses new events, then writes what is waiting. */
  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }

  private flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
    while (this.queue.length > 0 && this.inFlight.size < this.maxInFlight) {
      const batch = this.queue.splice(0, this.maxBatch);
      const write: Promise<void> = this.write(batch).finally(() => {
        this.inFlight.delete(write);
        // Rows that arrived while this batch was being written go now, as one batch.
        if (this.queue.length > 0) this.flush();
      });
      this.inFlight.add(write);
    }
  }

  private schedule(): void {
    if (this.cancelScheduled) return;
    if (this.maxDelayMs > 0) {
      const timer = setTimeout(() => this.flush(), this.maxDelayMs);
      this.cancelScheduled = () => clearTimeout(timer);
    } else {
      // Still gathers every record made in the same turn of the event loop.
      const immediate = setImmediate(() => this.flush());
      this.cancelScheduled = () => clearImmediate(immediate);
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.insert(batch.map((p) => p.row));
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length > 1 && isRowError(error)) {
        // One bad row must not fail other requests: write each on its own.
        await Promise.all(batch.map((p) => this.write([p])));
        return;
      }
      this.stats.failedRows += batch.length;
      for (const p of batch) p.reject(error);
    }
  }

  private async insert(rows: AuditRow[]): Promise<void> {
    await this.pool.query({ ...INSERT_BATCH, values: columnsOf(rows) });
    this.stats.rows += rows.length;
    this.stats.batches += 1;
  }
}
