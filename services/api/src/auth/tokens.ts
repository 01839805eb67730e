import { randomBytes } from 'node:crypto';
import { signingKeys, type Database } from '@threefold/db';
import { desc, isNull } from 'drizzle-orm';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  /** machine_clients.id */
  sub: string;
  scope: string;
}

const ISSUER = 'threefold';
const AUDIENCE = 'threefold-api';

/**
 * HS256 access tokens. The keys live in the database, so every API instance signs and
 * verifies with the same ones and any instance can rotate them.
 */
export class TokenService {
  private keys = new Map<string, Uint8Array>();
  private current: string | undefined;
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    readonly ttlSeconds: number,
  ) {}

  private async load(force = false): Promise<void> {
    if (!force && this.current && Date.now() - this.loadedAt < 60_000) return;
    let rows = await this.db
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.createdAt));
    if (rows.length === 0) {
      await this.db
        .insert(signingKeys)
        .values({ kid: randomBytes(8).toString('hex'), secret: randomBytes(32) })
        .onConflictDoNothing();
      rows = await this.db
        .select()
        .from(signingKeys)
        .where(isNull(signingKeys.retiredAt))
        .orderBy(desc(signingKeys.createdAt));
    }
    this.keys = new Map(rows.map((r) => [r.kid, new Uint8Array(r.secret)]));
    this.current = rows[0]?.kid;
    this.loadedAt = Date.now();
  }

  async issue(claims: AccessClaims): Promise<string> {
    await this.load();
    const kid = this.current!;
    return new SignJWT({ scope: claims.scope })
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(randomBytes(12).toString('base64url'))
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.keys.get(kid)!);
  }

  /** The claims of a valid token, or null for anything expired, forged or malformed. */
  async verify(token: string): Promise<AccessClaims | null> {
    await this.load();
    try {
      const { payload } = await jwtVerify(
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
        { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
      );
      if (typeof payload.sub !== 'string' || typeof payload.scope !== 'string') return null;
      return { sub: payload.sub, scope: payload.scope };
    } catch {
      return null;
    }
  }
}
