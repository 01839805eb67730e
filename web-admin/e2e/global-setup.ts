/**
 * Starts the real API, serving the built console, for the browser tests:
 *
 * 1. builds the console (vite build) when web-admin/dist is missing or older than its sources,
 *    and the API (with the packages it needs) when services/api/dist/server.js is missing;
 * 2. picks a database: with TEST_DATABASE_URL or DATABASE_URL, a fresh `tf_e2e_<random>` on that
 *    server (dropped afterwards); without, a temporary DATA_DIR so the API starts its embedded
 *    PostgreSQL;
 * 3. makes two practice administrators with the API's own command (`create-admin`), as a practice
 *    does on day one, before the API starts (with the embedded server the API owns the database
 *    once running): one that has never signed in, for the first-sign-in journey, and one that
 *    the setup signs in over the API to add the other colleagues the tests need;
 * 4. runs `node services/api/dist/server.js` on a free port and waits for GET /health/ready = 200;
 * 5. on teardown, SIGTERM, wait for the process to exit, drop the database, remove the folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { signInOverApi, type ApiSession } from './support/api';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the API (and the console it serves) listens, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
    /** The database the API uses, for a test that must look at it; empty with the embedded server. */
    databaseUrl: string;
    /** A practice administrator made by `create-admin` who has never signed in. */
    firstAdmin: { email: string; displayName: string; password: string };
    /** Another administrator's signed-in session, for adding the colleagues and teams a test needs. */
    adminSession: ApiSession;
  }
}

const webAdmin = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(webAdmin, '..');
const consoleDir = path.join(webAdmin, 'dist');
const serverScript = path.join(repoRoot, 'services/api/dist/server.js');
const createAdminScript = path.join(repoRoot, 'services/api/dist/cli/create-admin.js');
// A busy machine (a shared CI runner) may need longer: E2E_READY_TIMEOUT_MS.
const READY_TIMEOUT_MS = Number(process.env.E2E_READY_TIMEOUT_MS ?? 90_000);
const EXIT_TIMEOUT_MS = 30_000;

function log(message: string) {
  console.log(`[e2e] ${message}`);
}

/** Newest modification time of the files the console is built from. */
function newestSourceTime(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry)) visit(path.join(entry, child));
    } else if (!/\.test\.ts$/.test(entry)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of ['src', 'public', 'index.html', 'vite.config.ts']) {
    const full = path.join(webAdmin, entry);
    if (existsSync(full)) visit(full);
  }
  return newest;
}

async function ensureConsoleBuilt() {
  const index = path.join(consoleDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSourceTime()) return;
  log('building the console (vite build)');
  const { build } = await import('vite');
  await build({ root: webAdmin, configFile: path.join(webAdmin, 'vite.config.ts'), logLevel: 'warn' });
}

function ensureApiBuilt() {
  if (existsSync(serverScript) && existsSync(createAdminScript)) return;
  log('building the API and the packages it uses (pnpm --filter @threefold/api... build)');
  const result = spawnSync('pnpm', ['--filter', '@threefold/api...', 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0 || !existsSync(serverScript) || !existsSync(createAdminScript)) {
    throw new Error(`building the API failed (exit ${result.status}); run pnpm -r build and look at the errors`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Database {
  env: Record<string, string>;
  describe: string;
  drop(): Promise<void>;
}

async function prepareDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tf-e2e-'));
    return {
      env: { DATA_DIR: dataDir },
      describe: `embedded PostgreSQL in ${dataDir}`,
      async drop() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `tf_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    describe: `database ${name} on ${url.host}`,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** `create-admin`, as an administrator runs it; returns the one-time password it prints. */
function createAdmin(env: NodeJS.ProcessEnv, email: string, name: string): string {
  const result = spawnSync(process.execPath, [createAdminScript, '--email', email, '--name', name], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const password = /(?:One-time|First) password[^:]*:\s*(\S+)/.exec(result.stdout ?? '')?.[1];
  if (result.status !== 0 || !password) {
    throw new Error(`create-admin failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return password;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      log(`the API did not stop within ${timeoutMs} ms; killing it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function waitForReady(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the API exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `status ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API was not ready within ${READY_TIMEOUT_MS / 1000} s (last: ${last}):\n${output()}`);
}

export default async function setup(project: TestProject) {
  await ensureConsoleBuilt();
  ensureApiBuilt();

  const database = await prepareDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  // The parent's DATABASE_URL must not leak into the child: without one it uses the embedded server.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Long enough that the setup's administrator session outlives the slowest run.
    SESSION_IDLE_MINUTES: '120',
    ...database.env,
  };

  const firstAdmin = { email: 'alex.morgan@example.org', displayName: 'Alex Morgan', password: '' };
  const setupAdmin = { email: 'setup.admin@example.org', password: '' };
  try {
    log('making the practice administrators (create-admin)');
    firstAdmin.password = createAdmin(env, firstAdmin.email, firstAdmin.displayName);
    setupAdmin.password = createAdmin(env, setupAdmin.email, 'Setup Administrator');
  } catch (error) {
    await database.drop().catch(() => {});
    throw error;
  }

  const child = spawn(process.execPath, [serverScript], {
    cwd: repoRoot,
    env: {
      ...env,
      PORT: String(port),
      SERVE_CONSOLE: 'true',
      CONSOLE_DIR: consoleDir,
      SHUTDOWN_DRAIN_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the end of what the API says, to explain a failed start.
  let captured = '';
  const keep = (chunk: Buffer) => {
    captured = (captured + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await waitForExit(child, EXIT_TIMEOUT_MS);
    await database.drop().catch((error: unknown) => log(`could not clean up the database: ${String(error)}`));
  };

  let adminSession: ApiSession;
  try {
    log(`starting the API on ${baseUrl} with ${database.describe}`);
    const started = Date.now();
    await waitForReady(baseUrl, child, () => captured);
    log(`API ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    adminSession = (await signInOverApi(baseUrl, setupAdmin)).session;
  } catch (error) {
    await stop();
    throw error;
  }

  project.provide('baseUrl', baseUrl);
  project.provide('databaseUrl', database.env.DATABASE_URL ?? '');
  project.provide('firstAdmin', firstAdmin);
  project.provide('adminSession', adminSession);
  return stop;
}
