import { exportJobs, type DbOrTx } from '@threefold/db';
import { desc, eq, sql } from 'drizzle-orm';

export type ExportJobRow = typeof exportJobs.$inferSelect;

/** The exports module's table: hand-backs made, and their downloads. */
export const exportsRepository = {
  async insert(tx: DbOrTx, values: typeof exportJobs.$inferInsert): Promise<ExportJobRow> {
    const [row] = await tx.insert(exportJobs).values(values).returning();
    return row!;
  },
  async byId(tx: DbOrTx, id: string): Promise<ExportJobRow | null> {
    const [row] = await tx.select().from(exportJobs).where(eq(exportJobs.id, id));
    return row ?? null;
  },
  async list(tx: DbOrTx, limit: number): Promise<ExportJobRow[]> {
    return tx.select().from(exportJobs).orderBy(desc(exportJobs.createdAt), desc(exportJobs.id)).limit(limit);
  },
  async downloaded(tx: DbOrTx, id: string, at: Date): Promise<void> {
    await tx
      .update(exportJobs)
      .set({ downloads: sql`${exportJobs.downloads} + 1`, lastDownloadedAt: at })
      .where(eq(exportJobs.id, id));
  },
};
