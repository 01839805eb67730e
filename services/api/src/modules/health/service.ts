import type { Database } from '@threefold/db';
import { healthRepository } from './repository.js';
import type { ReadinessBody } from './schemas.js';

/** Ready when the database answers and every committed migration is applied. */
export async function readiness(db: Database): Promise<ReadinessBody> {
  let database: 'ok' | 'failing' = 'ok';
  let status = { expected: 0, applied: 0, upToDate: false };
  try {
    await healthRepository.ping(db);
    status = await healthRepository.migrationStatus(db);
  } catch {
    database = 'failing';
  }
  return {
    status: database === 'ok' && status.upToDate ? 'ready' : 'unavailable',
    checks: { database, migrations: status.upToDate ? 'ok' : 'failing' },
    migrations: { expected: status.expected, applied: status.applied },
  };
}
