import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertPence,
  formatPounds,
  isPence,
  lineWeeklyCost,
  parsePoundsToPence,
  poundsProblem,
  splitBudget,
  sumPence,
  weeklyToAnnual,
  weeklyToFourWeekly,
} from '../src/index.js';

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const anyPence = fc.maxSafeInteger(); // every safe integer, negative ones included
// Weekly amounts small enough that 52 weeks of them still fit exactly.
const weeklyPence = fc.integer({
  min: -Math.floor(Number.MAX_SAFE_INTEGER / 52),
  max: Math.floor(Number.MAX_SAFE_INTEGER / 52),
});

describe('pence', () => {
  it('are whole, safe numbers', () => {
    expect(isPence(0)).toBe(true);
    expect(isPence(-250)).toBe(true);
    expect(isPence(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isPence(12.5)).toBe(false);
    expect(isPence(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isPence(Number.NaN)).toBe(false);
    expect(isPence(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isPence('100')).toBe(false);
    expect(() => assertPence(0.1, 'unit cost')).toThrow('unit cost must be a whole number of pence');
    expect(() => assertPence(100)).not.toThrow();
  });
});

describe('weekly, four-weekly and annual figures', () => {
  it('multiply exactly', () => {
    expect(weeklyToFourWeekly(12_345)).toBe(49_380);
    expect(weeklyToAnnual(12_345)).toBe(641_940);
    expect(weeklyToAnnual(0)).toBe(0);
  });

  it('refuse fractions of a penny and totals that cannot be held exactly', () => {
    expect(() => weeklyToFourWeekly(10.5)).toThrow(RangeError);
    expect(() => weeklyToAnnual(Number.MAX_SAFE_INTEGER)).toThrow('annual amount is too large');
    expect(() => weeklyToFourWeekly(Math.floor(Number.MAX_SAFE_INTEGER / 4) + 1)).toThrow(RangeError);
  });

  it('never drift: four-weekly is 4 weeks, annual is 52 weeks and 13 four-weekly periods', () => {
    fc.assert(
      fc.property(weeklyPence, (weekly) => {
        const fourWeekly = weeklyToFourWeekly(weekly);
        const annual = weeklyToAnnual(weekly);
        expect(BigInt(fourWeekly)).toBe(BigInt(weekly) * 4n);
        expect(BigInt(annual)).toBe(BigInt(weekly) * 52n);
        expect(annual).toBe(13 * fourWeekly);
        expect(isPence(annual)).toBe(true);
      }),
    );
  });
});

describe('sumPence', () => {
  it('adds', () => {
    expect(sumPence([])).toBe(0);
    expect(sumPence([100, 250, -50])).toBe(300);
  });

  it('is exact where floating-point addition would not be', () => {
    // In doubles MAX_SAFE + 2 rounds, so the naive sum comes out 1 too high; the exact answer is MAX_SAFE.
    expect(Number.MAX_SAFE_INTEGER + 2 - 2).not.toBe(Number.MAX_SAFE_INTEGER);
    expect(sumPence([Number.MAX_SAFE_INTEGER, 2, -2])).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses fractions and totals that cannot be held exactly', () => {
    expect(() => sumPence([1, 0.5])).toThrow(RangeError);
    expect(() => sumPence([Number.MAX_SAFE_INTEGER, 1])).toThrow('total is too large');
  });

  it('does not depend on order or grouping', () => {
    const amountsAndReordering = fc
      .array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 30 })
      .chain((all) =>
        fc.tuple(
          fc.constant(all),
          fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
          fc.integer({ min: 0, max: all.length }),
        ),
      );
    fc.assert(
      fc.property(amountsAndReordering, ([all, shuffled, cut]) => {
        expect(sumPence(shuffled)).toBe(sumPence(all));
        expect(sumPence([sumPence(all.slice(0, cut)), sumPence(all.slice(cut))])).toBe(sumPence(all));
        // At this size ordinary addition is exact, so it is a fair oracle.
        expect(sumPence(all)).toBe(all.reduce((total, amount) => total + amount, 0));
      }),
    );
  });
});

describe('formatPounds', () => {
  it('writes pounds the en-GB way', () => {
    expect(formatPounds(123_456)).toBe('£1,234.56');
    expect(formatPounds(0)).toBe('£0.00');
    expect(formatPounds(5)).toBe('£0.05');
    expect(formatPounds(-1_200)).toBe('-£12.00');
    expect(formatPounds(100_000_000)).toBe('£1,000,000.00');
    expect(formatPounds(Number.MAX_SAFE_INTEGER)).toBe('£90,071,992,547,409.91');
  });

  it('agrees with Intl for everyday amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (pence) => {
        expect(formatPounds(pence)).toBe(gbp.format(pence / 100));
      }),
    );
  });
});

