/**
 * The SQL one council `POST /v1/contacts` sends, captured from the API itself as a pgbench script:
 * what `bench:ratios` compares the API against and what `bench:replica` writes during an export.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pg } from './support.js';

/** The contact every capture sends: a hospital discharge with its outcome. */
export const contactBody = JSON.stringify({
  channel: 'council_system',
  madeBy: 'hospital',
  routeOfAccess: 'discharge_from_hospital',
  whatMatters: 'Going home',
  outcome: 'information_and_advice',
});

/** One council contact, as every capture sends it. */
const postContact = (base: string, headers: Record<string, string>) =>
  fetch(`${base}/v1/contacts`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: contactBody,
  });

/** A SQL literal for a captured parameter. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // pgbench reads `:name` as a variable (in prepared mode it becomes a parameter), and JSON has
  // `"key":true`: such a colon is written as an escape, the same value to PostgreSQL.
  if (/:[A-Za-z_]/.test(text))
    return `E'${text
      .replaceAll('\\', '\\\\')
      .replaceAll("'", "''")
      .replace(/:(?=[A-Za-z_])/g, '\\x3a')}'`;
  return `'${text.replaceAll("'", "''")}'`;
}

const inline = (text: string, params: unknown[]) =>
  text.replace(/\$(\d+)/g, (_m, i: string) => literal(params[Number(i) - 1]));

/**
 * Captures what one request sends in the steady state (after a first request has cached the
 * client and seen its rate-limit bucket): every statement on the API's connections while it runs,
 * and the audit writer's batch just after, values inlined. The rate-limit flush (one statement for
 * every request of a quarter second) is left out; fresh ids replace the captured ones so the rows
 * can repeat. Written one statement a line, as pgbench reads scripts, with the BEGIN and COMMIT the
 * API sent (none when it writes the contact as one statement): pgbench pays the same round trips.
 */
export async function captureContactScript(
  base: string,
  headers: Record<string, string>,
  name: string,
): Promise<{ script: string; statements: number }> {
  const post = () => postContact(base, headers);
  await post();
  await new Promise((r) => setTimeout(r, 500));
  const captured: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
    const params = Array.isArray(second) ? second : ((first as { values?: unknown[] })?.values ?? []);
    if (text) captured.push(inline(text, params));
    return original.apply(this, args);
  };
  try {
    const one = await post();
    if (one.status !== 201) throw new Error(`contact: ${one.status} ${await one.text()}`);
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    proto.query = original;
  }
  const uuid = /'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'/;
  const statements = captured
    .filter((q) => !/^\s*(rollback|update rate_limit_buckets)\b/i.test(q))
    // A row's own id (the first value after the default seq) is new each time.
    .map((q) => q.replace(new RegExp(`(values \\((?:default, )?)${uuid.source}`, 'g'), '$1gen_random_uuid()'));
  const script = path.join(tmpdir(), `threefold-${name}-contact-${process.pid}.sql`);
  await writeFile(script, [...statements.map((q) => `${q.replace(/\s+/g, ' ').trim()};`), ''].join('\n'));
  return { script, statements: statements.length };
}

/** The one named statement a council contact is written with, as node-postgres is handed it. */
export interface ContactStatement {
  name: string;
  text: string;
  values: unknown[];
  /** The same statement's values with fresh row ids (the contact's, its audit row's, the request's), as a new request would send. */
  fresh(): unknown[];
}

/**
 * Captures the parameterised statement one council `POST /v1/contacts` sends in the steady state
 * (the API writes a contact with its outcome as ONE named statement), so a bare route can send the
 * identical statement through the same pool: the floor any API could reach on this machine.
 */
export async function captureContactStatement(
  base: string,
  headers: Record<string, string>,
): Promise<ContactStatement> {
  const post = () => postContact(base, headers);
  await (await post()).arrayBuffer();
  let captured: { name: string; text: string; values: unknown[] } | undefined;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as { name?: unknown; text?: string; values?: unknown[] } | undefined;
    if (config && typeof config.name === 'string' && config.name.startsWith('one_') && config.text && config.values)
      captured = { name: config.name, text: config.text, values: config.values };
    return original.apply(this, args);
  };
  let body: { id: string };
  try {
    const one = await post();
    if (one.status !== 201) throw new Error(`contact: ${one.status} ${await one.text()}`);
    body = (await one.json()) as typeof body;
  } finally {
    proto.query = original;
  }
  if (!captured) throw new Error('the contact was not written as one named statement');
  const { name, text, values } = captured;
  // Ids made for this request: the contact's (its events' subject, its audit row's resource) and
  // the audit row's own and the request's. The client's id (who wrote it) stays.
  const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const actorIds = new Set(values.filter((v, i) => typeof v === 'string' && values.indexOf(v) !== i && v !== body.id));
  const fresh = () => {
    const replaced = new Map<string, string>();
    return values.map((v) => {
      if (typeof v !== 'string' || !uuidPattern.test(v) || actorIds.has(v)) return v;
      let next = replaced.get(v);
      if (!next) replaced.set(v, (next = randomUUID()));
      return next;
    });
  };
  return { name, text, values, fresh };
}
