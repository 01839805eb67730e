import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { AppProblem, type FieldIssue } from '../errors.js';
import { lazyValidator } from './lazy-schemas.js';

const shared: Options = {
  // Unknown properties are an error the caller must hear about, never silently dropped.
  removeAdditional: false,
  allErrors: true,
  useDefaults: true,
  // OpenAPI's integer formats; sizes are enforced by minimum/maximum.
  formats: { int32: true, int64: true },
  strict: false,
};

function ajvWith(options: Options, schemas: TSchema[]): Ajv {
  const ajv = new Ajv({ ...shared, ...options });
  addFormats.default(ajv);
  for (const schema of schemas) ajv.addSchema(schema as object);
  return ajv;
}

/**
 * A JSON body is validated exactly as sent: `null` stays null and "12" is not 12. Query
 * strings, parameters and headers arrive as text, so they are coerced to the declared types.
 */
export function installValidators(app: FastifyInstance, schemas: TSchema[]): void {
  const body = ajvWith({ coerceTypes: false }, schemas);
  const text = ajvWith({ coerceTypes: 'array' }, schemas);
  // Compiled at each route's first request (see lazy-schemas.ts), not at start-up.
  app.setValidatorCompiler(({ schema, httpPart }) =>
    lazyValidator(() => (httpPart === 'body' ? body : text).compile<unknown>(schema) as ValidateFunction),
  );
}

// U+0000 (PostgreSQL cannot store it in text) and UTF-16 surrogates without their pair (not
// Unicode text; they cannot be encoded as UTF-8).
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every string a request carries — body, query string and path values, and the names of
 * properties too — that holds text PostgreSQL could not store, as one issue per field. One
 * regular-expression test per string, iteratively (a deeply nested body cannot overflow).
 */
export function unstorableText(value: unknown, where: FieldIssue['in']): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && issues.length < 20) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) issues.push(issueAt(where, path, 'must not contain NUL (U+0000) or unpaired surrogates'));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, String(i)] });
    } else if (v !== null && typeof v === 'object') {
      for (const [name, child] of Object.entries(v)) {
        if (UNSTORABLE.test(name)) {
          issues.push(issueAt(where, path, 'must not have a property name with NUL (U+0000) or unpaired surrogates'));
          continue;
        }
        stack.push({ value: child, path: [...path, name] });
      }
    }
  }
  return issues;
}

function issueAt(where: FieldIssue['in'], path: string[], message: string): FieldIssue {
  return {
    in: where,
    field: path.join('.'),
    pointer: `/${path.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    message,
  };
}

/** Refuses unstorable text with a 400 problem naming the field, before schema validation. */
export function installTextGuard(app: FastifyInstance): void {
  // A plain callback: nothing to wait for, and an async hook costs a promise per request.
  app.addHook('preValidation', (request, _reply, done) => {
    const issues = [
      ...unstorableText(request.params, 'params'),
      ...unstorableText(request.query, 'query'),
      ...unstorableText(request.body, 'body'),
    ];
    if (issues.length > 0) {
      return done(
        new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', issues),
      );
    }
    done();
  });
}
