/**
 * Time to ready: starts the built API (`services/api/dist/server.js`) as `pnpm start` does, over
 * an already-migrated database, and times from spawning the process to the first 200 from
 * `/health/ready`; then stops it with SIGTERM. Several runs; prints each phase's min/median/max
 * and the machine's load. Build first: `pnpm --filter @threefold/api build`.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:startup -- --runs 5
 *
 * Goal (issue 21): under 3 s on a quiet machine.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchDatabase } from './support.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
const server = fileURLToPath(new URL('../services/api/dist/server.js', import.meta.url));
/** `--vs other/dist/server.js`: alternate runs with another build (e.g. the main branch's) and print ratios. */
const other = args.includes('--vs') ? args[args.indexOf('--vs') + 1] : undefined;

interface Run {
  /** Spawn to the "Threefold … ready at" line. */
  listenMs: number;
  /** Spawn to the first 200 from /health/ready. */
  readyMs: number;
}

async function once(url: string, entry = server): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      NODE_ENV: 'production',
      TOKEN_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      LOG_LEVEL: 'info',
      SERVE_CONSOLE: 'false',
      SHUTDOWN_DRAIN_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let listenMs = 0;
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      // The line `pnpm start` ends with (the log's "listening" line names the configured port, 0).
      const match = /(?:ready at|console is at) http:\/\/[^:\s]+:(\d+)/.exec(buffered);
      if (match && !listenMs) {
        listenMs = performance.now() - started;
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`the API exited (${code}) before listening`)));
  });
  let readyMs = 0;
  while (!readyMs) {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (res?.status === 200) readyMs = performance.now() - started;
    else await new Promise((r) => setTimeout(r, 5));
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { listenMs, readyMs };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => `${(x / 1000).toFixed(2)} s`;
  return `min ${f(s[0]!)} · median ${f(s[Math.floor(s.length / 2)]!)} · max ${f(s.at(-1)!)}`;
};

const url = await benchDatabase('threefold_bench_startup');
const results: Run[] = [];
const others: Run[] = [];
const load = loadavg()[0]!;
for (let i = 0; i < runs; i++) {
  results.push(await once(url));
  if (other) others.push(await once(url, other));
  process.stdout.write('.');
}
console.log(`\nstart-up over ${runs} runs (load average at start ${load.toFixed(2)}, now ${loadavg()[0]!.toFixed(2)})`);
console.log(`  to the ready line:    ${stats(results.map((r) => r.listenMs))}`);
console.log(`  to /health/ready 200: ${stats(results.map((r) => r.readyMs))}`);
if (other) {
  console.log(`${other}, alternating with the runs above:`);
  console.log(`  to /health/ready 200: ${stats(others.map((r) => r.readyMs))}`);
  const ratios = results.map((r, i) => r.readyMs / others[i]!.readyMs).sort((a, b) => a - b);
  console.log(
    `  ratio this / other, pair by pair: min ${ratios[0]!.toFixed(3)} · median ${ratios[Math.floor(ratios.length / 2)]!.toFixed(3)} · max ${ratios.at(-1)!.toFixed(3)}`,
  );
}
