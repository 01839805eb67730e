import { Type } from 'typebox';
import { Strict } from '../../schemas/common.js';

/** Field shapes shared by the conversations schemas. */
export const Id = Type.String({ format: 'uuid', maxLength: 36 });
export const Instant = Type.String({ format: 'date-time', maxLength: 40 });
export const Day = Type.String({ format: 'date', maxLength: 10 });
export const Items = (maxLength: number, maxItems: number) =>
  Type.Array(Type.String({ minLength: 1, maxLength }), { maxItems });
export const Problems = Type.Array(
  Strict({ code: Type.String({ maxLength: 60 }), detail: Type.String({ maxLength: 500 }) }),
  { maxItems: 20 },
);
