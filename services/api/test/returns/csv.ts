import { parse } from 'csv-parse/sync';

/** A returns CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) as records by header. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true }) as Record<string, string>[];
}
