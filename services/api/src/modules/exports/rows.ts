import type { DbOrTx } from '@threefold/db';
import type { HandBackFile } from './files.js';

type Row = Record<string, unknown>;

/** Pence as pounds for a file an import reads again ("1234.56", no symbol or separators). */
export function poundsCell(pence: number | null | undefined): string {
  if (pence == null) return '';
  const magnitude = Math.abs(pence);
  return `${pence < 0 ? '-' : ''}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** A value as it stands in a CSV cell. */
export function cell(value: unknown): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Every row of a file, a page at a time, with the council's ids where the record came from the council. */
export async function* rowsOf(
  db: DbOrTx,
  spec: HandBackFile,
  references: (kind: string, ids: string[]) => Promise<Map<string, { source: string; externalId: string }>>,
  today: string,
  pageSize = 500,
): AsyncGenerator<Row[]> {
  let after: string | null = null;
  for (;;) {
    const page = await spec.page(db, after, pageSize);
    if (page.length) {
      let rows = spec.expand ? await spec.expand(db, page, today) : page;
      if (spec.council) {
        const { kind, key } = spec.council;
        const refs = await references(
          kind,
          rows.map((r) => r[key] as string),
        );
        rows = rows.map((r) => {
          const ref = refs.get(r[key] as string);
          return { ...r, councilSource: ref?.source ?? null, councilId: ref?.externalId ?? null };
        });
      }
      yield rows;
    }
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id as string;
  }
}
