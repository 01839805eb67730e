import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  clientKinds,
  clientScopes,
  hiddenFromPartners,
  permissionsOfRoles,
  permissionsOfScopes,
  roles,
  rolePermissions,
  type ClientKind,
  type Permission,
  type Role,
} from '@threefold/domain';
import { organisations } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor } from '../support/auth.js';

interface Op {
  method: string;
  path: string;
  operationId: string;
  access: { permission?: Permission; public?: boolean } | undefined;
}

let t: TestApp;
let ops: Op[];
const callers = new Map<string, Record<string, string>>();

beforeAll(async () => {
  t = await createTestApp();
  const doc = JSON.parse(await readFile(path.join(repoRoot, 'openapi', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  ops = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const url = p.replace(/\{([^}]+)\}/g, ':$1');
      const found = t.app.hasRoute({ method: method.toUpperCase() as 'GET', url });
      expect(found, `${method} ${p} is published but not routed`).toBe(true);
      ops.push({ method: method.toUpperCase(), path: p, operationId: op.operationId, access: undefined });
    }
  }
  // Each route's declared access rule, as the auth plugin registered it.
  for (const op of ops) op.access = accessOf(op);
  for (const role of roles) callers.set(`role:${role}`, (await signInAs(t.app, t.db, { roles: [role] })).headers);
  const [org] = await t.db.db.insert(organisations).values({ name: 'Matrix Partner', kind: 'partner' }).returning();
  for (const kind of clientKinds) {
    // Every scope the kind can hold: what it is still denied, no grant could open.
    const client = await createMachineClient(t.db, {
      kind,
      scopes: Object.keys(clientScopes[kind]),
      ...(kind === 'partner' ? { organisationId: org!.id } : {}),
    });
    callers.set(`client:${kind}`, (await tokenFor(t.app, client)).headers);
  }
});
afterAll(() => t.close());

function accessOf(op: Op): Op['access'] {
  const url = op.path.replace(/\{([^}]+)\}/g, ':$1');
  return t.app.guardedRoutes.has(`${op.method} ${url}`) ? { permission: permissionOf(op) } : { public: true };
}

/** The permission each guarded route declares, read from the registry the auth plugin fills. */
function permissionOf(op: Op): Permission | undefined {
  return t.app.routePermissions.get(`${op.method} ${op.path.replace(/\{([^}]+)\}/g, ':$1')}`);
}

function concretePath(p: string): string {
  return p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
}

describe('the permissions matrix', () => {
  it('holds every role and every client kind, each with permissions from the one table', () => {
    for (const role of roles) expect(permissionsOfRoles([role])).toEqual(new Set(rolePermissions[role]));
    expect(permissionsOfRoles(['auditor'])).toEqual(new Set(['session:self', 'audit:read']));
    for (const kind of clientKinds)
      expect(permissionsOfScopes(kind, Object.keys(clientScopes[kind])).size).toBeGreaterThan(0);
  });

  it('covers every operation in openapi/openapi.json: each is public or names one permission', () => {
    expect(ops.length).toBeGreaterThan(10);
    for (const op of ops) {
      const a = op.access;
      expect(a?.public === true || typeof a?.permission === 'string', `${op.operationId} has no access rule`).toBe(
        true,
      );
    }
  });

  it('proves every denied cell denied: each role and client kind without the permission gets 403 (a partner asking for safeguarding, 404)', async () => {
    const denied: string[] = [];
    let checked = 0;
    for (const op of ops) {
      const permission = op.access?.permission;
      if (!permission) continue;
      const cells: [string, boolean][] = [
        ...roles.map((r: Role) => [`role:${r}`, permissionsOfRoles([r]).has(permission)] as [string, boolean]),
        ...clientKinds.map(
          (k: ClientKind) =>
            [`client:${k}`, permissionsOfScopes(k, Object.keys(clientScopes[k])).has(permission)] as [string, boolean],
        ),
      ];
      for (const [caller, allowed] of cells) {
        if (allowed) continue;
        const res = await t.app.inject({
          method: op.method as 'GET',
          url: concretePath(op.path),
          headers: { ...callers.get(caller)!, 'content-type': 'application/json' },
          payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}',
        });
        checked++;
        // Safeguarding does not exist as far as a partner can tell: 404, not 403.
        const expected =
          caller === 'client:partner' && hiddenFromPartners(permission)
            ? { status: 404, code: 'not_found' }
            : { status: 403, code: 'forbidden' };
        if (res.statusCode !== expected.status || res.json().code !== expected.code)
          denied.push(`${caller} ${op.operationId}: ${res.statusCode}`);
      }
    }
    expect(denied).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('answers 401 to anyone unauthenticated on every guarded operation', async () => {
    for (const op of ops.filter((o) => o.access?.permission)) {
      const res = await t.app.inject({ method: op.method as 'GET', url: concretePath(op.path) });
      expect(res.statusCode, op.operationId).toBe(401);
    }
  });
});

describe('refusals are audited', () => {
  it('records a denied attempt with who tried it', async () => {
    const practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const res = await t.app.inject({ method: 'GET', url: '/v1/admin/users', headers: practitioner.headers });
    expect(res.statusCode).toBe(403);
    const { rows } = await t.db.pool.query(
      `select action, resource_id, outcome, actor_type, actor_role from audit_events where actor_id = $1 order by seq desc limit 1`,
      [practitioner.user.id],
    );
    expect(rows[0]).toEqual({
      action: 'access.denied',
      resource_id: 'GET /v1/admin/users',
      outcome: 'denied',
      actor_type: 'user',
      actor_role: 'practitioner',
    });
  });
});
