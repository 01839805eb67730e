import { clientScopes, permissionsOfScopes, type ClientKind } from '@threefold/domain';
import type { Database } from '@threefold/db';
import type { ClientPrincipal } from '../../auth/principal.js';
import { decoy, hashSecret, randomToken, verifySecret } from '../../auth/secrets.js';
import { FailureThrottle, tooManyAttempts } from '../../auth/throttle.js';
import type { TokenService } from '../../auth/tokens.js';
import type { Config } from '../../config.js';
import { AppProblem, invalidField, notFound } from '../../errors.js';
import type { Actor, Clock } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { directoryRepository } from '../directory/repository.js';
import { clientsRepository as repo, type ClientRow } from './repository.js';
import { forgetPrincipal, type ExpiringLru } from '../../auth/principal-cache.js';

export type ResolvedClient = ClientPrincipal & { rateLimitPerMinute: number };

/** Bearer tokens checked already, with their client, until the token expires; consulted only while `live()`. */
export interface ClientCache {
  tokens: ExpiringLru<{ principal: ResolvedClient; expiresAtMs: number; kid: string }>;
  live: () => boolean;
}

export interface NewClient {
  name: string;
  kind: ClientKind;
  organisationId?: string | undefined;
  scopes: string[];
  rateLimitPerMinute?: number | undefined;
}

export interface ClientChanges {
  name?: string | undefined;
  scopes?: string[] | undefined;
  rateLimitPerMinute?: number | undefined;
  disabled?: boolean | undefined;
}

