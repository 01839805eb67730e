import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/**
 * Keys that carry personal data. Logs must never hold them: the audit log records who saw
 * what, and logs are read by people who have no right to the data itself.
 */
export const personalKeys = [
  'givenName',
  'familyName',
  'preferredName',
  'name',
  'fullName',
  'nhsNumber',
  'dateOfBirth',
  'address',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'phone',
  'email',
  'notes',
  'whatMatters',
  'story',
  'password',
  'totp',
  'totpCode',
  'clientSecret',
  'client_secret',
];

function redactPaths(): string[] {
  const paths = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];
  for (const key of personalKeys) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  return paths;
}

interface LoggedRequest {
  method: string;
  url: string;
  id: string;
  ip: string;
  /** Fastify's request: the matched route's pattern, when one matched. */
  routeOptions?: { url?: string | undefined };
}

/**
 * Path values can be personal too (a name typed where an id belongs), so a request is logged by
 * its route pattern (`/v1/people/:id`) and the names of its query parameters; the request id on
 * every line ties it to the audit trail. A path no route matched is not logged at all.
 */
export function loggedUrl(req: LoggedRequest): string {
  const pattern = req.routeOptions?.url;
  const q = req.url.indexOf('?');
  const query = q < 0 ? '' : safeUrl(`/${req.url.slice(q)}`).slice(1);
  return `${pattern && pattern !== '*' && pattern !== '/*' ? pattern : '(no route)'}${query}`;
}

/**
 * URLs can carry search terms (a name, an NHS number), so only the path and the names of the
 * query parameters are logged.
 */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const names = [...new Set(params.keys())].map((k) => `${k}=…`);
  return `${url.slice(0, q)}?${names.join('&')}`;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  stack?: string;
  statusCode?: number;
  cause?: unknown;
}

/**
 * Database errors echo values ("Key (nhs_number)=(...)", query parameters). Log their kind
 * and code, never their detail.
 */
export function safeError(err: ErrorLike): { type: string; message: string; stack: string; [key: string]: unknown } {
  const cause = err.cause as ErrorLike | undefined;
  const isQueryError = err.name === 'DrizzleQueryError' || /^Failed query/.test(err.message ?? '');
  return {
    type: err.name ?? 'Error',
    message: isQueryError ? 'database query failed' : (err.message ?? ''),
    code: err.code ?? cause?.code,
    statusCode: err.statusCode,
    stack: (isQueryError ? cause?.stack : err.stack) ?? '',
    cause: cause && !isQueryError ? { type: cause.name, code: cause.code } : undefined,
  };
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    serializers: {
      req(req: LoggedRequest) {
        return { method: req.method, url: loggedUrl(req), remoteAddress: req.ip };
      },
      err: safeError,
      error: safeError,
    },
    ...(config.NODE_ENV === 'development' && process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  };
}
