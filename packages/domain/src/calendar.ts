/**
 * Calendar dates for the practice in England. A date is an ISO 8601 calendar date string,
 * "YYYY-MM-DD", with no time or zone: a date of birth or a deadline day is the same day wherever
 * the server runs. An instant (a JavaScript Date) becomes a date only through dateInEngland.
 *
 * Arithmetic works on day numbers (days since 1970-01-01) computed with the proleptic Gregorian
 * civil-from-days algorithm, so nothing depends on the host's time zone or Date parsing quirks.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

function parts(date: IsoDate): YearMonthDay | null {
  const match = ISO_DATE.exec(date);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function partsOrThrow(date: IsoDate, what = 'date'): YearMonthDay {
  const ymd = parts(date);
  if (ymd === null) throw new RangeError(`${what} must be a real calendar date as YYYY-MM-DD, got "${date}"`);
  return ymd;
}

/** True for a real calendar date written YYYY-MM-DD ("2023-02-29" is not one). */
export function isIsoDate(value: string): boolean {
  return parts(value) !== null;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function formatParts({ year, month, day }: YearMonthDay): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Howard Hinnant's days_from_civil / civil_from_days, for the proleptic Gregorian calendar.
function toDayNumber({ year, month, day }: YearMonthDay): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): YearMonthDay {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function dayNumberOf(date: IsoDate, what?: string): number {
  return toDayNumber(partsOrThrow(date, what));
}

function dateOfDayNumber(dayNumber: number): IsoDate {
  const ymd = fromDayNumber(dayNumber);
  if (ymd.year < 0 || ymd.year > 9999) throw new RangeError('date falls outside the years 0000–9999');
  return formatParts(ymd);
}

/** Day of the week, 0 = Sunday … 6 = Saturday, as Date.prototype.getUTCDay counts. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumberOf(date) + 4) % 7) + 7) % 7;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/**
 * The same day of the month `months` later (or earlier), or the last day of that month when it is
 * shorter — so a review due 12 months after 29 February falls on 28 February, never in March.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be a whole number, got ${months}`);
  const { year, month, day } = partsOrThrow(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  if (newYear < 0 || newYear > 9999) throw new RangeError('date falls outside the years 0000–9999');
  return formatParts({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

/**
 * Age in completed years on a given date. Someone born on 29 February turns a year older on
 * 1 March in a non-leap year, the usual reading in England and Wales.
 */
export function ageOn(dateOfBirth: IsoDate, onDate: IsoDate): number {
  const born = partsOrThrow(dateOfBirth, 'date of birth');
  const on = partsOrThrow(onDate);
  if (onDate < dateOfBirth) throw new RangeError(`${onDate} is before the date of birth ${dateOfBirth}`);
  const hadBirthdayThisYear = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (hadBirthdayThisYear ? 0 : 1);
}

/** True when `date` is after `today`. Today is passed in, so that the rule stays a pure function. */
export function isFutureDate(date: IsoDate, today: IsoDate): boolean {
  return dayNumberOf(date) > dayNumberOf(today, 'today');
}

const englandDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in England at an instant. A contact logged at 00:30 on a summer morning is
 * 23:30 the day before in UTC; the practice's days (and deadlines) run on English clocks.
 */
export function dateInEngland(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('instant is not a valid date');
  const byType = Object.fromEntries(englandDateFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${byType['year']}-${byType['month']}-${byType['day']}`;
}

// ——— Bank holidays ———

export interface BankHoliday {
  date: IsoDate;
  name: string;
}

/**
 * Easter Sunday by the Anonymous Gregorian algorithm (Meeus/Jones/Butcher), which the Church of
 * England's tables follow and so, through the Banking and Financial Dealings Act 1971, do Good
 * Friday and Easter Monday.
 */
export function easterSunday(year: number): IsoDate {
  if (!Number.isSafeInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Easter is computed for Gregorian years 1583–9999, got ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatParts({ year, month, day });
}

/**
 * First year the rules below describe: the Early May bank holiday was first held in 1978. Earlier
 * years had a different pattern, and answering for them by today's rules would be quietly wrong.
 */
export const FIRST_BANK_HOLIDAY_RULE_YEAR = 1978;

interface OneOffChange {
  /** Holiday names (as the rules produce them) that did not happen on their usual day that year. */
  remove: readonly string[];
  add: readonly BankHoliday[];
}

// Royal proclamations that moved or added days, as published on GOV.UK. Update this table when a
// new proclamation is made — it is the only part of the calendar that is not a rule.
const ONE_OFF_CHANGES: Readonly<Record<number, OneOffChange>> = {
  1995: {
    remove: ['Early May bank holiday'],
    add: [{ date: '1995-05-08', name: 'Early May bank holiday (VE Day 50th anniversary)' }],
  },
  1999: { remove: [], add: [{ date: '1999-12-31', name: 'Millennium Celebrations' }] },
  2002: {
    remove: ['Spring bank holiday'],
    add: [
      { date: '2002-06-03', name: 'Golden Jubilee bank holiday' },
      { date: '2002-06-04', name: 'Spring bank holiday' },
    ],
  },
  2011: { remove: [], add: [{ date: '2011-04-29', name: 'Royal wedding' }] },
  2012: {
    remove: ['Spring bank holiday'],
    add: [
      { date: '2012-06-04', name: 'Spring bank holiday' },
      { date: '2012-06-05', name: 'Queen’s Diamond Jubilee' },
    ],
  },
  2020: {
    remove: ['Early May bank holiday'],
    add: [{ date: '2020-05-08', name: 'Early May bank holiday (VE day)' }],
  },
  2022: {
    remove: ['Spring bank holiday'],
    add: [
      { date: '2022-06-02', name: 'Spring bank holiday' },
      { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
      { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
    ],
  },
  2023: { remove: [], add: [{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }] },
};

const SATURDAY = 6;
const SUNDAY = 0;
const MONDAY = 1;

function firstMondayOf(year: number, month: number): IsoDate {
  const first = formatParts({ year, month, day: 1 });
  return addDays(first, (MONDAY - dayOfWeek(first) + 7) % 7);
}

function lastMondayOf(year: number, month: number): IsoDate {
  const last = formatParts({ year, month, day: daysInMonth(year, month) });
  return addDays(last, -((dayOfWeek(last) - MONDAY + 7) % 7));
}

function ruleBankHolidays(year: number): BankHoliday[] {
  const holidays: BankHoliday[] = [];

  const newYear = `${pad(year, 4)}-01-01`;
  const newYearShift = dayOfWeek(newYear) === SATURDAY ? 2 : dayOfWeek(newYear) === SUNDAY ? 1 : 0;
  holidays.push(
    newYearShift === 0
      ? { date: newYear, name: 'New Year’s Day' }
      : { date: addDays(newYear, newYearShift), name: 'New Year’s Day (substitute day)' },
  );

  const easter = easterSunday(year);
  holidays.push({ date: addDays(easter, -2), name: 'Good Friday' });
  holidays.push({ date: addDays(easter, 1), name: 'Easter Monday' });
  holidays.push({ date: firstMondayOf(year, 5), name: 'Early May bank holiday' });
  holidays.push({ date: lastMondayOf(year, 5), name: 'Spring bank holiday' });
  holidays.push({ date: lastMondayOf(year, 8), name: 'Summer bank holiday' });

  // When Christmas or Boxing Day falls at a weekend, each takes the next weekday the other has not
  // already taken: Sat 25 → Mon 27 and Tue 28; Sun 25 → Mon 26 (Boxing Day) and Tue 27;
  // Fri 25 → Mon 28 for Boxing Day.
  const christmas = `${pad(year, 4)}-12-25`;
  switch (dayOfWeek(christmas)) {
    case SATURDAY:
      holidays.push({ date: `${pad(year, 4)}-12-27`, name: 'Christmas Day (substitute day)' });
      holidays.push({ date: `${pad(year, 4)}-12-28`, name: 'Boxing Day (substitute day)' });
      break;
    case SUNDAY:
      holidays.push({ date: `${pad(year, 4)}-12-26`, name: 'Boxing Day' });
      holidays.push({ date: `${pad(year, 4)}-12-27`, name: 'Christmas Day (substitute day)' });
      break;
    case 5: // Friday
      holidays.push({ date: christmas, name: 'Christmas Day' });
      holidays.push({ date: `${pad(year, 4)}-12-28`, name: 'Boxing Day (substitute day)' });
      break;
    default:
      holidays.push({ date: christmas, name: 'Christmas Day' });
      holidays.push({ date: `${pad(year, 4)}-12-26`, name: 'Boxing Day' });
  }
  return holidays;
}

const bankHolidaysByYear = new Map<number, readonly BankHoliday[]>();

/**
 * Bank holidays in England and Wales for a year, in date order: the statutory and proclaimed
 * pattern (with substitute days when a holiday falls at a weekend) plus known one-off changes.
 */
export function englandAndWalesBankHolidays(year: number): readonly BankHoliday[] {
  const cached = bankHolidaysByYear.get(year);
  if (cached) return cached;
  if (!Number.isSafeInteger(year) || year < FIRST_BANK_HOLIDAY_RULE_YEAR || year > 9999) {
    throw new RangeError(`bank holidays are known for ${FIRST_BANK_HOLIDAY_RULE_YEAR}–9999, got ${year}`);
  }
  const change = ONE_OFF_CHANGES[year];
  const holidays = ruleBankHolidays(year)
    .filter((holiday) => !change?.remove.includes(holiday.name))
    .concat(change?.add ?? [])
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frozen = Object.freeze(holidays.map((holiday) => Object.freeze({ ...holiday })));
  bankHolidaysByYear.set(year, frozen);
  return frozen;
}

export function isBankHoliday(date: IsoDate): boolean {
  const { year } = partsOrThrow(date);
  return englandAndWalesBankHolidays(year).some((holiday) => holiday.date === date);
}

/** Monday to Friday and not a bank holiday in England and Wales. */
export function isWorkingDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== SATURDAY && weekday !== SUNDAY && !isBankHoliday(date);
}

/**
 * The `n`th working day after `date` (before it, when `n` is negative); `date` itself for 0.
 * The day counted from is never counted, so a concern raised on Friday with a two-working-day
 * decision deadline is due on Tuesday, whether or not it was raised on a working day.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  partsOrThrow(date);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current)) remaining--;
  }
  return current;
}

/**
 * Working days after `from` up to and including `to` — how many working days a deadline set on
 * `from` has used by `to`. Negative when `to` is earlier, so that swapping the dates flips the sign.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const start = dayNumberOf(from);
  const end = dayNumberOf(to);
  // 0 − x rather than −x, so that no working days back is 0 and not −0.
  if (end < start) return 0 - workingDaysBetween(to, from);
  // Counted, not walked day by day: spans of decades are common when reporting on a whole history.
  let count = weekdaysBefore(end + 1) - weekdaysBefore(start + 1);
  for (let year = fromDayNumber(start).year; year <= fromDayNumber(end).year; year++) {
    for (const holiday of englandAndWalesBankHolidays(year)) {
      const day = dayNumberOf(holiday.date);
      const weekday = dayOfWeek(holiday.date);
      if (day > start && day <= end && weekday !== SATURDAY && weekday !== SUNDAY) count--;
    }
  }
  return count;
}

// Weekdays among day numbers 0 … n − 1 (negative n counts backwards). Day 0, 1970-01-01, was a
// Thursday, so the first days of each seven run Thu, Fri, Sat, Sun, Mon, Tue, Wed.
const WEEKDAYS_IN_FIRST_DAYS_OF_WEEK = [0, 1, 2, 2, 2, 3, 4] as const;

function weekdaysBefore(n: number): number {
  const weeks = Math.floor(n / 7);
  return weeks * 5 + (WEEKDAYS_IN_FIRST_DAYS_OF_WEEK[n - weeks * 7] ?? 0);
}
