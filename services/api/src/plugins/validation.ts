import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';

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
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema));
}
