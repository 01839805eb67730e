import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAdminArgs, seedArgs } from '../../src/cli/args.js';
import { EmbeddedInUseError, openDatabase, runningEmbedded } from '../../src/database.js';
import { CREATE_FIRST_ADMIN, startupLine } from '../../src/platform/first-run.js';
import { testConfig } from '../support/app.js';

const readme = fileURLToPath(new URL('../../../../README.md', import.meta.url));

/** Splits a command line as a POSIX shell would for the simple quoting the README uses. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

async function readmeCommands(script: string): Promise<string[][]> {
  const text = await readFile(readme, 'utf8');
  const found = [...text.matchAll(/`(pnpm [^`]+)`/g)].map((m) => shellWords(m[1]!)).filter((w) => w[1] === script);
  return found.map((w) => w.slice(2));
}

describe("the README's command lines", () => {
  it('pnpm admin:create -- --email … --name … parses as written (pnpm passes the -- through)', async () => {
    const lines = await readmeCommands('admin:create');
    expect(lines.length).toBeGreaterThan(0);
    for (const args of lines.filter((a) => a.length > 0)) {
      const values = createAdminArgs(args);
      expect(values.email).toMatch(/@/);
      expect(values.name).toBeTruthy();
    }
    expect(createAdminArgs(shellWords(CREATE_FIRST_ADMIN).slice(2))).toEqual({
      email: 'you@practice.example',
      name: 'Your Name',
    });
  });

  it('pnpm seed -- --seed 42 --people 500 parses as written, and without the --', async () => {
    const lines = await readmeCommands('seed');
    expect(lines.length).toBeGreaterThan(0);
    for (const args of lines) expect(() => seedArgs(args)).not.toThrow();
    expect(seedArgs(['--', '--seed', '42', '--people', '500'])).toMatchObject({ seed: '42', people: '500' });
    expect(seedArgs(['--seed', '42', '--people', '500'])).toMatchObject({ seed: '42', people: '500' });
  });
});

describe('a command run while the embedded database is in use', () => {
  it('says so in one line at once, instead of waiting minutes and printing undefined', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'threefold-in-use-'));
    try {
      await mkdir(path.join(dataDir, 'pg'));
      // This very process stands in for the running postmaster.
      await writeFile(
        path.join(dataDir, 'pg', 'postmaster.pid'),
        `${process.pid}\n${dataDir}/pg\n0\n54329\n\n127.0.0.1\n`,
      );
      expect(await runningEmbedded(dataDir)).toEqual({ pid: process.pid, port: 54329 });
      const started = Date.now();
      const opening = openDatabase({ ...testConfig(), DATABASE_URL: undefined, DATA_DIR: dataDir });
      await expect(opening).rejects.toBeInstanceOf(EmbeddedInUseError);
      const message = await opening.catch((e: Error) => e.message);
      expect(message).toMatch(/in use by a running Threefold/);
      expect(message).toMatch(/Ctrl-C/);
      expect(message).not.toContain('\n');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('ignores a postmaster.pid left by a server that is gone', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'threefold-stale-'));
    try {
      await mkdir(path.join(dataDir, 'pg'));
      await writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), '4194303\n/x\n0\n54329\n');
      expect(await runningEmbedded(dataDir)).toBeUndefined();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the start command's last line", () => {
  it('says where the console is and, with no administrator yet, the one command that creates one', () => {
    const config = { HOST: '127.0.0.1', PORT: 3000, SERVE_CONSOLE: true };
    const fresh = startupLine(config, 3000, false);
    expect(fresh).toContain('http://127.0.0.1:3000/');
    expect(fresh).toContain(CREATE_FIRST_ADMIN);
    const later = startupLine(config, 3000, true);
    expect(later).toContain('http://127.0.0.1:3000/');
    expect(later).not.toContain('admin:create');
  });
});
