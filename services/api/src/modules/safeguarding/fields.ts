import { Type, type TSchema } from 'typebox';

// The field primitives every safeguarding schema file shares (kept apart so they import no schema file).
export const Id = Type.String({ format: 'uuid', maxLength: 36 });
export const Instant = Type.String({ format: 'date-time', maxLength: 40 });
export const Day = Type.String({ format: 'date', maxLength: 10 });
export const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
