import { migrationStatus, type DbOrTx, type MigrationStatus } from '@threefold/db';
import { sql } from 'drizzle-orm';

/** What readiness asks the database. Drizzle only; the handle to run on comes first. */
export const healthRepository = {
  /** Throws when the database does not answer. */
  async ping(db: DbOrTx): Promise<void> {
    await db.execute(sql`select 1`);
  },

  /** The committed migrations against those the database records as applied (the db package's check). */
  async migrationStatus(db: DbOrTx): Promise<MigrationStatus> {
    return migrationStatus((text) => db.execute<{ n: number; last: string | null }>(sql.raw(text)));
  },
};
