import { clientScopes, permissionsOfScope, rolePermissions, type Permission } from '@threefold/domain';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type TSchema } from 'typebox';
import { forbidden } from '../errors.js';

type Security = { [scheme: string]: string[] }[];

const staffPermissions = new Set<Permission>(Object.values(rolePermissions).flat());

/** Every OAuth scope, of any client kind, that grants `permission`. */
function scopesGranting(permission: Permission): string[] {
  const scopes = new Set<string>();
  for (const table of Object.values(clientScopes)) {
    for (const [scope, granted] of Object.entries(table))
      if (permissionsOfScope(granted).includes(permission)) scopes.add(scope);
  }
  return [...scopes].sort();
}

/**
 * Who may call a guarded route, as the contract says it: a staff session where any role holds the
 * route's permission, OAuth with every scope that grants it. Derived from the same `config.access`
 * the auth plugin enforces, so the published contract cannot drift from behaviour.
 */
export function securityOf(permission: Permission | undefined, staffOnly = false): Security {
  if (!permission) return [{ session: [] }];
  const security: Security = [];
  if (staffPermissions.has(permission)) security.push({ session: [] });
  const scopes = staffOnly ? [] : scopesGranting(permission);
  if (scopes.length > 0) security.push({ oauth: scopes });
  return security;
}

const IdempotencyKey = Type.String({
  minLength: 8,
  maxLength: 200,
  pattern: '^[A-Za-z0-9._:-]{8,200}$',
  description:
    'Makes a retry safe: the same key with the same request answers what the first one did (`Idempotent-Replayed: true`).',
});

interface ObjectSchema {
  type?: unknown;
  properties?: Record<string, TSchema>;
  required?: string[];
}

/** The route's header schema with an optional `Idempotency-Key` added. */
function withIdempotencyKey(headers: unknown): TSchema {
  const existing = (headers ?? { type: 'object', properties: {} }) as ObjectSchema;
  if (existing.type !== 'object') throw new Error('an idempotent route must declare its headers as a plain object');
  return {
    ...existing,
    properties: { ...existing.properties, 'idempotency-key': IdempotencyKey },
  } as unknown as TSchema;
}

/**
 * Writes each guarded route's contract from its own config: `security` from its permission, the
 * `Idempotency-Key` header from its `idempotent` flag. A creating POST that a council or partner
 * system may call must be idempotent (a retry over a flaky network must not create twice): the
 * app refuses to start otherwise.
 */
export const routeContractPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access || access.public) return;
      const schema = (route.schema ??= {}) as { security?: Security; headers?: unknown; response?: object };
      schema.security = securityOf(access.permission, access.staffOnly);
      if (route.config?.idempotent) schema.headers = withIdempotencyKey(schema.headers);
      const creates = [route.method].flat().includes('POST') && Object.keys(schema.response ?? {}).includes('201');
      const machines = schema.security.some((s) => 'oauth' in s);
      if (creates && machines && !route.config?.idempotent) {
        throw new Error(`${route.url}: a creating POST open to council or partner systems must set config.idempotent`);
      }
    });
    // The contract says staff only; machines holding a granting scope are refused the same way.
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.routeOptions.config?.access?.staffOnly && request.principal?.kind === 'client') {
        return done(forbidden('Only colleagues can do this.'));
      }
      done();
    });
  },
  { name: 'route-contract', dependencies: ['auth'] },
);
