/**
 * Throwaway PostgreSQL clusters for benchmarks (bench/replica.ts): the server's programs from
 * `/usr/lib/postgresql/<major>/bin`, run as the `postgres` user when this runs as root.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

export const asRoot = userInfo().uid === 0;
export async function pgBin(name: string, major: number): Promise<string> {
  const dir = `/usr/lib/postgresql/${major}/bin`;
  if (existsSync(path.join(dir, name))) return path.join(dir, name);
  const versions = existsSync('/usr/lib/postgresql') ? await readdir('/usr/lib/postgresql') : [];
  for (const v of versions.sort().reverse())
    if (existsSync(`/usr/lib/postgresql/${v}/bin/${name}`)) return `/usr/lib/postgresql/${v}/bin/${name}`;
  return name;
}
/** Runs a PostgreSQL program, as the `postgres` user when this runs as root (the server refuses root). */
export async function pgRun(program: string, args: string[]): Promise<string> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  const { stdout } = await run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
/** The config a started cluster in `dir` needs of its own (a Debian cluster keeps its files in /etc). */
export async function ownConfig(dir: string, port: number, extra: string[] = []) {
  await writeFile(
    path.join(dir, 'postgresql.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      `shared_buffers = '128MB'`,
      `max_wal_senders = 5`,
      `wal_level = replica`,
      `hot_standby = on`,
      // The standby tells the primary which rows its long export still sees, so vacuum on the
      // primary never cancels it ("conflict with recovery").
      `hot_standby_feedback = on`,
      ...extra,
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'pg_hba.conf'),
    [
      'local all all trust',
      'local replication all trust',
      'host all all 127.0.0.1/32 trust',
      'host replication all 127.0.0.1/32 trust',
      '',
    ].join('\n'),
  );
  if (asRoot) for (const f of ['postgresql.conf', 'pg_hba.conf']) await chown(path.join(dir, f), pgUid, pgGid);
}
let pgUid = 0;
let pgGid = 0;

/** When run as root: the `postgres` user's ids, whose the clusters' files must be. */
export async function initPostgresUser(): Promise<void> {
  if (!asRoot) return;
  pgUid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  pgGid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
}

/** Gives `target` to the `postgres` user when run as root. */
export async function chownToPostgres(target: string): Promise<void> {
  if (asRoot) await chown(target, pgUid, pgGid);
}
