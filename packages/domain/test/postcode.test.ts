import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidPostcodeShape, normalisePostcode, outwardCode, postcodeProblem } from '../src/index.js';

// Royal Mail's letters for each position, written out in full rather than as the ranges the code uses.
const AREA_FIRST = 'ABCDEFGHIJKLMNOPRSTUWYZ';
const AREA_SECOND = 'ABCDEFGHKLMNOPQRSTUVWXY';
const AFTER_ONE_LETTER = 'ABCDEFGHJKPSTUW';
const AFTER_TWO_LETTERS = 'ABEHMNPRVWXY';
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

const letterFrom = (letters: string) => fc.constantFrom(...letters);
const digit = fc.constantFrom(...'0123456789');

const outward = fc.oneof(
  fc.tuple(letterFrom(AREA_FIRST), digit), // A9
  fc.tuple(letterFrom(AREA_FIRST), digit, digit), // A99
  fc.tuple(letterFrom(AREA_FIRST), letterFrom(AREA_SECOND), digit), // AA9
  fc.tuple(letterFrom(AREA_FIRST), letterFrom(AREA_SECOND), digit, digit), // AA99
  fc.tuple(letterFrom(AREA_FIRST), digit, letterFrom(AFTER_ONE_LETTER)), // A9A
  fc.tuple(letterFrom(AREA_FIRST), letterFrom(AREA_SECOND), digit, letterFrom(AFTER_TWO_LETTERS)), // AA9A
);
const inward = fc.tuple(digit, letterFrom(INWARD_LETTERS), letterFrom(INWARD_LETTERS));
const validPostcode = fc
  .tuple(outward, inward)
  .map(([out, inw]) => ({ outward: out.join(''), canonical: `${out.join('')} ${inw.join('')}` }));

describe('postcode', () => {
  it.each([
    ['M1 1AE', 'A9 9AA'],
    ['B33 8TH', 'A99 9AA'],
    ['CR2 6XH', 'AA9 9AA'],
    ['DN55 1PT', 'AA99 9AA'],
    ['W1A 0AX', 'A9A 9AA'],
    ['EC1A 1BB', 'AA9A 9AA'],
    ['SY2 6ND', 'AA9 9AA'],
    ['GIR 0AA', 'Girobank'],
  ])('accepts %s (%s)', (postcode) => {
    expect(isValidPostcodeShape(postcode)).toBe(true);
    expect(postcodeProblem(postcode)).toBeNull();
  });

  it('accepts any case and spacing', () => {
    expect(isValidPostcodeShape('sy26nd')).toBe(true);
    expect(isValidPostcodeShape('  Sy2   6nD ')).toBe(true);
    expect(isValidPostcodeShape('ec1a\u00a01bb')).toBe(true); // a non-breaking space pasted from a web page
  });

  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['SY2-6ND', 'may contain only letters, digits and a space'],
    ['SY2', 'must be 5 to 7 letters and digits, like SY2 6ND'],
    ['SW1A 1AAA', 'must be 5 to 7 letters and digits, like SY2 6ND'],
    ['SY2 NDD', 'must end with a digit and two letters, like the 6ND in SY2 6ND'],
    ['SY2 61D', 'must end with a digit and two letters, like the 6ND in SY2 6ND'],
    ['SW1A 1CA', 'cannot end with the letters C, I, K, M, O or V'],
    ['SY2 6NO', 'cannot end with the letters C, I, K, M, O or V'],
    ['QY2 6ND', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'], // Q never leads
    ['SZ2 6ND', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'], // Z never second
    ['W1Z 6ND', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'], // Z never in A9A
    ['EC1C 6ND', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'], // C never in AA9A
    ['1Y2 6ND', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'],
    ['SYA 6ND', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'],
    ['S123 6ND', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'],
    ['GIR 0AB', 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A'],
  ])('rejects "%s": %s', (postcode, problem) => {
    expect(postcodeProblem(postcode)).toBe(problem);
    expect(isValidPostcodeShape(postcode)).toBe(false);
    expect(outwardCode(postcode)).toBeNull();
  });

  it('normalises case and spacing', () => {
    expect(normalisePostcode('sy26nd')).toBe('SY2 6ND');
    expect(normalisePostcode(' ec1a  1bb ')).toBe('EC1A 1BB');
    expect(normalisePostcode('m11ae')).toBe('M1 1AE');
    expect(normalisePostcode('gir0aa')).toBe('GIR 0AA');
    // Too short to have an inward code: left compact rather than split.
    expect(normalisePostcode('sy 2')).toBe('SY2');
  });

  it('gives the outward code', () => {
    expect(outwardCode('sy2 6nd')).toBe('SY2');
    expect(outwardCode('EC1A1BB')).toBe('EC1A');
    expect(outwardCode('M1 1AE')).toBe('M1');
    expect(outwardCode('GIR 0AA')).toBe('GIR');
  });

  describe('properties', () => {
    it('normalising twice is the same as once, for any text', () => {
      fc.assert(
        fc.property(fc.string(), (text) => {
          expect(normalisePostcode(normalisePostcode(text))).toBe(normalisePostcode(text));
        }),
      );
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...'ab12 AB\t') }), (text) => {
          expect(normalisePostcode(normalisePostcode(text))).toBe(normalisePostcode(text));
        }),
      );
    });

    it('a valid postcode survives lower case and lost or extra spaces', () => {
      fc.assert(
        fc.property(
          validPostcode,
          fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
          fc.array(fc.constantFrom('', ' ', '  '), { minLength: 9, maxLength: 9 }),
          ({ outward: out, canonical }, lower, spaces) => {
            const typed = [...canonical.replace(' ', '')]
              .map((char, i) => (lower[i] ? char.toLowerCase() : char))
              .map((char, i) => `${spaces[i]}${char}`)
              .join('');
            expect(isValidPostcodeShape(canonical)).toBe(true);
            expect(isValidPostcodeShape(typed)).toBe(true);
            expect(normalisePostcode(typed)).toBe(canonical);
            expect(outwardCode(typed)).toBe(out);
          },
        ),
      );
    });

    it('a letter Royal Mail never uses in the inward code makes a postcode invalid', () => {
      fc.assert(
        fc.property(
          validPostcode,
          fc.constantFrom(...'CIKMOV'),
          fc.integer({ min: 1, max: 2 }),
          (postcode, bad, at) => {
            const chars = [...postcode.canonical];
            chars[chars.length - 3 + at] = bad;
            expect(isValidPostcodeShape(chars.join(''))).toBe(false);
          },
        ),
      );
    });
  });
});
