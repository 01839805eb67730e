import { dateInEngland } from '@threefold/domain';

/** Minutes UK time is ahead of UTC at an instant: 0 in winter (GMT), 60 in summer (BST). */
function londonOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * The instant today began in England, as an ISO string for the API's `from`: midnight UK time,
 * which is 00:00Z in winter and 23:00Z the day before in summer. Clocks change at 01:00 UTC, so
 * midnight itself is never skipped or repeated.
 */
export function startOfTodayInEngland(now: Date = new Date()): string {
  const [year, month, day] = dateInEngland(now).split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(year, month - 1, day);
  return new Date(midnightUtc - londonOffsetMinutes(midnightUtc) * 60_000).toISOString();
}

/** "2025-11-25T14:05" in UK time, for a datetime-local field. */
export function localInputValue(instant: Date): string {
  const offset = londonOffsetMinutes(instant.getTime());
  return new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local value ("2025-11-25T14:05", UK time) as an instant; null when it is not one. */
export function instantOfLocalInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // The offset at the guess is right except within an hour of a clock change, where the second look settles it.
  const first = guess - londonOffsetMinutes(guess) * 60_000;
  const instant = guess - londonOffsetMinutes(first) * 60_000;
  return Number.isNaN(instant) ? null : new Date(instant);
}
