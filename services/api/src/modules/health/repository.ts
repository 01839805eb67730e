import { migrationStatus, type DbOrTx, type MigrationStatus } from '@threefold/db';
import { sql } from 'drizzle-orm';

/** What readiness asks the database. Drizzle only; the handle to run on comes first. */
export const healthRepository = {
  /** Throws when the database does not answer. */
  async ping(db: DbOrTx): Promise<void> {
    await db.execute(sql`select 1`);
  },

  /** A replica's state: whether it replays WAL, and how far behind the primary its data is (seconds). */
  async replicaLag(db: DbOrTx): Promise<{ inRecovery: boolean; lagSeconds: number | null }> {
    const { rows } = await db.execute<{ in_recovery: boolean; lag_seconds: number | null }>(sql`
      select pg_is_in_recovery() as in_recovery,
             case when not pg_is_in_recovery() then null
                  when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                  else greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp()))::float8
             end as lag_seconds`);
    const row = rows[0]!;
    return { inRecovery: row.in_recovery, lagSeconds: row.lag_seconds === null ? null : Number(row.lag_seconds) };
  },

  /** The committed migrations against those the database records as applied (the db package's check). */
  async migrationStatus(db: DbOrTx): Promise<MigrationStatus> {
    return migrationStatus((text) => db.execute<{ n: number; last: string | null }>(sql.raw(text)));
  },
};
