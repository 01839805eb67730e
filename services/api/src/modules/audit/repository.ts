import { auditEvents, type DbOrTx } from '@threefold/db';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { AuditEventBody } from './schemas.js';

export interface AuditFilters {
  personId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/** The sort key of the last row seen: its time (microsecond ISO text) and seq. */
export type AuditKey = [occurredAt: string, seq: number];

const occurredAtText = sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function auditRepository(db: DbOrTx) {
  return {
    /** Newest first; `limit` rows after `after`. */
    async list(filters: AuditFilters, limit: number, after?: AuditKey): Promise<AuditEventBody[]> {
      const where: SQL[] = [];
      if (filters.personId) where.push(eq(auditEvents.personId, filters.personId));
      if (filters.actorId) where.push(eq(auditEvents.actorId, filters.actorId));
      if (filters.action) where.push(eq(auditEvents.action, filters.action));
      if (filters.from) where.push(gte(auditEvents.occurredAt, filters.from));
      if (filters.to) where.push(lt(auditEvents.occurredAt, filters.to));
      if (after)
        where.push(sql`(${auditEvents.occurredAt}, ${auditEvents.seq}) < (${after[0]}::timestamptz, ${after[1]})`);
      return db
        .select({
          id: auditEvents.id,
          seq: auditEvents.seq,
          occurredAt: occurredAtText,
          actorType: auditEvents.actorType,
          actorId: auditEvents.actorId,
          actorRole: auditEvents.actorRole,
          action: auditEvents.action,
          resourceType: auditEvents.resourceType,
          resourceId: auditEvents.resourceId,
          personId: auditEvents.personId,
          reason: auditEvents.reason,
          outcome: auditEvents.outcome,
          requestId: auditEvents.requestId,
        })
        .from(auditEvents)
        .where(and(...where))
        .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.seq))
        .limit(limit);
    },
  };
}
