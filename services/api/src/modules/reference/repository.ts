import { practiceDetails, rasVersions, unitCosts, type DbOrTx, type RasRow } from '@threefold/db';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';

export type RasVersionRow = typeof rasVersions.$inferSelect;
export type UnitCostRow = typeof unitCosts.$inferSelect;
export type PracticeRow = typeof practiceDetails.$inferSelect;

/** Drizzle queries only; every method takes the handle to run on (the pool or a transaction). */
export const referenceRepository = {
  async practice(db: DbOrTx): Promise<PracticeRow | undefined> {
    const [row] = await db.select().from(practiceDetails).where(eq(practiceDetails.id, 'practice'));
    return row;
  },

  /** Replaces the practice's details if still at `expected`; undefined when someone saved first. */
  async replacePractice(
    db: DbOrTx,
    expected: number,
    values: Omit<PracticeRow, 'id' | 'version'>,
  ): Promise<PracticeRow | undefined> {
    const [row] = await db
      .update(practiceDetails)
      .set({ ...values, version: expected + 1 })
      .where(and(eq(practiceDetails.id, 'practice'), eq(practiceDetails.version, expected)))
      .returning();
    return row;
  },

  async currentRas(db: DbOrTx): Promise<RasVersionRow | undefined> {
    const [row] = await db.select().from(rasVersions).orderBy(desc(rasVersions.version)).limit(1);
    return row;
  },

  async rasVersion(db: DbOrTx, version: number): Promise<RasVersionRow | undefined> {
    const [row] = await db.select().from(rasVersions).where(eq(rasVersions.version, version));
    return row;
  },

  async rasById(db: DbOrTx, id: string): Promise<RasVersionRow | undefined> {
    const [row] = await db.select().from(rasVersions).where(eq(rasVersions.id, id));
    return row;
  },

  /** A new version; null when that version number was taken first (someone else saved meanwhile). */
  async insertRas(
    db: DbOrTx,
    values: {
      version: number;
      rows: RasRow[];
      pencePerPoint: number;
      maximumWeeklyPence: number | null;
      note: string;
      createdById: string | null;
    },
  ): Promise<RasVersionRow | null> {
    const [row] = await db.insert(rasVersions).values(values).onConflictDoNothing().returning();
    return row ?? null;
  },

  async unitCosts(db: DbOrTx, includeRetired: boolean): Promise<UnitCostRow[]> {
    return db
      .select()
      .from(unitCosts)
      .where(includeRetired ? undefined : isNull(unitCosts.retiredAt))
      .orderBy(asc(sql`lower(${unitCosts.name})`), asc(unitCosts.id))
      .limit(500);
  },

  async unitCost(db: DbOrTx, id: string): Promise<UnitCostRow | undefined> {
    const [row] = await db.select().from(unitCosts).where(eq(unitCosts.id, id));
    return row;
  },

  async activeUnitCostNamed(db: DbOrTx, name: string): Promise<UnitCostRow | undefined> {
    const [row] = await db
      .select()
      .from(unitCosts)
      .where(sql`lower(${unitCosts.name}) = lower(${name}) and ${unitCosts.retiredAt} is null`);
    return row;
  },

  async insertUnitCost(
    db: DbOrTx,
    values: { name: string; unit: string; costPence: number; notes: string },
  ): Promise<UnitCostRow> {
    const [row] = await db.insert(unitCosts).values(values).returning();
    return row!;
  },

  /** Applies the change only to the version the caller read; undefined when it had moved on. */
  async updateUnitCost(
    db: DbOrTx,
    id: string,
    expectedVersion: number,
    values: Partial<Pick<UnitCostRow, 'name' | 'unit' | 'costPence' | 'notes' | 'retiredAt'>>,
    at: Date,
  ): Promise<UnitCostRow | undefined> {
    const [row] = await db
      .update(unitCosts)
      .set({ ...values, version: expectedVersion + 1, updatedAt: at })
      .where(sql`${unitCosts.id} = ${id} and ${unitCosts.version} = ${expectedVersion}`)
      .returning();
    return row;
  },
};
