import type { Database } from '@threefold/db';
import { healthRepository } from './repository.js';
import type { ReadinessBody } from './schemas.js';

/**
 * Ready when the database answers and every committed migration is applied. With a replica
 * (`DATABASE_REPLICA_URL`) its state and lag are reported too, but do not decide readiness: the
 * instance still serves everything else while the reports' replica is down.
 */
export async function readiness(db: Database, replica?: Database): Promise<ReadinessBody> {
  let database: 'ok' | 'failing' = 'ok';
  let status = { expected: 0, applied: 0, upToDate: false };
  try {
    await healthRepository.ping(db);
    status = await healthRepository.migrationStatus(db);
  } catch {
    database = 'failing';
  }
  const body: ReadinessBody = {
    status: database === 'ok' && status.upToDate ? 'ready' : 'unavailable',
    checks: { database, migrations: status.upToDate ? 'ok' : 'failing' },
    migrations: { expected: status.expected, applied: status.applied },
  };
  if (replica) {
    const state = await healthRepository.replicaLag(replica).catch(() => null);
    body.checks.replica = state ? 'ok' : 'failing';
    body.replica = state ?? { inRecovery: null, lagSeconds: null };
  }
  return body;
}
