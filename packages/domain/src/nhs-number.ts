/**
 * NHS numbers (NHS Data Dictionary, "NHS Number"): ten digits, the last a modulus 11 check digit.
 *
 * The functions here accept what people actually type — spaces and hyphens in the 3-3-4 grouping
 * printed on letters — and the canonical form stored and exchanged is ten bare digits.
 */

const TEN_DIGITS = /^\d{10}$/;

/** Check digit for the first nine digits, or null when the modulus rule makes every tenth digit wrong. */
function checkDigitFor(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += Number(firstNine[i]) * (10 - i);
  }
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  // A remainder of 1 leaves no possible check digit: such numbers are never issued.
  if (check === 10) return null;
  return check;
}

/**
 * Ten bare digits from typed input ("943 476 5919", "943-476-5919"), or null when what is left
 * after removing spaces and hyphens is not exactly ten digits. Does not judge the check digit.
 */
export function normaliseNhsNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return TEN_DIGITS.test(digits) ? digits : null;
}

/** True when the input, once spaces and hyphens are removed, is ten digits with a matching check digit. */
export function isValidNhsNumber(input: string): boolean {
  return nhsNumberProblem(input) === null;
}

/** What is wrong with a typed NHS number, in words fit for a field error; null when it is valid. */
export function nhsNumberProblem(input: string): string | null {
  const digits = normaliseNhsNumber(input);
  if (digits === null) return 'must be 10 digits';
  if (checkDigitFor(digits.slice(0, 9)) !== Number(digits[9])) return 'check digit does not match';
  return null;
}

/**
 * The 3-3-4 grouping used on NHS letters and cards ("943 476 5919"). Input that is not ten digits is
 * returned trimmed but otherwise untouched, so that showing an old or imported record never fails.
 */
export function formatNhsNumber(input: string): string {
  const digits = normaliseNhsNumber(input);
  if (digits === null) return input.trim();
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** How many distinct numbers nhsNumberFromSeed can produce before it repeats. */
export const NHS_TEST_NUMBER_COUNT = 900_000;

/**
 * A valid NHS number for demonstration and test data, always from the range 999 000 0000 – 999 999 9999,
 * which NHS England reserves for testing and never issues to a person — so fake records can never be
 * mistaken for, or matched against, a real person's.
 *
 * Deterministic, and one-to-one for seeds 0 … NHS_TEST_NUMBER_COUNT − 1 (other integers wrap round).
 * The seed picks digits 4–8 and then the nth usable ninth digit: whatever the first eight digits,
 * at most one ninth digit leaves no possible check digit (its weight is 2, and 2 × d mod 11 takes ten
 * distinct values), so at least nine are always usable.
 */
export function nhsNumberFromSeed(seed: number): string {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`NHS test number seed must be a safe integer, got ${seed}`);
  const index = ((seed % NHS_TEST_NUMBER_COUNT) + NHS_TEST_NUMBER_COUNT) % NHS_TEST_NUMBER_COUNT;
  const block = Math.floor(index / 9);
  let position = index % 9;
  const firstEight = `999${String(block).padStart(5, '0')}`;
  for (let ninth = 0; ninth <= 9; ninth++) {
    const check = checkDigitFor(`${firstEight}${ninth}`);
    if (check === null) continue;
    if (position === 0) return `${firstEight}${ninth}${check}`;
    position--;
  }
  // Unreachable: every block has at least nine usable ninth digits, and position is at most 8.
  throw new Error(`no valid NHS test number for seed ${seed}`);
}
