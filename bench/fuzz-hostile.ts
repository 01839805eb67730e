/**
 * Hostile input against every operation in openapi/openapi.json: NUL bytes and unpaired
 * surrogates in every string of the body and query, and path values that are NUL-laden, badly
 * encoded or over 100 characters — sent as a signed-in colleague holding every role and as a
 * council system. Prints the number of 5xx answers (the goal is 0) and which operations gave them.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:fuzz-hostile
 */
import { readFile } from 'node:fs/promises';
import { roles } from '../packages/domain/src/index.js';
import { createMachineClient, signInAs, tokenFor } from '../services/api/test/support/auth.js';
import { benchDatabase, startBenchApi } from './support.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
};
interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
const spec = JSON.parse(await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const resolve = (s: Schema | undefined): Schema | undefined =>
  s?.$ref ? resolve(spec.components.schemas[s.$ref.split('/').pop()!]) : s;

/** A value of the schema's shape whose every string is `poison`. */
function poisoned(schema: Schema | undefined, poison: string, depth = 0): unknown {
  const s = resolve(schema);
  if (!s || depth > 6) return poison;
  const branch = s.anyOf ?? s.oneOf ?? s.allOf;
  if (branch) return poisoned(branch.find((b) => resolve(b)?.type !== 'null') ?? branch[0], poison, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, poisoned(v, poison, depth + 1)]));
  }
  if (type === 'array') return [poisoned(s.items, poison, depth + 1)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  return poison;
}

const url = await benchDatabase('threefold_bench_fuzz');
const api = await startBenchApi(url);
const everyone = await signInAs(api.app, api.db, { roles: [...roles] });
const councilClient = await createMachineClient(api.db, {
  kind: 'council',
  scopes: ['contacts:write', 'contacts:read', 'people:read', 'directory:read'],
  rateLimitPerMinute: 1_000_000,
});
const council = (await tokenFor(api.app, councilClient)).headers;

const poisons = ['Nul\u0000Byte', 'Lone\ud800Surrogate', '\u0000'];
const pathValues = ['ab%00cd', '%E0%A4%A', 'a'.repeat(150), '00000000-0000-4000-8000-000000000000%00'];
let sent = 0;
const fives: string[] = [];
const statuses = new Map<number, number>();
for (const [template, methods] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    const query = (op.parameters ?? []).filter((p) => p.in === 'query');
    const hasPath = template.includes('{');
    const paths = hasPath ? pathValues.map((v) => template.replace(/\{[^}]+\}/g, v)) : [template];
    for (const who of [everyone.headers, council]) {
      for (const path of paths) {
        for (const poison of poisons) {
          const qs = query
            .map((p) => `${p.name}=${poison.replaceAll('\u0000', '%00').replace(/[\ud800-\udfff]/g, '%ED%A0%80')}`)
            .join('&');
          const res = await api.app.inject({
            method: method.toUpperCase() as 'GET',
            url: qs ? `${path}?${qs}` : path,
            headers: { ...who, 'idempotency-key': `fuzz-${sent}-${Date.now()}` },
            ...(bodySchema ? { payload: poisoned(bodySchema, poison) as object } : {}),
          });
          sent++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            fives.push(`${res.statusCode} ${method.toUpperCase()} ${template} (${op.operationId})`);
        }
      }
    }
  }
}
const operations = Object.values(spec.paths).reduce((n, m) => n + Object.keys(m).length, 0);
console.log(
  `hostile input: ${sent} requests over ${operations} operations (NUL, lone surrogates, bad and over-long path values)`,
);
console.log(
  `  answers: ${[...statuses]
    .sort(([a], [b]) => a - b)
    .map(([c, k]) => `${k} × ${c}`)
    .join(', ')}`,
);
console.log(`  5xx answers: ${fives.length}`);
for (const f of [...new Set(fives)].slice(0, 30)) console.log(`    ${f}`);
await api.app.close();
await api.db.close();
