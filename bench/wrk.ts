/**
 * `wrk` (a C HTTP load generator, Debian `apt-get install wrk`) as the benches' load, when it is on
 * the PATH: a separate process, as pgbench is, so the API is not sharing its event loop and CPU
 * with the generator (autocannon runs inside the bench's own process).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether `wrk` answers on the PATH. */
export const wrkAvailable = (): Promise<boolean> =>
  run('wrk', ['--version']).then(
    () => true,
    // wrk --version exits 1 after printing its version.
    (e: { code?: unknown }) => e.code !== 'ENOENT',
  );

const lua = (text: string) => JSON.stringify(text);

export interface WrkRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Each request takes one of these at random. */
  paths: string[];
}

/** `connections` connections for `seconds` against `base`: requests per second and the total; any non-2xx throws. */
export async function wrk(
  base: string,
  connections: number,
  seconds: number,
  request: WrkRequest,
): Promise<{ rps: number; total: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'threefold-wrk-'));
  const script = path.join(dir, 'request.lua');
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
    .join(', ');
  await writeFile(
    script,
    `local paths = { ${request.paths.map(lua).join(', ')} }
local headers = { ${headers} }
local body = ${request.body ? lua(request.body) : 'nil'}
local n = #paths
request = function()
  return wrk.format(${lua(request.method)}, paths[math.random(n)], headers, body)
end
`,
  );
  try {
    const { stdout } = await run('wrk', [
      '-t',
      String(Math.min(2, connections)),
      '-c',
      String(connections),
      '-d',
      `${seconds}s`,
      '-s',
      script,
      base,
    ]);
    const total = Number(/(\d+) requests in/.exec(stdout)?.[1]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
    const bad = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
    if (bad || !total || !rps) throw new Error(`wrk: ${bad ?? 0} non-2xx answers\n${stdout}`);
    return { rps, total };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
