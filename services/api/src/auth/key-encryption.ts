import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The key-encryption key's source, said out loud at start-up. */
export interface KeyEncryptionKey {
  key: Buffer;
  source: 'configured' | 'generated-local-file' | 'derived-for-tests';
  note?: string;
}

/** 32 bytes given as base64, base64url or 64 hex digits; anything else is refused. */
export function parseKeyEncryptionKey(value: string): Buffer {
  const text = value.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) {
    throw new Error('TOKEN_KEY_ENCRYPTION_KEY must be 32 bytes, as base64 or 64 hex digits (openssl rand -base64 32)');
  }
  return bytes;
}

/**
 * The key that encrypts token-signing keys at rest (AES-256-GCM). Production must be given one
 * (TOKEN_KEY_ENCRYPTION_KEY), kept apart from the database, so a copy of the database alone
 * cannot mint tokens. Development generates one into the data folder; tests derive a fixed one.
 */
export function resolveKeyEncryptionKey(config: Config): KeyEncryptionKey {
  if (config.TOKEN_KEY_ENCRYPTION_KEY) {
    return { key: parseKeyEncryptionKey(config.TOKEN_KEY_ENCRYPTION_KEY), source: 'configured' };
  }
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'TOKEN_KEY_ENCRYPTION_KEY is required in production: 32 random bytes as base64 (openssl rand -base64 32), ' +
        'kept outside the database. It encrypts the keys that sign access tokens.',
    );
  }
  if (config.NODE_ENV === 'test') {
    return {
      key: createHash('sha256').update('threefold test key-encryption key').digest(),
      source: 'derived-for-tests',
      note: 'Token-signing keys are encrypted with a fixed test key-encryption key (NODE_ENV=test).',
    };
  }
  const file = path.join(config.DATA_DIR, 'token-key-encryption-key');
  try {
    return {
      key: parseKeyEncryptionKey(readFileSync(file, 'utf8')),
      source: 'generated-local-file',
      note: `Token-signing keys are encrypted with the local key in ${file}; set TOKEN_KEY_ENCRYPTION_KEY in production.`,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  mkdirSync(config.DATA_DIR, { recursive: true });
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process started at the same moment and wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: parseKeyEncryptionKey(readFileSync(file, 'utf8')), source: 'generated-local-file' };
  }
  return {
    key,
    source: 'generated-local-file',
    note: `Generated a local key-encryption key for token-signing keys in ${file}; set TOKEN_KEY_ENCRYPTION_KEY in production.`,
  };
}

/** nonce ‖ tag ‖ ciphertext; the key id is bound as additional data, so a wrapped key cannot be moved to another row. */
export function wrapKey(kek: Buffer, kid: string, plain: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

export function unwrapKey(kek: Buffer, kid: string, wrapped: Buffer): Buffer {
  const nonce = wrapped.subarray(0, NONCE_BYTES);
  const tag = wrapped.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', kek, nonce);
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(wrapped.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
}
