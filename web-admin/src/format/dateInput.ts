import { isIsoDate } from '@threefold/domain';

/**
 * A date typed the way people in England write it — 2/3/1941, 02/03/1941, 2.3.1941, 2-3-1941 or
 * 2 3 1941 (day first) — or as 1941-03-02, as a calendar date "YYYY-MM-DD"; null when it is not a
 * real date. Two-digit years are refused: 02/03/41 could be 1941 or 2041.
 */
export function parseDateInput(text: string): string | null {
  const value = text.trim();
  if (isIsoDate(value)) return value;
  const match = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/.exec(value);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A calendar date as the date fields show it: "02/03/1941". */
export function dateInputOf(iso: string | null | undefined): string {
  if (!iso || !isIsoDate(iso)) return iso ?? '';
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}
