/**
 * UK postcode shape, as Royal Mail and the ONS describe it: an outward code (area and district,
 * two to four characters) then a space and an inward code (a digit and two letters).
 *
 * Only the shape is judged — whether the postcode exists needs the ONS Postcode Directory, which is
 * I/O and lives outside this package. The Royal Mail letter rules are applied because they catch the
 * commonest slips (O for 0, I for 1) that a bare letter/digit pattern would let through.
 */

// Letters Royal Mail uses in each position; the exclusions avoid letters that read like digits or each other.
const AREA_FIRST = 'A-PR-UWYZ'; // never Q, V, X
const AREA_SECOND = 'A-HK-Y'; // never I, J, Z
const DISTRICT_SUFFIX_AFTER_ONE_LETTER = 'A-HJKPSTUW'; // A9A, e.g. W1A
const DISTRICT_SUFFIX_AFTER_TWO_LETTERS = 'ABEHMNPRV-Y'; // AA9A, e.g. EC1A
const INWARD_LETTER = 'ABD-HJLNP-UW-Z'; // never C, I, K, M, O, V

const OUTWARD = new RegExp(
  '^(?:' +
    [
      `[${AREA_FIRST}]\\d{1,2}`, // A9, A99
      `[${AREA_FIRST}][${AREA_SECOND}]\\d{1,2}`, // AA9, AA99
      `[${AREA_FIRST}]\\d[${DISTRICT_SUFFIX_AFTER_ONE_LETTER}]`, // A9A
      `[${AREA_FIRST}][${AREA_SECOND}]\\d[${DISTRICT_SUFFIX_AFTER_TWO_LETTERS}]`, // AA9A
    ].join('|') +
    ')$',
);
const INWARD_SHAPE = /^\d[A-Z]{2}$/;
const INWARD = new RegExp(`^\\d[${INWARD_LETTER}]{2}$`);

// Girobank's historic postcode breaks every rule above but is still in the Royal Mail file.
const GIROBANK = 'GIR 0AA';

function compact(input: string): string {
  return input.replace(/\s/g, '').replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

/**
 * Upper case with a single space before the inward code ("sy26nd" → "SY2 6ND"). Works on any text,
 * valid or not, so that it can be applied to input before judging it; applying it twice changes nothing.
 */
export function normalisePostcode(input: string): string {
  const chars = compact(input);
  if (chars.length < 5) return chars;
  return `${chars.slice(0, -3)} ${chars.slice(-3)}`;
}

/** What is wrong with a typed postcode, in words fit for a field error; null when its shape is valid. */
export function postcodeProblem(input: string): string | null {
  const chars = compact(input);
  if (chars.length === 0) return 'must not be empty';
  if (/[^A-Z0-9]/.test(chars)) return 'may contain only letters, digits and a space';
  if (chars.length < 5 || chars.length > 7) return 'must be 5 to 7 letters and digits, like SY2 6ND';
  if (normalisePostcode(chars) === GIROBANK) return null;
  const outward = chars.slice(0, -3);
  const inward = chars.slice(-3);
  if (!INWARD_SHAPE.test(inward)) return 'must end with a digit and two letters, like the 6ND in SY2 6ND';
  if (!INWARD.test(inward)) return 'cannot end with the letters C, I, K, M, O or V';
  if (!OUTWARD.test(outward)) return 'must start with a UK outward code, like M1, SY2, DN55, W1A or EC1A';
  return null;
}

/** True when the input, whatever its case and spacing, has the shape of a UK postcode. */
export function isValidPostcodeShape(input: string): boolean {
  return postcodeProblem(input) === null;
}

/** The outward code (area and district, "SY2" of "SY2 6ND") of a valid postcode; null when the shape is not valid. */
export function outwardCode(input: string): string | null {
  if (!isValidPostcodeShape(input)) return null;
  return compact(input).slice(0, -3);
}
