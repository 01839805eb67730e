/**
 * The console's one formatter for dates, numbers and counted words, as people in England read
 * them. Every page formats through here (or through `./dates`, which it re-exports), so "8 December",
 * "1,040" and "1 story" read the same on every screen.
 */
import { isIsoDate } from '@threefold/domain';

export { ageToday, birthAndAge, formatDate, formatDateTime, formatTime } from './dates';

const numbers = new Intl.NumberFormat('en-GB');
const plurals = new Intl.PluralRules('en-GB');

/** A whole number with thousands grouped: "1,040". */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return numbers.format(value);
}

/**
 * A count and its noun, agreeing: "1 story", "2 stories", "1,040 contacts". The plural defaults
 * to the singular with an "s".
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${plurals.select(count) === 'one' ? singular : plural}`;
}

/** The noun alone, agreeing with the count: "story" or "stories". */
export function pluralOf(count: number, singular: string, plural = `${singular}s`): string {
  return plurals.select(count) === 'one' ? singular : plural;
}

function calendarDay(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  // Noon UTC keeps the day the same whatever the browser's time zone.
  return new Date(Date.UTC(year, month - 1, day, 12));
}

/** A calendar date with its weekday, for deadlines close at hand: "Tue 8 December". */
export function formatDayDate(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  return calendarDay(iso).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
}

/** A short calendar date for a chart's axis: "3 Jun". */
export function formatShortDate(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  return calendarDay(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The first letter in capitals, the rest as written: "personal care" → "Personal care". */
export function capitalise(text: string): string {
  return text ? text[0]!.toLocaleUpperCase('en-GB') + text.slice(1) : text;
}

/**
 * A sentence's first letter in lower case, to run it on after a colon — but never a weekday's or
 * a month's, which keep their capital: "Due Tue 8 December" → "due Tue 8 December".
 */
export function lowerFirst(text: string): string {
  return text ? text[0]!.toLocaleLowerCase('en-GB') + text.slice(1) : text;
}
