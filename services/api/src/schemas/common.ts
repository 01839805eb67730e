import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';

/**
 * A reference to a named component. At run time it is `{ $ref }`, resolved by Fastify from
 * the schemas added with `addSchema`; for the type provider it is the referenced type, so
 * handlers stay typed.
 */
export function ref<T extends TSchema>(schema: T): T {
  const id = (schema as { $id?: string }).$id;
  if (!id) throw new Error('ref() needs a schema with an $id');
  return Type.Unsafe<Static<T>>({ $ref: `${id}#` }) as unknown as T;
}

/** A string from a fixed list, published as a plain `enum` (not a union of one-value enums). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** An object that rejects properties it does not name: unknown fields are an error, never dropped. */
export function Strict<P extends TProperties>(properties: P, options: Record<string, unknown> = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const FieldError = Strict(
  {
    in: StringEnum(['body', 'query', 'params', 'headers'] as const),
    field: Type.String({ maxLength: 200, description: 'Dotted path of the field at fault, e.g. `address.postcode`.' }),
    pointer: Type.String({ maxLength: 200, description: 'JSON Pointer to the field at fault.' }),
    message: Type.String({ maxLength: 500 }),
  },
  { $id: 'FieldError', title: 'FieldError' },
);

export const Problem = Strict(
  {
    type: Type.String({
      maxLength: 200,
      format: 'uri',
      description: 'A URI naming the kind of problem: `urn:threefold:problem:<code>`.',
    }),
    title: Type.String({ maxLength: 200 }),
    status: Type.Integer({ minimum: 400, maximum: 599, format: 'int32' }),
    detail: Type.Optional(Type.String({ maxLength: 2000 })),
    instance: Type.Optional(Type.String({ maxLength: 2000 })),
    code: Type.String({
      maxLength: 100,
      pattern: '^[a-z0-9_.]+$',
      description: 'Stable, machine-readable problem code.',
    }),
    requestId: Type.String({ maxLength: 128 }),
    errors: Type.Optional(Type.Array(ref(FieldError), { maxItems: 100 })),
    candidates: Type.Optional(
      Type.Array(
        Strict({
          id: Type.String({ format: 'uuid', maxLength: 36 }),
          label: Type.String({ maxLength: 300 }),
          score: Type.Number({ minimum: 0, maximum: 10 }),
        }),
        { maxItems: 20, description: 'For `possible_duplicate`: the existing records it may duplicate.' },
      ),
    ),
    rules: Type.Optional(
      Type.Array(Strict({ code: Type.String({ maxLength: 60 }), detail: Type.String({ maxLength: 500 }) }), {
        maxItems: 20,
        description: 'For a 409 rule breach: every rule the request broke, each with its stable code.',
      }),
    ),
  },
  {
    $id: 'Problem',
    title: 'Problem',
    description: 'An RFC 9457 problem document. Every error answer has this shape.',
  },
);
export type ProblemBody = Static<typeof Problem>;

export const problemContentType = 'application/problem+json';

const problemDescriptions: Record<number, string> = {
  400: 'The request is malformed or a field is invalid.',
  401: 'No valid credentials were presented.',
  403: 'The credentials do not allow this.',
  404: 'Not found.',
  409: 'The request conflicts with the current state or a rule.',
  412: 'The resource has changed since it was read (If-Match).',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  422: 'The request is well-formed but cannot be processed.',
  428: 'An If-Match header is required.',
  429: 'Too many requests.',
  500: 'Something went wrong on our side.',
  503: 'The service is overloaded or shutting down; retry later.',
};

/** Problem answers for a route's `response`, served as `application/problem+json`. */
export function problems(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const status of [...new Set([...statuses, 500, 503])].sort()) {
    out[status] = {
      description: problemDescriptions[status] ?? 'Problem',
      content: { [problemContentType]: { schema: ref(Problem) } },
    };
  }
  return out;
}

/**
 * Care Act 2014 s67(4): whether the person has substantial difficulty in understanding relevant
 * information, retaining it, using or weighing it, and communicating their views — the first test
 * for an independent advocate, in assessment and planning (s67) and in safeguarding (s68).
 */
export const SubstantialDifficulty = Strict({
  understanding: Type.Boolean(),
  retaining: Type.Boolean(),
  weighing: Type.Boolean(),
  communicating: Type.Boolean(),
});

/** `/{id}` path parameters: resources are named by UUID. */
export const IdParams = Strict({ id: Type.String({ format: 'uuid', maxLength: 36 }) });

/** The ETag an update was made from; required (428 without) by the handlers that take it. */
export const IfMatchHeader = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 100 })) });

export const commonSchemas: TSchema[] = [FieldError, Problem];