/** What an administrator sees of a client: never a secret or its hash. */
export function clientView(row: ClientRow) {
  return {
    id: row.id,
    clientId: row.clientId,
    name: row.name,
    kind: row.kind,
    organisationId: row.organisationId,
    scopes: row.scopes,
    rateLimitPerMinute: row.rateLimitPerMinute,
    disabled: row.disabledAt !== null,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

const oauthError = (status: number, error: string, description: string) =>
  new AppProblem(status, `oauth_${error}`, 'Token request refused', description, undefined, {
    ...(status === 401 ? { 'www-authenticate': 'Basic realm="threefold"' } : {}),
    'cache-control': 'no-store',
  });

/**
 * Machine clients: kept by practice administrators (use cases take the request's actor), and
 * the token endpoint and bearer resolution, which run before anyone is acting and so read the
 * app's clock, given as `now`.
 */
export class ClientService {
  private readonly throttle: FailureThrottle;
  private cache: ClientCache | undefined;

  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
    private readonly config: Config,
    private readonly now: Clock,
  ) {
    this.throttle = new FailureThrottle(db);
  }

  private checkScopes(kind: ClientKind, scopes: string[]): void {
    const allowed = Object.keys(clientScopes[kind]);
    const wrong = scopes.filter((s) => !allowed.includes(s));
    if (wrong.length > 0) {
      throw invalidField(
        'scopes',
        `not available to ${kind} clients: ${wrong.join(', ')} (allowed: ${allowed.join(', ')})`,
      );
    }
  }

  async create(actor: Actor, input: NewClient) {
    this.checkScopes(input.kind, input.scopes);
    if (input.kind === 'partner') {
      if (!input.organisationId) throw invalidField('organisationId', 'is required for a partner client');
      const org = await directoryRepository.organisation(this.db, input.organisationId);
      if (!org) throw invalidField('organisationId', 'is not a known organisation');
    } else if (input.organisationId) {
      throw invalidField('organisationId', 'only partner clients are bound to an organisation');
    }
    const secret = `tfs_${randomToken(32)}`;
    const now = actor.now();
    const row = await repo.insert(this.db, {
      clientId: `tfc_${randomToken(12)}`,
      name: input.name,
      kind: input.kind,
      organisationId: input.organisationId ?? null,
      scopes: [...new Set(input.scopes)],
      secretHash: await hashSecret(secret),
      ...(input.rateLimitPerMinute ? { rateLimitPerMinute: input.rateLimitPerMinute } : {}),
      createdAt: now,
      updatedAt: now,
    });
    return { client: clientView(row), clientSecret: secret };
  }

  async get(_actor: Actor, id: string) {
    const row = await repo.byId(this.db, id);
    if (!row) throw notFound('client');
    return clientView(row);
  }

  async list(_actor: Actor, limit: number, cursor?: string) {
    const after = decodeCursor<[string]>(cursor, 1);
    const rows = await repo.listAfter(this.db, after?.[0], limit + 1);
    const page = pageOf(rows, limit, (r) => [r.id]);
    return { items: page.items.map(clientView), nextCursor: page.nextCursor };
  }

  async update(actor: Actor, id: string, expected: number, changes: ClientChanges) {
    const current = await this.get(actor, id);
    if (changes.scopes) this.checkScopes(current.kind, changes.scopes);
    const now = actor.now();
    const row = await repo.update(
      this.db,
      id,
      {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.scopes !== undefined ? { scopes: [...new Set(changes.scopes)] } : {}),
        ...(changes.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: changes.rateLimitPerMinute } : {}),
        ...(changes.disabled !== undefined ? { disabledAt: changes.disabled ? now : null } : {}),
      },
      now,
      expected,
    );
    if (!row) throw staleVersion();
    forgetPrincipal(`client:${id}`);
    return clientView(row);
  }

  /** A new secret; the old one keeps working for the grace period so the integration can switch. */
  async rotateSecret(actor: Actor, id: string) {
    const current = await repo.byId(this.db, id);
    if (!current) throw notFound('client');
    const secret = `tfs_${randomToken(32)}`;
    const graceMs = this.config.CLIENT_SECRET_GRACE_HOURS * 3_600_000;
    const now = actor.now();
    const row = await repo.update(
      this.db,
      id,
      {
        secretHash: await hashSecret(secret),
        previousSecretHash: graceMs > 0 ? current.secretHash : null,
        previousSecretExpiresAt: graceMs > 0 ? new Date(now.getTime() + graceMs) : null,
      },
      now,
    );
    if (!row) throw notFound('client');
    return { client: clientView(row), clientSecret: secret };
  }

  /** New access tokens are signed with a new key; the rotation is part of the trail. */
  async rotateSigningKey(actor: Actor) {
    const rotated = await this.tokens.rotate();
    await actor.audit(this.db, { action: 'signing_key.rotate', resourceType: 'signing_key', resourceId: rotated.kid });
    return rotated;
  }

  /**
   * RFC 6749 §4.4: client credentials for a short-lived bearer token with the granted scopes.
   * Every wrong secret costs an argon2id hash, so failures are held back per client id and per
   * address (a much higher allowance), doubling from 30 seconds: 429 with Retry-After.
   */
  async issueToken(
    clientId: string | undefined,
    clientSecret: string | undefined,
    requestedScope: string | undefined,
    ip: string,
  ) {
    if (!clientId || !clientSecret) throw oauthError(401, 'invalid_client', 'Client authentication failed.');
    const clientKey = `oauth-client:${clientId.slice(0, 200)}`;
    const addressKey = `oauth-ip:${ip}`;
    const wait = await this.throttle.waitSeconds([clientKey, addressKey]);
    if (wait > 0) {
      const problem = tooManyAttempts(wait, 'failed token requests');
      problem.headers['cache-control'] = 'no-store';
      throw problem;
    }
    try {
      return await this.authenticateAndIssue(clientId, clientSecret, requestedScope);
    } catch (error) {
      if (error instanceof AppProblem && error.code === 'oauth_invalid_client') {
        await this.throttle.recordFailure(clientKey, this.config.SIGN_IN_FREE_FAILURES * 2);
        await this.throttle.recordFailure(addressKey, this.config.SIGN_IN_FREE_FAILURES * 20);
      }
      throw error;
    }
  }

  private async authenticateAndIssue(clientId: string, clientSecret: string, requestedScope: string | undefined) {
    const row = await repo.byClientId(this.db, clientId);
    const current = await verifySecret(row?.secretHash ?? (await decoy()), clientSecret);
    const previous =
      !current && row?.previousSecretHash && row.previousSecretExpiresAt && row.previousSecretExpiresAt > this.now()
        ? await verifySecret(row.previousSecretHash, clientSecret)
        : false;
    if (!row || row.disabledAt || !(current || previous))
      throw oauthError(401, 'invalid_client', 'Client authentication failed.');
    const requested = requestedScope ? requestedScope.split(' ').filter(Boolean) : row.scopes;
    const notGranted = requested.filter((s) => !row.scopes.includes(s));
    if (notGranted.length > 0)
      throw oauthError(400, 'invalid_scope', `Not granted to this client: ${notGranted.join(' ')}`);
    const scope = requested.join(' ');
    const accessToken = await this.tokens.issue({ sub: row.id, scope });
    return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: this.tokens.ttlSeconds, scope };
  }

  /** Serve bearer tokens from `cache` while it is live (see `PrincipalInvalidation`). */
  useCache(cache: ClientCache): void {
    this.cache = cache;
  }

  /**
   * The caller behind a bearer token, if the token is valid and the client still enabled. A token
   * already checked is answered from the cache until it expires; disabling the client, changing its
   * scopes or its limit empties the cache on every instance (migration 0029's notification).
   */
  async resolve(token: string): Promise<ResolvedClient | null> {
    const cache = this.cache?.live() ? this.cache : undefined;
    const hit = cache?.tokens.get(token);
    if (hit) {
      // The token's own expiry, on the app's clock `verify` checks it against.
      // And only while its signing key is still loaded (a key retired long enough verifies nothing).
      if (hit.expiresAtMs > this.now().getTime() && (await this.tokens.stillVerifies(hit.kid))) return hit.principal;
      cache!.tokens.delete(token);
    }
    const claims = await this.tokens.verify(token);
    if (!claims) return null;
    const row = await repo.enabledById(this.db, claims.sub);
    if (!row) return null;
    // Scopes withdrawn since the token was issued stop working at once.
    const scopes = claims.scope.split(' ').filter((s) => row.scopes.includes(s));
    const principal = {
      kind: 'client' as const,
      clientId: row.id,
      clientKind: row.kind,
      organisationId: row.organisationId,
      scopes,
      permissions: permissionsOfScopes(row.kind, scopes),
      rateLimitPerMinute: row.rateLimitPerMinute,
    };
    if (cache && claims.expiresAtMs !== undefined && claims.kid !== undefined) {
      const leftMs = claims.expiresAtMs - this.now().getTime();
      if (leftMs > 0)
        cache.tokens.set(
          token,
          `client:${row.id}`,
          { principal, expiresAtMs: claims.expiresAtMs, kid: claims.kid },
          leftMs,
        );
    }
    return principal;
  }
}
