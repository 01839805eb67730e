import type { Permission, Role } from '@threefold/domain';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthenticated } from '../errors.js';

/** A signed-in colleague, from a session cookie. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  sessionId: string;
  displayName: string;
  roles: Role[];
  teamIds: string[];
  delegatedWeeklyLimitPence: number | null;
  /** Every permission the roles grant. */
  permissions: ReadonlySet<Permission>;
}

/** A council system or partner organisation, from an OAuth 2.0 access token. */
export interface ClientPrincipal {
  kind: 'client';
  /** The machine_clients row id. */
  clientId: string;
  clientKind: 'council' | 'partner';
  /** The partner organisation a partner client is bound to; null for council clients. */
  organisationId: string | null;
  scopes: string[];
  permissions: ReadonlySet<Permission>;
}

export type Principal = UserPrincipal | ClientPrincipal;

export interface RouteAccess {
  /** The permission the route needs; checked before the handler runs. */
  permission?: Permission;
  /** Open to anyone, signed in or not (health, sign-in, token, public directory). */
  public?: boolean;
  /** Only colleagues, never council or partner systems, even where a scope grants the permission. */
  staffOnly?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; undefined only on public routes called anonymously. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** The caller of a guarded route (the auth plugin has already refused anyone else). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

/** Actor fields for audit records and logs. */
export function actorOf(principal: Principal | undefined): {
  actorType: 'user' | 'client' | 'anonymous';
  actorId: string | null;
  actorRole: string | null;
} {
  if (!principal) return { actorType: 'anonymous', actorId: null, actorRole: null };
  if (principal.kind === 'user') {
    return { actorType: 'user', actorId: principal.userId, actorRole: principal.roles.join(',') || null };
  }
  return { actorType: 'client', actorId: principal.clientId, actorRole: principal.clientKind };
}

/** The caller as a colleague: machines are refused (403) with `detail` saying who may. */
export function asUser(principal: Principal, detail = 'Only a colleague can do this.'): UserPrincipal {
  if (principal.kind !== 'user') throw forbidden(detail);
  return principal;
}
