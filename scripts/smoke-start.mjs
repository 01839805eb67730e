#!/usr/bin/env node
// The README's start path, end to end: the built API with no DATABASE_URL starts its embedded
// PostgreSQL, answers /health/ready, serves the console at / and its contract at /openapi.json,
// and exits cleanly on SIGTERM. Run after `pnpm build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'threefold-smoke-'));
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  SHUTDOWN_DRAIN_MS: '0',
};
delete env.DATABASE_URL;
const server = spawn(process.execPath, ['services/api/dist/server.js'], { cwd: root, env, stdio: 'inherit' });
const base = `http://127.0.0.1:${port}`;
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

try {
  let ready;
  for (const started = Date.now(); Date.now() - started < 90_000;) {
    ready = await fetch(`${base}/health/ready`).catch(() => undefined);
    if (ready?.status === 200) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  check(ready?.status === 200, 'GET /health/ready answers 200 on the embedded database');
  const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
  const html = await page.text();
  check(page.status === 200 && html.includes('<div id="app"'), 'GET / serves the console');
  const served = await (await fetch(`${base}/openapi.json`)).text();
  check(
    served === readFileSync(path.join(root, 'openapi/openapi.json'), 'utf8'),
    'GET /openapi.json equals openapi/openapi.json',
  );
} finally {
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  server.kill('SIGTERM');
  const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 30_000))]);
  check(result?.code === 0, `exits cleanly on SIGTERM (${JSON.stringify(result)})`);
  if (!result) server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failures.length ? 1 : 0);
