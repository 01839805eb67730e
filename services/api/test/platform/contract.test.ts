import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config.js';
import { buildOpenApiDocument, serialiseOpenApi } from '../../src/contract.js';
import { createTestApp } from '../support/app.js';
import { createTestContext, type TestContext } from '../support/factories.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

const methods = ['get', 'post', 'put', 'patch', 'delete'];
let t: TestContext;
let committed: string;
let doc: Doc;
beforeAll(async () => {
  t = await createTestContext();
  committed = await readFile(path.join(repoRoot, 'openapi', 'openapi.json'), 'utf8');
  doc = JSON.parse(committed) as Doc;
});
afterAll(() => t.close());

function operations(): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([m]) => methods.includes(m))
      .map(([m, op]) => [`${m.toUpperCase()} ${p}`, op] as [string, Operation]),
  );
}

function resolve(schema: Record<string, unknown>): Record<string, unknown> {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(doc.components.schemas[name] ?? {});
}

/** Every object schema reachable from a request body must refuse unknown properties. */
function openObjects(schema: Record<string, unknown>, at: string, seen = new Set<unknown>()): string[] {
  const s = resolve(schema);
  if (seen.has(s)) return [];
  seen.add(s);
  const found: string[] = [];
  if (s.type === 'object' && s.properties && s.additionalProperties !== false) found.push(at);
  for (const [k, v] of Object.entries((s.properties as Record<string, Record<string, unknown>>) ?? {})) {
    found.push(...openObjects(v, `${at}.${k}`, seen));
  }
  if (s.items) found.push(...openObjects(s.items as Record<string, unknown>, `${at}[]`, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    for (const sub of (s[key] as Record<string, unknown>[]) ?? []) found.push(...openObjects(sub, at, seen));
  }
  return found;
}

describe('the published contract', () => {
  it('is what the code generates (openapi/openapi.json is up to date)', async () => {
    expect(serialiseOpenApi(await buildOpenApiDocument())).toBe(committed);
  });

  it('is served at GET /openapi.json exactly as committed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(committed);
  });

  it('serves an interactive reference at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });

  it('names components by their $id, never def-N', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toContain('Problem');
    expect(names.filter((n) => /^def-\d+/.test(n))).toEqual([]);
  });

  it('gives every operation an operationId, tags, a summary and its problem answers', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const [name, op] of ops) {
      expect(op.operationId, name).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(ids.has(op.operationId!), `${name} reuses ${op.operationId}`).toBe(false);
      ids.add(op.operationId!);
      expect(op.tags?.length, name).toBeGreaterThan(0);
      expect(op.summary, name).toBeTruthy();
      expect(op.responses['500']?.content, name).toHaveProperty(['application/problem+json']);
    }
  });

  it('refuses unknown properties in every request body', () => {
    const open: string[] = [];
    for (const [name, op] of operations()) {
      for (const media of Object.values(op.requestBody?.content ?? {})) {
        open.push(...openObjects(media.schema, name));
      }
    }
    expect(open).toEqual([]);
  });
});

describe('security and headers come from each route’s own config', () => {
  type Published = Operation & {
    security?: { [scheme: string]: string[] }[];
    parameters?: { in: string; name: string }[];
  };
  const published = () => operations() as [string, Published][];
  const fastifyKey = (key: string) => key.replace(/\{([^}]+)\}/g, ':$1');

  it('lists, for every guarded operation, exactly the OAuth scopes that grant its permission', async () => {
    const { clientScopes, permissionsOfScope } = await import('@threefold/domain');
    const wrong: string[] = [];
    for (const [key, op] of published()) {
      const permission = t.app.routePermissions.get(fastifyKey(key));
      if (!permission) continue;
      const listed = (op.security ?? []).flatMap((s) => s.oauth ?? []).sort();
      const granting = [
        ...new Set(
          Object.values(clientScopes).flatMap((table) =>
            Object.entries(table)
              .filter(([, p]) => permissionsOfScope(p).includes(permission))
              .map(([scope]) => scope),
          ),
        ),
      ].sort();
      const staffOnly = listed.length === 0 && granting.length > 0 && (op.security ?? []).some((s) => 'session' in s);
      if (!staffOnly && JSON.stringify(listed) !== JSON.stringify(granting))
        wrong.push(`${key}: ${listed} ≠ ${granting}`);
    }
    expect(wrong).toEqual([]);
  });

  it('does not publish the people write operations as open to the people:read scope', () => {
    for (const key of ['POST /v1/people', 'PATCH /v1/people/{id}', 'POST /v1/people/{id}/relationships']) {
      const op = Object.fromEntries(published())[key]!;
      expect(op, key).toBeDefined();
      expect(
        (op.security ?? []).flatMap((s) => s.oauth ?? []),
        key,
      ).not.toContain('people:read');
    }
  });

  it('declares Idempotency-Key on every creating POST a council or partner system may call, and on createPerson', () => {
    const missing = published()
      .filter(([key, op]) => key.startsWith('POST ') && op.responses['201'])
      .filter(([key, op]) => key === 'POST /v1/people' || (op.security ?? []).some((s) => 'oauth' in s))
      .filter(([, op]) => !(op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'idempotency-key'))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('refuses to start with a creating POST open to machines that is not idempotent', async () => {
    const bad = createTestApp({
      extend: (app) => {
        app.post(
          '/v1/test-only-create',
          {
            config: { access: { permission: 'contacts:write' } },
            schema: { response: { 201: { type: 'object' } } },
          },
          async () => ({}),
        );
      },
    });
    await expect(bad).rejects.toThrow(/must set config.idempotent/);
  });

  it('refuses a partner on a staff-only route even though its scope grants the permission', async () => {
    const partner = await t.partner(['connections:write']);
    const res = await t.call(partner, { method: 'POST', url: '/v1/connections', payload: {} });
    expect(res.statusCode).toBe(403);
    const op = Object.fromEntries(published())['POST /v1/connections']!;
    expect(op.security).toEqual([{ session: [] }]);
  });
});