describe('parsePoundsToPence', () => {
  it.each([
    ['12.34', 1_234],
    ['12', 1_200],
    ['12.3', 1_230],
    ['£12.34', 1_234],
    ['£1,234.56', 123_456],
    ['1234.56', 123_456],
    ['  £5 ', 500],
    ['.50', 50],
    ['-£12.00', -1_200],
    ['-0.00', 0],
    ['0', 0],
  ])('reads "%s" as %i pence', (typed, pence) => {
    expect(parsePoundsToPence(typed)).toBe(pence);
    expect(poundsProblem(typed)).toBeNull();
  });

  it('reads "-0" as plain zero', () => {
    expect(Object.is(parsePoundsToPence('-0'), 0)).toBe(true);
  });

  it.each([
    ['12.345', 'must have no more than 2 decimal places'],
    ['£0.001', 'must have no more than 2 decimal places'],
    ['', 'must not be empty'],
    ['twelve', 'must be an amount in pounds, like 12.34 or £1,234.56'],
    ['12.', 'must be an amount in pounds, like 12.34 or £1,234.56'],
    ['1,23', 'must be an amount in pounds, like 12.34 or £1,234.56'],
    ['12,34.00', 'must be an amount in pounds, like 12.34 or £1,234.56'],
    ['£-12', 'must be an amount in pounds, like 12.34 or £1,234.56'],
    ['$12', 'must be an amount in pounds, like 12.34 or £1,234.56'],
    ['1e3', 'must be an amount in pounds, like 12.34 or £1,234.56'],
    ['100000000000000', 'is too large'],
  ])('rejects "%s": %s', (typed, problem) => {
    expect(parsePoundsToPence(typed)).toBeNull();
    expect(poundsProblem(typed)).toBe(problem);
  });

  it('reads back exactly what formatPounds writes', () => {
    fc.assert(
      fc.property(anyPence, (pence) => {
        expect(parsePoundsToPence(formatPounds(pence))).toBe(pence);
      }),
    );
  });

  it('reads any plain amount with up to two decimals exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.stringMatching(/^\d{1,2}$/), (pounds, decimals) => {
        const expected = pounds * 100 + Number(decimals.padEnd(2, '0'));
        expect(parsePoundsToPence(`${pounds}.${decimals}`)).toBe(expected);
      }),
    );
  });

  it('refuses any amount with more than two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.stringMatching(/^\d{3,6}$/), (pounds, decimals) => {
        expect(parsePoundsToPence(`${pounds}.${decimals}`)).toBeNull();
      }),
    );
  });
});

describe('lineWeeklyCost', () => {
  it('costs whole and quarter hours, rounding half a penny up', () => {
    expect(lineWeeklyCost(2_350, 7)).toBe(16_450);
    expect(lineWeeklyCost(2_350, 10.25)).toBe(24_088); // 24,087.5p
    expect(lineWeeklyCost(1_999, 0.25)).toBe(500); // 499.75p
    expect(lineWeeklyCost(1, 0.5)).toBe(1); // 0.5p
    expect(lineWeeklyCost(1, 0.25)).toBe(0); // 0.25p
    expect(lineWeeklyCost(3, 0.75)).toBe(2); // 2.25p
    expect(lineWeeklyCost(0, 14)).toBe(0); // an unpaid line still counts, at no cost
    expect(lineWeeklyCost(2_350, 0)).toBe(0);
  });

  it('refuses units that are not quarter steps, and negative amounts', () => {
    expect(() => lineWeeklyCost(2_350, 0.1)).toThrow('steps of 0.25');
    expect(() => lineWeeklyCost(2_350, 1.3)).toThrow(RangeError);
    expect(() => lineWeeklyCost(2_350, -1)).toThrow(RangeError);
    expect(() => lineWeeklyCost(2_350, Number.NaN)).toThrow(RangeError);
    expect(() => lineWeeklyCost(-1, 1)).toThrow('unit cost cannot be negative');
    expect(() => lineWeeklyCost(23.5, 1)).toThrow(RangeError);
  });

  it('is the exact cost rounded half up to the nearest penny', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 4 * 168 }),
        (unitCost, quarters) => {
          const cost = lineWeeklyCost(unitCost, quarters / 4);
          const exactQuarterPence = unitCost * quarters; // cost × 4, exact at this size
          expect(Math.abs(cost * 4 - exactQuarterPence)).toBeLessThanOrEqual(2);
          if (exactQuarterPence % 4 === 2) expect(cost * 4).toBe(exactQuarterPence + 2);
          if (quarters % 4 === 0) expect(cost).toBe(unitCost * (quarters / 4));
        },
      ),
    );
  });
});

describe('splitBudget', () => {
  it('takes the assessed contribution from the total', () => {
    expect(splitBudget(30_000, 4_500)).toEqual({ personContributionWeekly: 4_500, councilContributionWeekly: 25_500 });
    expect(splitBudget(30_000, 0)).toEqual({ personContributionWeekly: 0, councilContributionWeekly: 30_000 });
  });

  it('never charges the person more than the cost, nor makes the council contribution negative', () => {
    expect(splitBudget(10_000, 12_000)).toEqual({ personContributionWeekly: 10_000, councilContributionWeekly: 0 });
  });

  it('refuses negative or fractional figures', () => {
    expect(() => splitBudget(-1, 0)).toThrow(RangeError);
    expect(() => splitBudget(100, -1)).toThrow(RangeError);
    expect(() => splitBudget(100.5, 0)).toThrow(RangeError);
  });

  it('always adds back up to the total with neither share negative', () => {
    const amount = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(amount, amount, (total, contribution) => {
        const split = splitBudget(total, contribution);
        expect(split.personContributionWeekly + split.councilContributionWeekly).toBe(total);
        expect(split.councilContributionWeekly).toBeGreaterThanOrEqual(0);
        expect(split.personContributionWeekly).toBeGreaterThanOrEqual(0);
        expect(split.personContributionWeekly).toBeLessThanOrEqual(contribution);
        expect(split.councilContributionWeekly).toBe(Math.max(0, total - contribution));
      }),
    );
  });
});
