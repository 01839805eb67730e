import type { DbOrTx } from '@threefold/db';
import type { HandBackColumn } from './files.js';

/** The columns and row shapes the hand-back files share. */
export type Row = Record<string, unknown>;
export type PageReader = (db: DbOrTx, afterId: string | null, limit: number) => Promise<Row[]>;

export const c = (name: string, type: HandBackColumn['type'], description: string): HandBackColumn => ({
  name,
  type,
  description,
});
export const id = c('threefoldId', 'uuid', 'Threefold’s id for the record (uuid).');
export const person = c('personId', 'uuid', 'The person (threefoldId in people.csv).');
export const councilColumns = [
  c('councilSource', 'text', 'The council system the record came from (as named in the import mapping), if it did.'),
  c('councilId', 'text', 'The council’s own id for the record in that system, if it came from one.'),
];
export const asRows = (reader: (db: DbOrTx, afterId: string | null, limit: number) => Promise<object[]>): PageReader =>
  reader as PageReader;
export const withId = (rows: object[]): Row[] => rows.map((r) => ({ threefoldId: (r as { id: string }).id, ...r }));
