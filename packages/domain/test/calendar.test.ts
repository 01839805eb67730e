import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  ageOn,
  dateInEngland,
  dayOfWeek,
  daysBetween,
  easterSunday,
  englandAndWalesBankHolidays,
  isBankHoliday,
  isFutureDate,
  isIsoDate,
  isWorkingDay,
  workingDaysBetween,
} from '../src/index.js';

const DAY_MS = 86_400_000;
const isoOf = (date: Date) => date.toISOString().slice(0, 10);
// Dates the practice will meet. The bank holiday rules hold from 1978; starting in 1980 leaves room
// to count a few hundred working days back.
const practiceDate = fc
  .integer({ min: Date.UTC(1980, 0, 1) / DAY_MS, max: Date.UTC(2199, 11, 31) / DAY_MS })
  .map((day) => isoOf(new Date(day * DAY_MS)));
const anyDate = fc
  .integer({ min: Date.UTC(1, 0, 1) / DAY_MS, max: Date.UTC(9999, 11, 31) / DAY_MS })
  .map((day) => isoOf(new Date(day * DAY_MS)));

const datesOf = (year: number) => englandAndWalesBankHolidays(year).map((holiday) => holiday.date);

describe('dates', () => {
  it('knows a real calendar date', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-00-10')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
    expect(isIsoDate('2024-01-01T00:00:00Z')).toBe(false);
  });

  it('refuses to do arithmetic on something that is not a date', () => {
    expect(() => addDays('2023-02-29', 1)).toThrow(RangeError);
    expect(() => dayOfWeek('29/02/2024')).toThrow(RangeError);
    expect(() => addDays('2024-01-01', 0.5)).toThrow(RangeError);
  });

  it('adds days and months', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-15');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
  });

  it('agrees with JavaScript dates on days of the week and day counts', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (date, days) => {
        const utc = new Date(`${date}T00:00:00Z`);
        expect(dayOfWeek(date)).toBe(utc.getUTCDay());
        const later = new Date(utc.getTime() + days * DAY_MS);
        fc.pre(later.getUTCFullYear() >= 0 && later.getUTCFullYear() <= 9999);
        expect(addDays(date, days)).toBe(isoOf(later));
        expect(daysBetween(date, addDays(date, days))).toBe(days);
      }),
    );
  });

  it('adding months keeps the day where it can, else the last of the month', () => {
    fc.assert(
      fc.property(practiceDate, fc.integer({ min: -240, max: 240 }), (date, months) => {
        const result = addMonths(date, months);
        expect(isIsoDate(result)).toBe(true);
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const [ry, rm, rd] = result.split('-').map(Number) as [number, number, number];
        expect(ry * 12 + rm - (y * 12 + m)).toBe(months);
        if (rd !== d) {
          expect(rd).toBeLessThan(d);
          expect(addDays(result, 1).slice(8)).toBe('01');
        }
      }),
    );
  });
});

describe('ageOn', () => {
  it('counts completed years', () => {
    expect(ageOn('1950-06-15', '2024-06-14')).toBe(73);
    expect(ageOn('1950-06-15', '2024-06-15')).toBe(74);
    expect(ageOn('1950-06-15', '2024-12-31')).toBe(74);
    expect(ageOn('2006-05-01', '2024-05-01')).toBe(18);
    expect(ageOn('2006-05-01', '2024-04-30')).toBe(17);
    expect(ageOn('2024-05-01', '2024-05-01')).toBe(0);
  });

  it('lets someone born on 29 February turn a year older on 1 March in other years', () => {
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageOn('2004-02-29', '2022-03-01')).toBe(18);
    expect(ageOn('2004-02-29', '2024-02-28')).toBe(19);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });

  it('refuses a date before birth and dates that are not dates', () => {
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow(RangeError);
    expect(() => ageOn('2001-02-29', '2024-01-01')).toThrow('date of birth');
  });

  it('never goes down as time passes, and rises by one each anniversary', () => {
    fc.assert(
      fc.property(anyDate, fc.nat(40_000), fc.nat(40_000), (born, a, b) => {
        fc.pre(born <= '9880-01-01');
        const earlier = addDays(born, Math.min(a, b));
        const later = addDays(born, Math.max(a, b));
        expect(ageOn(born, later)).toBeGreaterThanOrEqual(ageOn(born, earlier));
        fc.pre(!born.endsWith('-02-29'));
        const years = Math.floor(a / 366);
        expect(ageOn(born, addMonths(born, 12 * years))).toBe(years);
        expect(ageOn(born, addDays(addMonths(born, 12 * (years + 1)), -1))).toBe(years);
      }),
    );
  });
});

