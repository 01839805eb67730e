import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signingKeys, type Database } from '@threefold/db';
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../platform/actor.js';
import { unwrapKey, wrapKey } from './key-encryption.js';

export interface AccessClaims {
  /** machine_clients.id */
  sub: string;
  scope: string;
  /** When the token expires (ms since the epoch, on the app's clock, as `verify` reads it); set by `verify`. */
  expiresAtMs?: number;
  /** The key that signed it; set by `verify`. */
  kid?: string;
}

const ISSUER = 'threefold';
const AUDIENCE = 'threefold-api';
/** How long after retirement a key still verifies, beyond the token lifetime: other instances' key caches. */
const RETIREMENT_MARGIN_SECONDS = 120;

/**
 * HS256 access tokens (RFC 9068 profile: `typ: at+jwt`, `exp` required). The keys live in the
 * database, encrypted with the configured key-encryption key, so every instance signs and
 * verifies with the same ones and any instance can rotate them. After a rotation the old key
 * stops signing but verifies until every token it signed has expired. Tokens are issued and checked
 * on the app's clock (`iat`/`exp` from it, `jwtVerify`'s `currentDate`), the clock the bearer cache
 * and the rest of the API read.
 */
export class TokenService {
  private keys = new Map<string, Uint8Array>();
  private current: string | undefined;
  /** When the keys were last read (monotonic ms: an interval, not a time of day). */
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    readonly ttlSeconds: number,
    private readonly kek: Buffer,
    private readonly now: Clock,
  ) {}

  private verifyingKeys() {
    return this.db
      .select()
      .from(signingKeys)
      .where(
        or(
          isNull(signingKeys.retiredAt),
          sql`${signingKeys.retiredAt} > now() - make_interval(secs => ${this.ttlSeconds + RETIREMENT_MARGIN_SECONDS})`,
        ),
      )
      .orderBy(desc(signingKeys.createdAt));
  }

  private async newKey(): Promise<void> {
    const kid = randomBytes(8).toString('hex');
    await this.db
      .insert(signingKeys)
      .values({ kid, secret: wrapKey(this.kek, kid, randomBytes(32)), encryption: 'aes-256-gcm' })
      .onConflictDoNothing();
  }

  async load(force = false): Promise<void> {
    if (!force && this.current && performance.now() - this.loadedAt < 60_000) return;
    let rows = await this.verifyingKeys();
    if (!rows.some((r) => r.retiredAt === null)) {
      await this.newKey();
      rows = await this.verifyingKeys();
    }
    const keys = new Map<string, Uint8Array>();
    for (const row of rows) {
      if (row.encryption === 'none') {
        // A key stored before encryption at rest: encrypt it where it lies.
        await this.db
          .update(signingKeys)
          .set({ secret: wrapKey(this.kek, row.kid, row.secret), encryption: 'aes-256-gcm' })
          .where(and(eq(signingKeys.kid, row.kid), eq(signingKeys.encryption, 'none')));
        keys.set(row.kid, new Uint8Array(row.secret));
      } else {
        try {
          keys.set(row.kid, new Uint8Array(unwrapKey(this.kek, row.kid, row.secret)));
        } catch {
          throw new Error(
            `Token-signing key ${row.kid} cannot be decrypted: TOKEN_KEY_ENCRYPTION_KEY is not the key it was encrypted with.`,
          );
        }
      }
    }
    this.keys = keys;
    this.current = rows.find((r) => r.retiredAt === null)?.kid;
    this.loadedAt = performance.now();
  }

  /** A new signing key; the old ones stop signing now and verify until their tokens have expired. */
  async rotate(): Promise<{ kid: string }> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(signingKeys)
        .set({ retiredAt: sql`now()` })
        .where(isNull(signingKeys.retiredAt));
      const kid = randomBytes(8).toString('hex');
      await tx
        .insert(signingKeys)
        .values({ kid, secret: wrapKey(this.kek, kid, randomBytes(32)), encryption: 'aes-256-gcm' });
    });
    await this.load(true);
    return { kid: this.current! };
  }

  async issue(claims: AccessClaims): Promise<string> {
    await this.load();
    const kid = this.current!;
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ scope: claims.scope })
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setJti(randomBytes(12).toString('base64url'))
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.keys.get(kid)!);
  }

  /** Whether a token signed with `kid` still verifies (the keys are re-read at most once a minute). */
  async stillVerifies(kid: string): Promise<boolean> {
    await this.load();
    return this.keys.has(kid);
  }

  /** The claims of a valid token, or null for anything expired, forged, malformed or not an access token. */
  async verify(token: string): Promise<AccessClaims | null> {
    await this.load();
    try {
      const { payload, protectedHeader } = await jwtVerify(
        token,
        async (header) => {
          let key = header.kid ? this.keys.get(header.kid) : undefined;
          if (!key && header.kid) {
            await this.load(true);
            key = this.keys.get(header.kid);
          }
          if (!key) throw new joseErrors.JWSSignatureVerificationFailed();
          return key;
        },
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          // RFC 9068 §4: an access token says so in its header, and always expires.
          typ: 'at+jwt',
          requiredClaims: ['exp', 'iat', 'sub'],
          maxTokenAge: `${this.ttlSeconds + 60}s`,
          currentDate: this.now(),
        },
      );
      if (typeof payload.sub !== 'string' || typeof payload.scope !== 'string') return null;
      return {
        sub: payload.sub,
        scope: payload.scope,
        ...(typeof payload.exp === 'number' ? { expiresAtMs: payload.exp * 1000 } : {}),
        ...(typeof protectedHeader.kid === 'string' ? { kid: protectedHeader.kid } : {}),
      };
    } catch {
      return null;
    }
  }
}
