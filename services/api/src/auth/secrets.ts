import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { generate, generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. (2 = Algorithm.Argon2id, a const enum.)
const argon2Options = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashSecret(plain: string): Promise<string> {
  return hash(plain, argon2Options);
}

export async function verifySecret(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so both paths cost the same. */
let decoyHash: Promise<string> | undefined;
export function decoy(): Promise<string> {
  decoyHash ??= hashSecret(randomBytes(16).toString('hex'));
  return decoyHash;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const totp = {
  newSecret: () => generateSecret(),
  uri: (secret: string, label: string) => generateURI({ issuer: 'Threefold', label, secret }),
  qrSvg: (uri: string) => QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  /** The current code; used by the create-admin command's output and by tests. */
  now: (secret: string) => generate({ secret }),
  /**
   * Accepts the current step and one either side (clock drift), and never a step at or before
   * the last one accepted, so an overheard code cannot be replayed.
   */
  async check(secret: string, code: string, lastStep: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const result = await verifyTotp({
      secret,
      token: code,
      epochTolerance: 30,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return result.valid ? (result as { timeStep: number }).timeStep : null;
  },
};
