import { personWarningEvents, personWarnings, staffUsers, type DbOrTx } from '@threefold/db';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { personRepository } from '../people/repository.js';

export type WarningRow = typeof personWarnings.$inferSelect;
export type NewWarningRow = typeof personWarnings.$inferInsert;
export type WarningEventRow = typeof personWarningEvents.$inferInsert;

export interface WarningRecord extends WarningRow {
  addedByName: string;
  endedByName: string | null;
}

export interface WarningStepRecord {
  warningId: string;
  kind: 'added' | 'reviewed' | 'ended';
  byId: string;
  byName: string;
  at: Date;
  note: string;
  reviewOn: string | null;
}

const endedBy = alias(staffUsers, 'ended_by');

function withNames(db: DbOrTx) {
  return db
    .select({ warning: personWarnings, addedByName: staffUsers.displayName, endedByName: endedBy.displayName })
    .from(personWarnings)
    .innerJoin(staffUsers, eq(staffUsers.id, personWarnings.createdById))
    .leftJoin(endedBy, eq(endedBy.id, personWarnings.endedById));
}

const record = (r: { warning: WarningRow; addedByName: string; endedByName: string | null }): WarningRecord => ({
  ...r.warning,
  addedByName: r.addedByName,
  endedByName: r.endedByName,
});

export const warningsRepository = {
  /** The people module's own read (one owner for the people table). */
  personOf: personRepository.accessOf,

  async insert(tx: DbOrTx, values: NewWarningRow): Promise<WarningRow> {
    const [row] = await tx.insert(personWarnings).values(values).returning();
    return row!;
  },

  async addStep(tx: DbOrTx, values: WarningEventRow): Promise<void> {
    await tx.insert(personWarningEvents).values(values);
  },

  /** One warning, locked for the change that read it. */
  async forChange(tx: DbOrTx, id: string): Promise<WarningRow | undefined> {
    const [row] = await tx.select().from(personWarnings).where(eq(personWarnings.id, id)).for('update');
    return row;
  },

  async update(
    tx: DbOrTx,
    id: string,
    values: Partial<Pick<WarningRow, 'reviewOn' | 'lastReviewedAt' | 'status' | 'endedAt' | 'endedById' | 'endReason'>>,
  ): Promise<void> {
    await tx
      .update(personWarnings)
      .set({ ...values, version: sql`${personWarnings.version} + 1` })
      .where(eq(personWarnings.id, id));
  },

  async byId(tx: DbOrTx, id: string): Promise<WarningRecord | undefined> {
    const [row] = await withNames(tx).where(eq(personWarnings.id, id));
    return row && record(row);
  },

  /** A person's warnings: active ones (soonest review first), then, if asked, ended ones (latest first). */
  async ofPerson(tx: DbOrTx, personId: string, includeEnded: boolean): Promise<WarningRecord[]> {
    const rows = await withNames(tx)
      .where(and(eq(personWarnings.personId, personId), includeEnded ? undefined : eq(personWarnings.status, 'active')))
      .orderBy(asc(personWarnings.status), asc(personWarnings.reviewOn), desc(personWarnings.endedAt))
      .limit(500);
    return rows.map(record);
  },

  async stepsOf(tx: DbOrTx, warningIds: string[]): Promise<WarningStepRecord[]> {
    if (warningIds.length === 0) return [];
    return tx
      .select({
        warningId: personWarningEvents.warningId,
        kind: personWarningEvents.kind,
        byId: personWarningEvents.byId,
        byName: staffUsers.displayName,
        at: personWarningEvents.at,
        note: personWarningEvents.note,
        reviewOn: personWarningEvents.reviewOn,
      })
      .from(personWarningEvents)
      .innerJoin(staffUsers, eq(staffUsers.id, personWarningEvents.byId))
      .where(inArray(personWarningEvents.warningId, warningIds))
      .orderBy(asc(personWarningEvents.seq));
  },
};
