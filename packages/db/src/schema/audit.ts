import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Who did what to which record, and whether it was allowed. Never the personal data itself.
 * Append-only: the application's role may insert and read, never update or delete.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial({ mode: 'number' }).primaryKey(),
    id: uuid().notNull().defaultRandom(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorType: text({ enum: ['user', 'client', 'system', 'anonymous'] }).notNull(),
    actorId: text(),
    actorRole: text(),
    action: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text(),
    personId: uuid(),
    reason: text(),
    outcome: text({ enum: ['allowed', 'denied'] }).notNull(),
    requestId: text(),
    /** The inserting transaction, so the chainer knows when every earlier row is settled. */
    txid: bigint({ mode: 'number' })
      .notNull()
      .default(sql`txid_current()`),
  },
  (t) => [
    index('audit_events_person_idx').on(t.personId, t.occurredAt),
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    // Home's "people you opened": a colleague's person reads alone, newest first. Through the actor
    // index it skipped every other read they made (list reads are audited row by row).
    index('audit_events_person_reads_idx')
      .on(t.actorId, t.occurredAt)
      .where(sql`${t.action} = 'person.read' and ${t.personId} is not null`),
    index('audit_events_time_idx').on(t.occurredAt),
    // The chainer looks up events by the transaction that inserted them (settled or not yet).
    index('audit_events_txid_idx').on(t.txid),
  ],
);

/**
 * The hash chain over audit events, built off the request path by one chainer at a time:
 * position n holds sha256(hash(n-1) ‖ canonical(event)). Also append-only.
 */
export const auditChain = pgTable('audit_chain', {
  position: bigint({ mode: 'number' }).primaryKey(),
  seq: bigint({ mode: 'number' }).notNull().unique(),
  hash: text().notNull(),
  /**
   * When this row was appended, every event of a transaction with a txid below this one was
   * already chained (at this position or before): where a new chainer resumes its search.
   */
  chainedBelowTxid: bigint({ mode: 'number' }).notNull().default(0),
  chainedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
