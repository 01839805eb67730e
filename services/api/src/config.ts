import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { parseKeyEncryptionKey } from './auth/key-encryption.js';
import { StringEnum } from './schemas/common.js';

/** The repository root, so relative folders mean the same whichever package starts the API. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const Env = Type.Object({
  NODE_ENV: StringEnum(['development', 'production', 'test'] as const),
  HOST: Type.String({ minLength: 1 }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_REPLICA_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  WEB_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64 }),
  DATA_DIR: Type.String({ minLength: 1 }),
  EMBEDDED_PG_PORT: Type.Integer({ minimum: 0, maximum: 65535 }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200 }),
  DB_APP_ROLE: Type.String({ pattern: '^[a-z_][a-z0-9_]*$|^$' }),
  LOG_LEVEL: StringEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024 }),
  CORS_ORIGINS: Type.String(),
  TRUST_PROXY: Type.Boolean(),
  PUBLIC_BASE_URL: Type.String({ pattern: '^(https?://[^/?#]+)?$' }),
  SERVE_CONSOLE: Type.Boolean(),
  CONSOLE_DIR: Type.String({ minLength: 1 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000 }),
  CONNECTION_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000 }),
  IDEMPOTENCY_LEASE_SECONDS: Type.Integer({ minimum: 1, maximum: 3600 }),
  SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 120_000 }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000 }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0 }),
  RETRY_AFTER_SECONDS: Type.Integer({ minimum: 1, maximum: 3600 }),
  WEBHOOKS_ALLOW_PRIVATE: Type.Boolean(),
  WEBHOOKS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000 }),
  WEBHOOKS_RETRY_LIMIT: Type.Integer({ minimum: 0, maximum: 20 }),
  WEBHOOKS_RETRY_DELAY_SECONDS: Type.Integer({ minimum: 0, maximum: 3600 }),
  WEBHOOKS_RETRY_BACKOFF: Type.Boolean(),
  WEBHOOKS_DISPATCH_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000 }),
  WEBHOOKS_POLL_INTERVAL_MS: Type.Integer({ minimum: 500, maximum: 60_000 }),
  WEBHOOKS_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 50 }),
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
  SESSION_ABSOLUTE_HOURS: Type.Integer({ minimum: 1, maximum: 7 * 24 }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600 }),
  TOKEN_KEY_ENCRYPTION_KEY: Type.Optional(Type.String({ minLength: 1 })),
  CLIENT_SECRET_GRACE_HOURS: Type.Integer({ minimum: 0, maximum: 30 * 24 }),
  SIGN_IN_FREE_FAILURES: Type.Integer({ minimum: 1, maximum: 100 }),
  USER_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  PRINCIPAL_CACHE_MS: Type.Integer({ minimum: 0, maximum: 60_000 }),
  PRINCIPAL_CACHE_MAX: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  RATE_LIMIT_FLUSH_MS: Type.Integer({ minimum: 0, maximum: 600_000 }),
  INTENSIVE_PLAN_MAX_DAYS: Type.Integer({ minimum: 1, maximum: 365 }),
  TOUCHPOINT_MAX_GAP_DAYS: Type.Integer({ minimum: 1, maximum: 60 }),
  CONTINGENCY_PER_SPEND_PENCE: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  CONTINGENCY_PER_STORY_PENCE: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  SAFEGUARDING_DECISION_WORKING_DAYS: Type.Integer({ minimum: 1, maximum: 30 }),
  SAFEGUARDING_ENQUIRY_WORKING_DAYS: Type.Integer({ minimum: 1, maximum: 260 }),
  COUNCIL_LA_CODE: Type.String({ pattern: '^[0-9]{3}$' }),
  DOCUMENTS_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024 }),
  DOCUMENTS_STORE: StringEnum(['postgres', 's3'] as const),
  DOCUMENTS_S3_BUCKET: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
  DOCUMENTS_S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  DOCUMENTS_S3_REGION: Type.String({ minLength: 1 }),
  DOCUMENTS_S3_FORCE_PATH_STYLE: Type.Boolean(),
  IMPORT_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 4 * 1024 * 1024 * 1024 }),
  IMPORT_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 10_000 }),
  IMPORT_COMMIT_SWEEP_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400 }),
});
export type Config = Static<typeof Env>;

const defaults: Record<keyof Config, string | undefined> = {
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: '3000',
  DATABASE_URL: undefined,
  // A streaming replica that practice data, the returns and search read from; unset = the primary.
  DATABASE_REPLICA_URL: undefined,
  // API processes this command runs (Node's cluster module, sharing the port); each has its own pools.
  WEB_CONCURRENCY: '1',
  DATA_DIR: '.data',
  EMBEDDED_PG_PORT: '0',
  DB_POOL_MAX: '10',
  DB_APP_ROLE: 'threefold_app',
  LOG_LEVEL: 'info',
  BODY_LIMIT_BYTES: String(1024 * 1024),
  CORS_ORIGINS: '',
  TRUST_PROXY: 'false',
  PUBLIC_BASE_URL: '',
  SERVE_CONSOLE: 'true',
  CONSOLE_DIR: 'web-admin/dist',
  // A whole request (headers and body) must arrive within this; a slow sender gets 408.
  REQUEST_TIMEOUT_MS: '30000',
  // A socket with no bytes either way for this long is closed. Longer than the database's
  // statement timeout (30 s), so a slow answer is never cut off.
  CONNECTION_TIMEOUT_MS: '60000',
  // How long an Idempotency-Key stays claimed by a request that never finished (a crashed
  // instance) before a retry may take it over.
  IDEMPOTENCY_LEASE_SECONDS: '30',
  SHUTDOWN_DRAIN_MS: '1000',
  SHUTDOWN_TIMEOUT_MS: '20000',
  MAX_EVENT_LOOP_DELAY_MS: '1000',
  RETRY_AFTER_SECONDS: '10',
  WEBHOOKS_ALLOW_PRIVATE: 'false',
  WEBHOOKS_TIMEOUT_MS: '10000',
  WEBHOOKS_RETRY_LIMIT: '10',
  WEBHOOKS_RETRY_DELAY_SECONDS: '30',
  WEBHOOKS_RETRY_BACKOFF: 'true',
  WEBHOOKS_DISPATCH_INTERVAL_MS: '1000',
  WEBHOOKS_POLL_INTERVAL_MS: '2000',
  WEBHOOKS_CONCURRENCY: '4',
  SESSION_IDLE_MINUTES: '30',
  SESSION_ABSOLUTE_HOURS: '12',
  ACCESS_TOKEN_TTL_SECONDS: '600',
  TOKEN_KEY_ENCRYPTION_KEY: undefined,
  CLIENT_SECRET_GRACE_HOURS: '24',
  SIGN_IN_FREE_FAILURES: '5',
  USER_RATE_LIMIT_PER_MINUTE: '1200',
  // Sessions are re-read at least this often (sooner on a change, by LISTEN/NOTIFY); 0 = every request.
  PRINCIPAL_CACHE_MS: '5000',
  PRINCIPAL_CACHE_MAX: '10000',
  // How often each instance writes the rate-limit tokens it handed out; 0 = every request, in the database.
  RATE_LIMIT_FLUSH_MS: '250',
  INTENSIVE_PLAN_MAX_DAYS: '42',
  TOUCHPOINT_MAX_GAP_DAYS: '3',
  CONTINGENCY_PER_SPEND_PENCE: '25000',
  CONTINGENCY_PER_STORY_PENCE: '100000',
  OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE: '300',
  SAFEGUARDING_DECISION_WORKING_DAYS: '2',
  SAFEGUARDING_ENQUIRY_WORKING_DAYS: '20',
  COUNCIL_LA_CODE: '893',
  // Documents (modules/documents): the largest upload, and where the bytes are kept. `s3` needs a
  // bucket; credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, …).
  DOCUMENTS_MAX_BYTES: String(25 * 1024 * 1024),
  DOCUMENTS_STORE: 'postgres',
  DOCUMENTS_S3_BUCKET: undefined,
  DOCUMENTS_S3_ENDPOINT: undefined,
  DOCUMENTS_S3_REGION: 'eu-west-2',
  DOCUMENTS_S3_FORCE_PATH_STYLE: 'false',
  // The largest file an import accepts (a million people is about 200 MB of CSV), and rows per commit batch.
  IMPORT_MAX_BYTES: String(512 * 1024 * 1024),
  IMPORT_BATCH_SIZE: '500',
  // How often an instance queues again imports left `committing` by a worker that died (and at start).
  IMPORT_COMMIT_SWEEP_SECONDS: '60',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const integerKeys = new Set(
  Object.entries(Env.properties)
    .filter(([, s]) => (s as { type?: string }).type === 'integer')
    .map(([k]) => k),
);
const booleanKeys = new Set(
  Object.entries(Env.properties)
    .filter(([, s]) => (s as { type?: string }).type === 'boolean')
    .map(([k]) => k),
);

/**
 * Reads configuration from the environment, applying defaults, and fails with one line per
 * bad setting so an operator can fix them all at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof Config)[]) {
    const value =
      env[key] === '' &&
      (key === 'DATABASE_URL' ||
        key === 'DATABASE_REPLICA_URL' ||
        key === 'TOKEN_KEY_ENCRYPTION_KEY' ||
        key === 'DOCUMENTS_S3_BUCKET' ||
        key === 'DOCUMENTS_S3_ENDPOINT')
        ? undefined
        : (env[key] ?? defaults[key]);
    if (value === undefined) continue;
    if (integerKeys.has(key)) {
      if (!/^-?\d+$/.test(value)) {
        problems.push(`${key} must be a whole number (got "${value}")`);
        continue;
      }
      raw[key] = Number.parseInt(value, 10);
    } else if (booleanKeys.has(key)) {
      if (!/^(true|false|1|0)$/i.test(value)) {
        problems.push(`${key} must be true or false (got "${value}")`);
        continue;
      }
      raw[key] = /^(true|1)$/i.test(value);
    } else {
      raw[key] = value;
    }
  }
  Object.assign(raw, overrides);
  for (const error of Value.Errors(Env, raw)) {
    const key = error.instancePath.replace(/^\//, '') as keyof Config;
    if (!key || problems.some((p) => p.startsWith(`${key} `))) continue;
    const allowed = (Env.properties[key] as { enum?: string[] }).enum;
    if (key === 'DATABASE_URL') {
      // Never echo it: it may hold a password.
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL (or unset for the embedded database)');
    } else if (key === 'DATABASE_REPLICA_URL') {
      problems.push(
        'DATABASE_REPLICA_URL must be a postgres:// or postgresql:// URL (or unset to read from the primary)',
      );
    } else if (allowed) {
      problems.push(`${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw[key])})`);
    } else {
      problems.push(`${key} ${error.message} (got ${JSON.stringify(raw[key])})`);
    }
  }
  // Private destinations are for a developer's own receiver; in production they would let a
  // client make the API call into the practice's network.
  if (raw.NODE_ENV === 'production' && raw.WEBHOOKS_ALLOW_PRIVATE === true) {
    problems.push('WEBHOOKS_ALLOW_PRIVATE must be false in production');
  }
  // Never echo it: it is a secret.
  if (typeof raw.TOKEN_KEY_ENCRYPTION_KEY === 'string') {
    try {
      parseKeyEncryptionKey(raw.TOKEN_KEY_ENCRYPTION_KEY);
    } catch {
      problems.push('TOKEN_KEY_ENCRYPTION_KEY must be 32 bytes as base64 or 64 hex digits (openssl rand -base64 32)');
    }
  }
  // The embedded database is one server in this folder: no replica, and one process may run it.
  if (raw.DATABASE_REPLICA_URL && !raw.DATABASE_URL) {
    problems.push('DATABASE_REPLICA_URL needs DATABASE_URL (the embedded database has no replica)');
  }
  if (typeof raw.WEB_CONCURRENCY === 'number' && raw.WEB_CONCURRENCY > 1 && !raw.DATABASE_URL) {
    problems.push('WEB_CONCURRENCY above 1 needs DATABASE_URL (the embedded database serves one process)');
  }
  if (raw.DOCUMENTS_STORE === 's3' && !raw.DOCUMENTS_S3_BUCKET) {
    problems.push('DOCUMENTS_S3_BUCKET must be set when DOCUMENTS_STORE is s3');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = raw as Config;
  config.DATA_DIR = path.resolve(repoRoot, config.DATA_DIR);
  config.CONSOLE_DIR = path.resolve(repoRoot, config.CONSOLE_DIR);
  return config;
}

export function corsOrigins(config: Config): string[] {
  return config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}