describe('isFutureDate', () => {
  it('is true only after today', () => {
    expect(isFutureDate('2025-01-02', '2025-01-01')).toBe(true);
    expect(isFutureDate('2025-01-01', '2025-01-01')).toBe(false);
    expect(isFutureDate('2024-12-31', '2025-01-01')).toBe(false);
    expect(() => isFutureDate('2025-01-01', 'today')).toThrow('today');
  });
});

describe('dateInEngland', () => {
  it('uses English clocks, summer time included', () => {
    expect(dateInEngland(new Date('2024-07-01T23:30:00Z'))).toBe('2024-07-02'); // 00:30 BST
    expect(dateInEngland(new Date('2024-01-01T23:30:00Z'))).toBe('2024-01-01'); // 23:30 GMT
    expect(dateInEngland(new Date('2024-03-31T00:59:59Z'))).toBe('2024-03-31'); // last second of GMT
    expect(dateInEngland(new Date('2024-10-26T23:00:00Z'))).toBe('2024-10-27'); // midnight BST
    expect(() => dateInEngland(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('Easter', () => {
  it.each([
    [1818, '1818-03-22'], // earliest possible
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'], // latest possible
    [2285, '2285-03-22'],
  ])('falls in %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(dayOfWeek(easter)).toBe(0);
        expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
      }),
    );
  });
});

describe('bank holidays in England and Wales', () => {
  it.each([
    [2020, ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28']],
    [2021, ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28']],
    [2022, ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27']],
    [2023, ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26']],
    [2024, ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26']],
    [2025, ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26']],
    [2026, ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28']],
    [2027, ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28']],
  ])('match the published list for %i', (year, days) => {
    expect(datesOf(year)).toEqual(days.map((day) => `${year}-${day}`));
  });

  it('name the days as GOV.UK does, substitutes included', () => {
    const names = (year: number) => Object.fromEntries(englandAndWalesBankHolidays(year).map((h) => [h.date, h.name]));
    expect(names(2022)).toMatchObject({
      '2022-01-03': 'New Year’s Day (substitute day)',
      '2022-06-02': 'Spring bank holiday',
      '2022-06-03': 'Platinum Jubilee bank holiday',
      '2022-12-26': 'Boxing Day',
      '2022-12-27': 'Christmas Day (substitute day)',
    });
    expect(names(2021)).toMatchObject({
      '2021-12-27': 'Christmas Day (substitute day)',
      '2021-12-28': 'Boxing Day (substitute day)',
    });
    expect(names(2026)['2026-12-28']).toBe('Boxing Day (substitute day)');
    expect(names(2024)['2024-05-27']).toBe('Spring bank holiday');
  });

  it('include the earlier one-off days', () => {
    expect(isBankHoliday('1999-12-31')).toBe(true);
    expect(isBankHoliday('2011-04-29')).toBe(true);
    expect(datesOf(2012)).toContain('2012-06-05');
    expect(datesOf(2012)).not.toContain('2012-05-28');
  });

  it('are not known before the rules began', () => {
    expect(() => englandAndWalesBankHolidays(1977)).toThrow(RangeError);
    expect(() => isWorkingDay('1977-06-01')).toThrow(RangeError);
  });

  it('fall on weekdays, in date order, eight a year apart from proclaimed changes', () => {
    const changedYears = new Set([1995, 1999, 2002, 2011, 2012, 2020, 2022, 2023]);
    fc.assert(
      fc.property(fc.integer({ min: 1978, max: 9999 }), (year) => {
        const days = datesOf(year);
        for (const day of days) {
          expect(day.startsWith(`${year}-`)).toBe(true);
          expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(day));
        }
        expect([...days].sort()).toEqual(days);
        expect(new Set(days).size).toBe(days.length);
        if (!changedYears.has(year)) expect(days).toHaveLength(8);
      }),
    );
  });
});

describe('working days', () => {
  it('skip weekends and bank holidays', () => {
    expect(isWorkingDay('2024-03-28')).toBe(true); // Thursday before Easter
    expect(isWorkingDay('2024-03-29')).toBe(false); // Good Friday
    expect(isWorkingDay('2024-03-30')).toBe(false); // Saturday
    expect(isWorkingDay('2024-04-01')).toBe(false); // Easter Monday
    expect(isWorkingDay('2024-04-02')).toBe(true);
  });

  it('count forward and back from a day', () => {
    expect(addWorkingDays('2024-03-22', 2)).toBe('2024-03-26'); // Friday + 2 → Tuesday
    expect(addWorkingDays('2024-03-28', 1)).toBe('2024-04-02'); // over Easter
    expect(addWorkingDays('2024-03-30', 1)).toBe('2024-04-02'); // raised on a Saturday
    expect(addWorkingDays('2024-12-21', 3)).toBe('2024-12-27'); // over Christmas
    expect(addWorkingDays('2024-03-30', 0)).toBe('2024-03-30');
    expect(addWorkingDays('2024-04-02', -1)).toBe('2024-03-28');
    expect(() => addWorkingDays('2024-04-02', 1.5)).toThrow(RangeError);
  });

  it('count the working days after one date up to another', () => {
    expect(workingDaysBetween('2024-03-28', '2024-04-02')).toBe(1);
    expect(workingDaysBetween('2024-04-02', '2024-03-28')).toBe(-1);
    expect(workingDaysBetween('2024-04-02', '2024-04-02')).toBe(0);
    expect(Object.is(workingDaysBetween('2024-03-31', '2024-03-30'), 0)).toBe(true); // a weekend back: 0, not -0
    expect(workingDaysBetween('2023-12-31', '2024-12-31')).toBe(254); // 262 weekdays − 8 bank holidays
    expect(workingDaysBetween('2024-12-31', '2025-12-31')).toBe(253); // 261 weekdays − 8 bank holidays
  });

  it('land on a working day', () => {
    fc.assert(
      fc.property(practiceDate, fc.integer({ min: 1, max: 500 }), (date, n) => {
        expect(isWorkingDay(addWorkingDays(date, n))).toBe(true);
        expect(isWorkingDay(addWorkingDays(date, -n))).toBe(true);
      }),
    );
  });

  it('add up: the days between a date and n working days later are n', () => {
    fc.assert(
      fc.property(practiceDate, fc.integer({ min: 0, max: 500 }), (date, n) => {
        const later = addWorkingDays(date, n);
        expect(workingDaysBetween(date, later)).toBe(n);
        // Only the last day counted is a working day in between: the one before it has one fewer.
        if (n >= 1) expect(workingDaysBetween(date, addDays(later, -1))).toBe(n - 1);
      }),
    );
  });

  it('counting back from a working day is the mirror image', () => {
    fc.assert(
      fc.property(practiceDate, fc.integer({ min: 0, max: 500 }), (date, n) => {
        fc.pre(isWorkingDay(date));
        expect(workingDaysBetween(addWorkingDays(date, -n), date)).toBe(n);
        expect(addWorkingDays(addWorkingDays(date, -n), n)).toBe(date);
      }),
    );
  });

  it('count the same as walking day by day', () => {
    fc.assert(
      fc.property(practiceDate, fc.integer({ min: 0, max: 800 }), (from, span) => {
        let walked = 0;
        for (let day = 1; day <= span; day++) if (isWorkingDay(addDays(from, day))) walked++;
        expect(workingDaysBetween(from, addDays(from, span))).toBe(walked);
      }),
    );
  });

  it('swapping the dates flips the sign', () => {
    fc.assert(
      fc.property(practiceDate, practiceDate, (a, b) => {
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, a)).toBe(0);
      }),
    );
  });

  it('split at any date in between', () => {
    fc.assert(
      fc.property(practiceDate, fc.nat(400), fc.nat(400), (a, x, y) => {
        const b = addDays(a, x);
        const c = addDays(b, y);
        expect(workingDaysBetween(a, c)).toBe(workingDaysBetween(a, b) + workingDaysBetween(b, c));
        expect(workingDaysBetween(a, b)).toBeLessThanOrEqual(x);
      }),
    );
  });
});
