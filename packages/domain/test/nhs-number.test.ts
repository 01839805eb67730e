import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNhsNumber,
  isValidNhsNumber,
  NHS_TEST_NUMBER_COUNT,
  nhsNumberFromSeed,
  nhsNumberProblem,
  normaliseNhsNumber,
} from '../src/index.js';

// An independent statement of the NHS Data Dictionary rule, so that the tests do not trust the code under test.
function expectedCheckDigit(firstNine: string): number | 'none' {
  const sum = [...firstNine].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check === 10 ? 'none' : check;
}

const digit = fc.integer({ min: 0, max: 9 });
const validNhsNumber = fc
  .array(digit, { minLength: 9, maxLength: 9 })
  .map((digits) => digits.join(''))
  .filter((firstNine) => expectedCheckDigit(firstNine) !== 'none')
  .map((firstNine) => `${firstNine}${expectedCheckDigit(firstNine)}`);

describe('NHS number', () => {
  it('accepts the Data Dictionary example in any usual typing', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(isValidNhsNumber(' 943 476 5919 ')).toBe(true);
  });

  it('rejects the example with its check digit altered', () => {
    for (const last of '012345678') expect(isValidNhsNumber(`943476591${last}`)).toBe(false);
  });

  it('treats a computed check digit of 11 as 0', () => {
    // 10·4 + 9·0 + … + 2·0 = 40 + 4 = 44, a multiple of 11, so the check digit is 0.
    expect(expectedCheckDigit('400000002')).toBe(0);
    expect(isValidNhsNumber('4000000020')).toBe(true);
  });

  it('rejects every number whose computed check digit would be 10', () => {
    // 10·1 + 2·1 = 12 leaves remainder 1, so the check digit would have to be 10.
    expect(expectedCheckDigit('100000001')).toBe('none');
    for (const last of '0123456789') {
      expect(isValidNhsNumber(`100000001${last}`)).toBe(false);
      expect(nhsNumberProblem(`100000001${last}`)).toBe('check digit does not match');
    }
  });

  it('explains what is wrong', () => {
    expect(nhsNumberProblem('943 476 5919')).toBeNull();
    expect(nhsNumberProblem('943 476 591')).toBe('must be 10 digits');
    expect(nhsNumberProblem('94347659190')).toBe('must be 10 digits');
    expect(nhsNumberProblem('943 476 591A')).toBe('must be 10 digits');
    expect(nhsNumberProblem('')).toBe('must be 10 digits');
    expect(nhsNumberProblem('943.476.5919')).toBe('must be 10 digits');
    expect(nhsNumberProblem('943 476 5918')).toBe('check digit does not match');
  });

  it('normalises to ten bare digits, or null', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(normaliseNhsNumber('943-476-5919')).toBe('9434765919');
    expect(normaliseNhsNumber('\t9434765919\n')).toBe('9434765919');
    expect(normaliseNhsNumber('943 476 591')).toBeNull();
    expect(normaliseNhsNumber('９４３４７６５９１９')).toBeNull(); // full-width digits are not ASCII digits
    // Normalising does not judge the check digit; that is validation's job.
    expect(normaliseNhsNumber('943 476 5918')).toBe('9434765918');
  });

  it('formats in the 3-3-4 grouping and leaves anything else alone', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943-476-5919')).toBe('943 476 5919');
    expect(formatNhsNumber(' 12345 ')).toBe('12345');
  });

  describe('test numbers from a seed', () => {
    it('are deterministic and in the 999 test range', () => {
      expect(nhsNumberFromSeed(0)).toBe(nhsNumberFromSeed(0));
      // 10·9 + 9·9 + 8·9 = 243 leaves remainder 1 (no check digit) for ninth digit 0; ninth digit 1 adds 2 → check 8.
      expect(nhsNumberFromSeed(0)).toBe('9990000018');
      expect(nhsNumberFromSeed(12345)).toMatch(/^999\d{7}$/);
    });

    it('give a different valid number for every seed in range', () => {
      const seen = new Set<string>();
      for (let seed = 0; seed < NHS_TEST_NUMBER_COUNT; seed++) {
        const nhsNumber = nhsNumberFromSeed(seed);
        if (Number(nhsNumber[9]) !== expectedCheckDigit(nhsNumber.slice(0, 9))) throw new Error(`seed ${seed}`);
        seen.add(nhsNumber);
      }
      expect(seen.size).toBe(NHS_TEST_NUMBER_COUNT);
    }, 60_000); // 900,000 numbers: about a second alone, far longer on a loaded CI machine

    it('wrap round outside the range and refuse non-integers', () => {
      expect(nhsNumberFromSeed(NHS_TEST_NUMBER_COUNT)).toBe(nhsNumberFromSeed(0));
      expect(nhsNumberFromSeed(-1)).toBe(nhsNumberFromSeed(NHS_TEST_NUMBER_COUNT - 1));
      expect(() => nhsNumberFromSeed(1.5)).toThrow(RangeError);
      expect(() => nhsNumberFromSeed(Number.NaN)).toThrow(RangeError);
    });

    it('always validate, start 999 and have the expected check digit', () => {
      fc.assert(
        fc.property(fc.maxSafeInteger(), (seed) => {
          const nhsNumber = nhsNumberFromSeed(seed);
          expect(nhsNumber).toMatch(/^999\d{7}$/);
          expect(isValidNhsNumber(nhsNumber)).toBe(true);
          expect(Number(nhsNumber[9])).toBe(expectedCheckDigit(nhsNumber.slice(0, 9)));
        }),
      );
    });
  });

  describe('properties', () => {
    it('accepts exactly the numbers the modulus 11 rule accepts', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^\d{10}$/), (candidate) => {
          expect(isValidNhsNumber(candidate)).toBe(Number(candidate[9]) === expectedCheckDigit(candidate.slice(0, 9)));
        }),
      );
    });

    it('detects any single changed digit', () => {
      fc.assert(
        fc.property(validNhsNumber, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (valid, at, by) => {
          const changed = (Number(valid[at]) + by) % 10;
          const mistyped = `${valid.slice(0, at)}${changed}${valid.slice(at + 1)}`;
          expect(isValidNhsNumber(valid)).toBe(true);
          expect(isValidNhsNumber(mistyped)).toBe(false);
        }),
      );
    });

    it('detects two adjacent different digits swapped', () => {
      fc.assert(
        fc.property(validNhsNumber, fc.integer({ min: 0, max: 8 }), (valid, at) => {
          fc.pre(valid[at] !== valid[at + 1]);
          const swapped = `${valid.slice(0, at)}${valid[at + 1]}${valid[at]}${valid.slice(at + 2)}`;
          expect(isValidNhsNumber(swapped)).toBe(false);
        }),
      );
    });

    it('formatting and normalising round-trip', () => {
      fc.assert(
        fc.property(validNhsNumber, (valid) => {
          expect(formatNhsNumber(valid)).toMatch(/^\d{3} \d{3} \d{4}$/);
          expect(normaliseNhsNumber(formatNhsNumber(valid))).toBe(valid);
          expect(isValidNhsNumber(formatNhsNumber(valid))).toBe(true);
        }),
      );
    });
  });
});
