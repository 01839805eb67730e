import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '@threefold/db';

export interface TestServer {
  /** A connection string to a maintenance database on a server the tests may create databases in. */
  adminUrl: string;
  kind: 'url' | 'testcontainers' | 'embedded';
  stop(): Promise<void>;
}

async function dockerAnswers(): Promise<boolean> {
  try {
    await promisify(execFile)('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the tests' PostgreSQL comes from: `TEST_DATABASE_URL` or `DATABASE_URL` when set, else a
 * testcontainers PostgreSQL where a Docker engine answers, else the embedded server.
 */
export async function startTestServer(): Promise<TestServer> {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (url) return { adminUrl: url, kind: 'url', stop: async () => {} };
  if (await dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    return {
      adminUrl: container.getConnectionUri(),
      kind: 'testcontainers',
      stop: async () => void (await container.stop()),
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'threefold-test-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir, persistent: false, database: 'postgres' });
  return { adminUrl: embedded.connectionString, kind: 'embedded', stop: () => embedded.stop() };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
