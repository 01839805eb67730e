import SerializerSelector from '@fastify/fast-json-stringify-compiler';

/**
 * Start-up used to compile a response serialiser (fast-json-stringify) and a validator (Ajv) for
 * every route and status before listening: seconds of CPU for hundreds of routes, most of which a
 * given instance may not serve for minutes. Each is now compiled the first time its route needs
 * it, and kept. `compileAllSchemas()` compiles whatever is still pending (tests call it to prove
 * every schema compiles; an operator can warm up after listening).
 */
const pending = new Set<() => unknown>();

/** Compiles every serialiser and validator not compiled yet; how many there were. */
export function compileAllSchemas(): number {
  const all = [...pending];
  for (const compile of all) compile();
  return all.length;
}

/** How many serialisers and validators are still waiting for their first use. */
export function pendingSchemaCompilations(): number {
  return pending.size;
}

/** `compile` once, on first use. */
export function onFirstUse<T>(compile: () => T): () => T {
  let done: { value: T } | undefined;
  const get = () => {
    if (!done) {
      done = { value: compile() };
      pending.delete(get);
    }
    return done.value;
  };
  pending.add(get);
  return get;
}

type SerializerFactory = SerializerSelector.SerializerFactory;
type RouteDefinition = SerializerSelector.RouteDefinition;
type Serializer = SerializerSelector.Serializer;

/** Fastify's own serializer factory, each route's serialiser compiled at its first answer. */
export const lazySerializerFactory: SerializerFactory = (externalSchemas, options) => {
  const compileFor = SerializerSelector.SerializerSelector()(externalSchemas, options);
  return (route: RouteDefinition): Serializer => {
    const serializer = onFirstUse(() => compileFor(route));
    return (doc: unknown) => serializer()(doc);
  };
};

/** An Ajv-style validator compiled at its first use; its `errors` are the compiled one's. */
export function lazyValidator<E>(compile: () => ((data: unknown) => boolean) & { errors?: E }) {
  const validator = onFirstUse(compile);
  const validate = (data: unknown) => {
    const fn = validator();
    const ok = fn(data);
    validate.errors = fn.errors;
    return ok;
  };
  validate.errors = undefined as E | undefined;
  return validate;
}
