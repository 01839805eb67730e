import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problemContentType, type ProblemBody } from '../schemas/common.js';
import { sendProblem } from './problem.js';

/**
 * Security headers for answers that never reach the app's hooks (helmet runs in onRequest):
 * the router's refusals and the HTTP parser's. A problem document needs no script, frame or
 * referrer, so these are stricter than the console's.
 */
export const bareSecurityHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'cache-control': 'no-store',
};

const routerErrors: Record<string, { status: number; code: string; title: string; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', title: 'Bad URL', detail: 'The URL is not validly encoded.' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'path_value_too_long',
    title: 'URI too long',
    detail: 'A value in the path is longer than any this API accepts.',
  },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request', title: 'Bad request', detail: 'Bad request.' },
};

/**
 * Fastify's `frameworkErrors`: the router refuses a URL before any route or hook runs. The
 * answer is a problem document with the request id and security headers; the URL is never
 * echoed (it is what was wrong, and may be an attack string).
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = routerErrors[error.code] ?? routerErrors.FST_ERR_ASYNC_CONSTRAINT!;
  request.log.info({ code: known.code, status: known.status }, 'request refused by the router');
  reply.headers({ ...bareSecurityHeaders, 'x-request-id': request.id });
  sendProblem(request, reply, { ...known, instance: false });
}

const parserErrors: Record<string, { status: number; code: string; title: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    title: 'Request timeout',
    detail: 'The request was not received in time.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    title: 'Request header fields too large',
    detail: 'The request line and headers together exceed 16 KB.',
  },
};
const malformed = {
  status: 400,
  code: 'malformed_request',
  title: 'Bad request',
  detail: 'The request is not well-formed HTTP.',
};

/** The raw HTTP answer for a parser error, as a problem document (exported for tests). */
export function clientErrorAnswer(code: string | undefined, requestId: string): string {
  const known = (code && parserErrors[code]) || malformed;
  const body: ProblemBody = {
    type: `urn:threefold:problem:${known.code}`,
    title: known.title,
    status: known.status,
    code: known.code,
    requestId,
    detail: known.detail,
  };
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    ...bareSecurityHeaders,
    'content-type': problemContentType,
    'content-length': String(Buffer.byteLength(text)),
    'x-request-id': requestId,
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n${lines.join('\r\n')}\r\n\r\n${text}`;
}

/**
 * Node's `clientError`: the HTTP parser refused the bytes (headers over 16 KB, a broken request
 * line) or the request took longer than `REQUEST_TIMEOUT_MS`. Answers as Node would — only when
 * nothing of a response has been written on the socket — but with a problem document.
 */
export function answerClientError(
  this: { log: { debug(o: object, m: string): void } },
  error: Error & { code?: string },
  socket: Socket & { _httpMessage?: { headersSent?: boolean } | null },
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  this.log.debug({ code: error.code, requestId }, 'client error');
  if (socket.writable && !socket._httpMessage?.headersSent) socket.write(clientErrorAnswer(error.code, requestId));
  socket.destroy(error);
}
