import { ageOn, dateInEngland, isIsoDate } from '@threefold/domain';

/** Dates and times as people in England read them, shared by every feature of the console. */

/** A calendar date the way people in England read it: "2 March 1941". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (!isIsoDate(iso)) return iso;
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  // Noon UTC keeps the day the same whatever the browser's time zone.
  return new Date(Date.UTC(year, month - 1, day, 12)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Age in whole years today in England, or null when the date is missing or not a date. */
export function ageToday(
  dateOfBirth: string | null | undefined,
  today: string = dateInEngland(new Date()),
): number | null {
  if (!dateOfBirth || !isIsoDate(dateOfBirth)) return null;
  return ageOn(dateOfBirth, today);
}

/** "2 March 1941 (84)", or "" with no date of birth. */
export function birthAndAge(dateOfBirth: string | null | undefined, today?: string): string {
  if (!dateOfBirth) return '';
  const age = ageToday(dateOfBirth, today);
  return age === null ? formatDate(dateOfBirth) : `${formatDate(dateOfBirth)} (${age})`;
}

/** A date-time the way people in England read it, in UK time: "25 November 2025 at 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
  return `${day} at ${time}`;
}

/** The time of day in UK time: "14:05". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
}
