import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppProblem, type FieldIssue } from '../errors.js';
import { problemContentType, type ProblemBody } from '../schemas/common.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const locations: Record<string, FieldIssue['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Turns Ajv's errors into one entry per field at fault, named the way the client sent it. */
export function fieldIssues(issues: AjvIssue[], context: string | undefined): FieldIssue[] {
  const where = locations[context ?? 'body'] ?? 'body';
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const segments = issue.instancePath.split('/').filter(Boolean).map(unescapePointer);
    let message = issue.message ?? 'is invalid';
    if (issue.keyword === 'required') {
      segments.push(String(issue.params.missingProperty));
      message = 'is required';
    } else if (issue.keyword === 'additionalProperties') {
      segments.push(String(issue.params.additionalProperty));
      message = 'is not a known field';
    } else if (issue.keyword === 'enum') {
      const allowed = issue.params.allowedValues as unknown[] | undefined;
      if (allowed) message = `must be one of: ${allowed.join(', ')}`;
    }
    const pointer = `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
    const field = segments.join('.');
    // anyOf/oneOf report each branch; one line per field is what a person can act on.
    if (out.some((o) => o.pointer === pointer && o.in === where)) continue;
    out.push({ in: where, field, pointer, message });
  }
  return out;
}

interface Mapped {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: FieldIssue[];
  headers?: Record<string, string>;
  extensions?: Pick<ProblemBody, 'candidates' | 'rules'>;
  /** `false` leaves out `instance` (the path), for answers about a URL that must not be echoed. */
  instance?: false;
}

const fastifyCodes: Record<string, Omit<Mapped, 'detail'>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', title: 'Unsupported media type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', title: 'Body too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty_body', title: 'Empty body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', title: 'Malformed JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length', title: 'Invalid Content-Length' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'invalid_content_type', title: 'Invalid Content-Type' },
  FST_ERR_CTP_INVALID_CONTENT_TYPE: { status: 400, code: 'invalid_content_type', title: 'Invalid Content-Type' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request', title: 'Bad request' },
};

function mapError(error: FastifyError & { validationContext?: string; cause?: unknown }): Mapped {
  if (error instanceof AppProblem) {
    return {
      status: error.status,
      code: error.code,
      title: error.title,
      ...(error.detail !== undefined ? { detail: error.detail } : {}),
      ...(error.errors ? { errors: error.errors } : {}),
      headers: error.headers,
      extensions: error.extensions,
    };
  }
  if (error.validation) {
    return {
      status: 400,
      code: 'validation_failed',
      title: 'Invalid request',
      detail: 'One or more fields are invalid.',
      errors: fieldIssues(error.validation as AjvIssue[], error.validationContext),
    };
  }
  const known = error.code ? fastifyCodes[error.code] : undefined;
  if (known) return { ...known, detail: error.message };
  // Body parsers throw a SyntaxError with status 400 on broken JSON.
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return { status: 400, code: 'malformed_json', title: 'Malformed JSON', detail: 'The body is not valid JSON.' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return {
      status,
      code: status === 429 ? 'rate_limited' : 'bad_request',
      title: 'Bad request',
      detail: error.message,
    };
  }
  return {
    status: status >= 500 && status < 600 ? status : 500,
    code: status === 503 ? 'unavailable' : 'internal_error',
    title: status === 503 ? 'Service unavailable' : 'Internal error',
    detail: 'Something went wrong on our side. Quote the request id if you contact the practice.',
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, mapped: Mapped): FastifyReply {
  const body: ProblemBody = {
    type: `urn:threefold:problem:${mapped.code}`,
    title: mapped.title,
    status: mapped.status,
    code: mapped.code,
    requestId: request.id,
    ...(mapped.instance === false ? {} : { instance: request.url.split('?')[0] ?? request.url }),
    ...(mapped.detail !== undefined ? { detail: mapped.detail } : {}),
    ...(mapped.errors ? { errors: mapped.errors } : {}),
    ...mapped.extensions,
  };
  for (const [name, value] of Object.entries(mapped.headers ?? {})) reply.header(name, value);
  return reply.code(mapped.status).type(problemContentType).send(body);
}

/**
 * Every error leaves as an RFC 9457 problem with a stable code and the request id.
 * Server faults are logged in full and answered with nothing internal.
 */
export const problemPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const mapped = mapError(error);
      if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: mapped.code, status: mapped.status }, 'request refused');
      return sendProblem(request, reply, mapped);
    });
  },
  { name: 'problem' },
);
