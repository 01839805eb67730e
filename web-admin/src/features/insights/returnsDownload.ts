import { daysBetween } from '@threefold/domain';
import { parseDateInput } from '@/format/dateInput';

/** The longest Client Level Data period the API gives (ten years: a full history backfill). */
export const CLD_MAX_DAYS = 3653;

/** The Client Level Data return's address for a period: the browser streams it straight to a file. */
export function clientLevelDataUrl(from: string, to: string): string {
  return `/v1/returns/client-level-data?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

/** The Safeguarding Adults Collection for the financial year starting in `year`, as CSV. */
export function safeguardingAdultsUrl(year: number): string {
  return `/v1/returns/safeguarding-adults?year=${year}&format=csv`;
}

/**
 * The period as typed (day first, as people write dates), checked as the API checks it: both
 * real dates, the end not before the start, at most ten years. Empty fields are not yet an error.
 */
export function checkPeriod(fromText: string, toText: string) {
  const errors: { from?: string; to?: string } = {};
  const from = parseDateInput(fromText);
  const to = parseDateInput(toText);
  if (fromText.trim() && !from) errors.from = 'Enter a real date, like 01/04/2026';
  if (toText.trim() && !to) errors.to = 'Enter a real date, like 30/06/2026';
  if (from && to && !errors.to) {
    const days = daysBetween(from, to);
    if (days < 0) errors.to = 'The end must be on or after the start';
    else if (days + 1 > CLD_MAX_DAYS) errors.to = 'The period can be at most ten years';
  }
  const url = from && to && !errors.from && !errors.to ? clientLevelDataUrl(from, to) : null;
  return { errors, url };
}

/** The financial years a collection can be asked for: this one (by England's date) and the four before. */
export function recentFinancialYears(today: string): { value: string; label: string }[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const current = month >= 4 ? year : year - 1;
  return Array.from({ length: 5 }, (_, i) => current - i).map((y) => ({
    value: String(y),
    label: `April ${y} to March ${y + 1}`,
  }));
}
