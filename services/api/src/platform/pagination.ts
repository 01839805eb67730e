import { Type } from 'typebox';
import { AppProblem } from '../errors.js';

export const MAX_PAGE_SIZE = 200;

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, format: 'int32' })),
  cursor: Type.Optional(
    Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$', description: 'Opaque cursor from `nextCursor`.' }),
  ),
};

export const NextCursor = Type.Union([Type.String({ maxLength: 500 }), Type.Null()], {
  description: 'Pass as `cursor` for the next page; null on the last page.',
});

/** Keyset cursors are opaque to callers: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends (string | number)[]>(cursor: string | undefined, arity: number): T | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === arity &&
      value.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return value as T;
    }
  } catch {
    // fall through
  }
  throw new AppProblem(400, 'invalid_cursor', 'Invalid cursor', 'The cursor is not one this API issued.', [
    { in: 'query', field: 'cursor', pointer: '/cursor', message: 'is not a valid cursor' },
  ]);
}

/** Fetch limit + 1 rows; this trims the extra one and says where the next page starts. */
export function pageOf<R>(rows: R[], limit: number, keyOf: (row: R) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
