import type { DbOrTx } from '@threefold/db';
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * Inserts many rows as `insert … select … from unnest($1::text[], $2::text[], …)`: one array
 * parameter a column, whatever the number of rows, so PostgreSQL plans one small statement rather
 * than drizzle building (and the server parsing) a `values` list of rows × columns parameters.
 * Each value travels as text and is cast back to its column's type; a column that some rows leave
 * out takes its default value (a plain default) or null, as a `values` insert would for those rows.
 * With `onConflictDoNothing`, rows that meet a unique index are passed over; `returning` names a
 * column whose values the rows inserted answer (as text).
 */
export async function insertByUnnest<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean; returning?: PgColumn } = {},
): Promise<string[]> {
  if (!rows.length) return [];
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const used = columns.filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  const names: SQL[] = [];
  const arrays: SQL[] = [];
  const casts: SQL[] = [];
  used.forEach(([key, column], i) => {
    const fallback = column.default !== undefined && !isSql(column.default) ? column.default : null;
    const values = rows.map((r) => asText(column, (r as Record<string, unknown>)[key] ?? fallback));
    names.push(sql`${sql.identifier(dbName(column))}`);
    arrays.push(sql`${sql.param(values)}::text[]`);
    casts.push(castFrom(`c${i}`, column.getSQLType()));
  });
  const aliases = sql.raw(used.map((_, i) => `c${i}`).join(', '));
  const { rows: returned } = await tx.execute<{ value: string }>(sql`
    insert into ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)})
    select ${sql.join(casts, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as t(${aliases})
    ${options.onConflictDoNothing ? sql`on conflict do nothing` : sql``}
    ${options.returning ? sql`returning ${sql.identifier(dbName(options.returning))}::text as value` : sql``}`);
  return returned.map((r) => r.value);
}

/** The database's names are snake_case (the client's casing) unless the schema named the column. */
const dbName = (column: PgColumn): string => (column.keyAsName ? toSnakeCase(column.name) : column.name);

const isSql = (value: unknown): boolean => typeof value === 'object' && value !== null && 'getSQL' in value;

function asText(column: PgColumn, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const type = column.getSQLType();
  if (type.endsWith('[]') || type === 'jsonb' || type === 'json') return JSON.stringify(value);
  return String(value);
}

/** The text column of unnest back to the table's type (an array column arrives as a JSON array). */
function castFrom(alias: string, type: string): SQL {
  if (type.endsWith('[]'))
    return sql.raw(
      `case when ${alias} is null then null else array(select jsonb_array_elements_text(${alias}::jsonb))::${type} end`,
    );
  return sql.raw(`${alias}::${type}`);
}
