/**
 * Money is a whole number of pence. Budgets, contributions and spends are added, split and
 * multiplied across weeks; floating-point pounds would let those figures drift apart by a penny
 * and a personal budget statement must add up exactly (Care Act 2014 s26).
 */

export type Pence = number;

/** True for a whole number of pence that arithmetic can carry without losing precision. */
export function isPence(value: unknown): value is Pence {
  return Number.isSafeInteger(value);
}

/** Throws a RangeError naming `what` unless the value is a whole number of pence. */
export function assertPence(value: number, what = 'amount'): asserts value is Pence {
  if (!isPence(value)) throw new RangeError(`${what} must be a whole number of pence, got ${value}`);
}

function checkedResult(value: bigint, what: string): Pence {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} is too large to be held exactly`);
  }
  return Number(value);
}

/** Weeks in a four-weekly period, the cycle direct payments are usually paid on. */
export const WEEKS_PER_FOUR_WEEKLY_PERIOD = 4;

/**
 * Weeks in a year on this practice's budget statements. The practice states annual figures as
 * exactly 52 weeks (13 four-weekly periods) so that weekly, four-weekly and annual figures always
 * agree to the penny; the occasional 53rd payment week is a matter for the payment schedule,
 * not the statement.
 */
export const WEEKS_PER_YEAR = 52;

export function weeklyToFourWeekly(weekly: Pence): Pence {
  assertPence(weekly, 'weekly amount');
  return checkedResult(BigInt(weekly) * BigInt(WEEKS_PER_FOUR_WEEKLY_PERIOD), 'four-weekly amount');
}

export function weeklyToAnnual(weekly: Pence): Pence {
  assertPence(weekly, 'weekly amount');
  return checkedResult(BigInt(weekly) * BigInt(WEEKS_PER_YEAR), 'annual amount');
}

/** Exact total; throws rather than return a total that cannot be held to the penny. */
export function sumPence(amounts: readonly Pence[]): Pence {
  let total = 0n;
  for (const amount of amounts) {
    assertPence(amount);
    total += BigInt(amount);
  }
  return checkedResult(total, 'total');
}

/**
 * Pounds for people to read, en-GB style: "£1,234.56", "-£12.00". Built from integer arithmetic
 * rather than Intl so that large totals print exactly.
 */
export function formatPounds(pence: Pence): string {
  assertPence(pence);
  const magnitude = Math.abs(pence);
  const pennies = magnitude % 100;
  const pounds = (magnitude - pennies) / 100;
  const groupedPounds = String(pounds).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = pence < 0 ? '-' : '';
  return `${sign}£${groupedPounds}.${String(pennies).padStart(2, '0')}`;
}

// Optional minus, optional £, pounds either plain or grouped in threes with commas, then up to
// two decimal places. Pounds may be omitted before a decimal point (".50").
const POUNDS = /^(-)?£?(?:(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?|\.(\d{1,2}))$/;

/** What is wrong with a typed amount of pounds, in words fit for a field error; null when it is acceptable. */
export function poundsProblem(input: string): string | null {
  return parsePounds(input).problem;
}

/**
 * Pence from typed pounds: "12.34", "£1,234.5", "-£3", ".50". Null when it is not an amount, has
 * more than two decimal places (there are no fractions of a penny to pay), or is too large.
 */
export function parsePoundsToPence(input: string): Pence | null {
  return parsePounds(input).pence;
}

function parsePounds(input: string): { pence: Pence; problem: null } | { pence: null; problem: string } {
  const text = input.trim();
  if (text === '') return { pence: null, problem: 'must not be empty' };
  const match = POUNDS.exec(text);
  if (match === null) {
    if (/\.\d{3,}$/.test(text)) return { pence: null, problem: 'must have no more than 2 decimal places' };
    return { pence: null, problem: 'must be an amount in pounds, like 12.34 or £1,234.56' };
  }
  const [, minus, wholePounds, decimals, decimalsOnly] = match;
  const pounds = BigInt((wholePounds ?? '0').replace(/,/g, ''));
  const pennies = BigInt((decimals ?? decimalsOnly ?? '').padEnd(2, '0'));
  const magnitude = pounds * 100n + pennies;
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return { pence: null, problem: 'is too large' };
  // Avoid -0: "-0.00" is simply nothing.
  const pence = minus && magnitude !== 0n ? -Number(magnitude) : Number(magnitude);
  return { pence, problem: null };
}

/**
 * Weekly cost of one support plan line. Hours are commissioned in quarter-hour steps (15-minute
 * calls), so units per week must be a multiple of 0.25; the exact cost can then fall on a quarter
 * of a penny, and is rounded half up to whole pence (0.5p → 1p) — the usual commercial convention,
 * and it never understates what a provider will invoice. Unpaid lines have a unit cost of 0.
 */
export function lineWeeklyCost(unitCostPence: Pence, unitsPerWeek: number): Pence {
  assertPence(unitCostPence, 'unit cost');
  if (unitCostPence < 0) throw new RangeError(`unit cost cannot be negative, got ${unitCostPence}`);
  const quarters = unitsPerWeek * 4;
  if (!Number.isSafeInteger(quarters) || quarters < 0) {
    throw new RangeError(`units per week must be zero or more in steps of 0.25, got ${unitsPerWeek}`);
  }
  const quarterPence = BigInt(unitCostPence) * BigInt(quarters);
  // For non-negative n, floor((n + 2) / 4) rounds n/4 to the nearest whole, halves upward.
  return checkedResult((quarterPence + 2n) / 4n, 'line cost');
}

export interface BudgetSplit {
  /** What the person pays each week: their assessed contribution, but never more than the cost. */
  personContributionWeekly: Pence;
  /** What the council pays each week: the rest of the cost, never negative. */
  councilContributionWeekly: Pence;
}

/**
 * Split a weekly personal budget between the person's assessed contribution and the council.
 * A person is never charged more than the cost of meeting their needs (Care Act 2014 s14), so
 * when the assessed contribution exceeds the total the person pays the total and the council nothing.
 */
export function splitBudget(totalWeekly: Pence, personContributionWeekly: Pence): BudgetSplit {
  assertPence(totalWeekly, 'weekly budget');
  assertPence(personContributionWeekly, "person's weekly contribution");
  if (totalWeekly < 0) throw new RangeError(`weekly budget cannot be negative, got ${totalWeekly}`);
  if (personContributionWeekly < 0) {
    throw new RangeError(`person's weekly contribution cannot be negative, got ${personContributionWeekly}`);
  }
  const personPays = Math.min(totalWeekly, personContributionWeekly);
  return { personContributionWeekly: personPays, councilContributionWeekly: totalWeekly - personPays };
}
