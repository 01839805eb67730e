import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  budgetStatement,
  councilBalance,
  daysBetween,
  delegatedLimitProblem,
  effectiveDelegatedLimit,
  firstReviewWindow,
  fundingProblems,
  latestNextReview,
  managementProblems,
  nextReviewProblem,
  planLineFrequencies,
  planLineWeeklyCost,
  planTotals,
  reviewBudgetProblem,
  reviewTiming,
  unplannedReviewWindow,
  type FundingSource,
  type PlanLine,
} from '../src/index.js';

const line = (overrides: Partial<PlanLine> = {}): PlanLine => ({
  what: 'Help to get up and washed',
  provider: 'organisation',
  paid: true,
  unitCostPence: 2450,
  unitsPerWeek: 7,
  frequency: 'weekly',
  ...overrides,
});

const arbLine: fc.Arbitrary<PlanLine> = fc.record({
  what: fc.constant('support'),
  provider: fc.constantFrom('organisation', 'personal_assistant', 'family', 'community'),
  paid: fc.boolean(),
  unitCostPence: fc.integer({ min: 0, max: 50_000 }),
  unitsPerWeek: fc.integer({ min: 0, max: 4 * 168 }).map((q) => q / 4),
  frequency: fc.constantFrom(...planLineFrequencies),
});

describe('plan lines', () => {
  it('cost unit cost × units per week for weekly lines', () => {
    expect(planLineWeeklyCost(line())).toBe(17_150); // 7 × £24.50
    expect(planLineWeeklyCost(line({ unitsPerWeek: 0.25 }))).toBe(613); // 612.5p rounds half up
  });

  it('average fortnightly and four-weekly lines over their cycle, rounding once, half up', () => {
    expect(planLineWeeklyCost(line({ unitCostPence: 2501, unitsPerWeek: 1, frequency: 'fortnightly' }))).toBe(1251);
    expect(planLineWeeklyCost(line({ unitCostPence: 1000, unitsPerWeek: 3, frequency: 'four_weekly' }))).toBe(750);
    expect(planLineWeeklyCost(line({ unitCostPence: 1, unitsPerWeek: 0.25, frequency: 'four_weekly' }))).toBe(0);
  });

  it('cost nothing when unpaid, whatever unit cost is typed, but are still counted', () => {
    const lines = [line(), line({ provider: 'family', paid: false, unitCostPence: 9999, unitsPerWeek: 14 })];
    expect(planLineWeeklyCost(lines[1]!)).toBe(0);
    expect(planTotals(lines)).toEqual({
      weeklyPence: 17_150,
      fourWeeklyPence: 68_600,
      annualPence: 891_800,
      paidLines: 1,
      unpaidLines: 1,
    });
  });

  it('refuse fractions of a quarter hour and negative costs', () => {
    expect(() => planLineWeeklyCost(line({ unitsPerWeek: 1.1 }))).toThrow(RangeError);
    expect(() => planLineWeeklyCost(line({ unitCostPence: -1 }))).toThrow(RangeError);
  });

  it('never cost more than half a penny away from the exact figure (property)', () => {
    fc.assert(
      fc.property(arbLine, (l) => {
        const exact = l.paid
          ? (l.unitCostPence * l.unitsPerWeek) / { weekly: 1, fortnightly: 2, four_weekly: 4 }[l.frequency]
          : 0;
        expect(Math.abs(planLineWeeklyCost(l) - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe('totals across periods', () => {
  it('never drift: four-weekly is 4 × weekly and annual 52 × weekly = 13 × four-weekly (property)', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 30 }), (lines) => {
        const t = planTotals(lines);
        expect(t.fourWeeklyPence).toBe(t.weeklyPence * 4);
        expect(t.annualPence).toBe(t.weeklyPence * 52);
        expect(t.annualPence).toBe(t.fourWeeklyPence * 13);
        expect(Number.isInteger(t.annualPence)).toBe(true);
      }),
    );
  });

  it('are the same however the lines are ordered or grouped (property)', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 20 }), fc.nat(20), (lines, cut) => {
        const whole = planTotals(lines);
        const reversed = planTotals([...lines].reverse());
        const a = planTotals(lines.slice(0, cut));
        const b = planTotals(lines.slice(cut));
        expect(reversed).toEqual(whole);
        expect(a.annualPence + b.annualPence).toBe(whole.annualPence);
        expect(a.unpaidLines + b.unpaidLines).toBe(whole.unpaidLines);
      }),
    );
  });
});

describe('funding and the s26 statement', () => {
  const lines = [line(), line({ what: 'Day centre', unitCostPence: 4200, unitsPerWeek: 2 })]; // 17150 + 8400
  const total = 25_550;

  it('must add up to the weekly total exactly', () => {
    const sources: FundingSource[] = [
      { kind: 'person_contribution', weeklyPence: 4_000 },
      { kind: 'nhs', weeklyPence: 5_000 },
      { kind: 'council', weeklyPence: 16_550 },
    ];
    expect(fundingProblems(total, sources)).toEqual([]);
    expect(fundingProblems(total, sources.slice(0, 2)).map((p) => p.code)).toEqual(['funding_does_not_match_total']);
    expect(fundingProblems(total, [...sources, { kind: 'other_public', weeklyPence: 1 }])[0]?.detail).toMatch(
      /1p a week more/,
    );
    expect(fundingProblems(total, [{ kind: 'council', weeklyPence: -1 }]).map((p) => p.code)).toEqual([
      'funding_amount_negative',
    ]);
  });

  it('shows other public money apart and every part in weekly, four-weekly and annual figures', () => {
    const statement = budgetStatement(lines, [
      { kind: 'person_contribution', weeklyPence: 4_000 },
      { kind: 'other_public', weeklyPence: 1_550, description: 'Independent Living Fund' },
      { kind: 'council', weeklyPence: 20_000 },
    ]);
    expect(statement.total).toEqual({ weeklyPence: 25_550, fourWeeklyPence: 102_200, annualPence: 1_328_600 });
    expect(statement.otherPublic.annualPence).toBe(80_600);
    expect(statement.nhs.weeklyPence).toBe(0);
    expect(statement.balanced).toBe(true);
  });

  it('the council balance always makes the funding add up, and the parts always sum to the total (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 10 }),
        fc.array(
          fc.record({
            kind: fc.constantFrom('nhs' as const, 'person_contribution' as const, 'other_public' as const),
            weeklyPence: fc.integer({ min: 0, max: 20_000 }),
          }),
          { maxLength: 4 },
        ),
        (lines, others) => {
          const weekly = planTotals(lines).weeklyPence;
          const othersTotal = others.reduce((s, o) => s + o.weeklyPence, 0);
          fc.pre(othersTotal <= weekly);
          const sources = [...others, { kind: 'council' as const, weeklyPence: councilBalance(weekly, others) }];
          expect(fundingProblems(weekly, sources)).toEqual([]);
          const s = budgetStatement(lines, sources);
          for (const period of ['weeklyPence', 'fourWeeklyPence', 'annualPence'] as const) {
            expect(s.council[period] + s.nhs[period] + s.personContribution[period] + s.otherPublic[period]).toBe(
              s.total[period],
            );
          }
        },
      ),
    );
  });
});

describe('how the budget is managed', () => {
  it('records the s31/s32 terms of a direct payment', () => {
    expect(managementProblems({ method: 'direct_payment' }, 100).map((p) => p.code)).toEqual([
      'direct_payment_terms_missing',
    ]);
    expect(
      managementProblems({ method: 'direct_payment', directPayment: { section: 's32', conditions: [] } }, 100).map(
        (p) => p.code,
      ),
    ).toEqual(['authorised_person_required']);
    expect(
      managementProblems(
        {
          method: 'direct_payment',
          directPayment: { section: 's32', authorisedPerson: 'Sam (son)', conditions: ['Keep receipts'] },
        },
        100,
      ),
    ).toEqual([]);
    expect(managementProblems({ method: 'council_managed' }, 100)).toEqual([]);
  });

  it('splits a mix between at least two methods that add up to the total', () => {
    expect(
      managementProblems(
        {
          method: 'mixed',
          directPayment: { section: 's31', conditions: [] },
          parts: [
            { method: 'direct_payment', weeklyPence: 60 },
            { method: 'council_managed', weeklyPence: 40 },
          ],
        },
        100,
      ),
    ).toEqual([]);
    expect(
      managementProblems({ method: 'mixed', parts: [{ method: 'council_managed', weeklyPence: 99 }] }, 100).map(
        (p) => p.code,
      ),
    ).toEqual(['mixed_needs_two_methods', 'mixed_parts_do_not_match_total']);
  });
});

describe('sign-off against a delegated limit', () => {
  const roleLimits = { social_worker: 50_000, safeguarding_lead: 80_000 };
  it('uses a colleague’s own limit first, else the highest of their roles', () => {
    expect(effectiveDelegatedLimit(['social_worker'], roleLimits, null)).toBe(50_000);
    expect(effectiveDelegatedLimit(['social_worker', 'safeguarding_lead'], roleLimits, null)).toBe(80_000);
    expect(effectiveDelegatedLimit(['social_worker'], roleLimits, 20_000)).toBe(20_000);
    expect(effectiveDelegatedLimit(['practitioner'], roleLimits, null)).toBeNull();
  });
  it('allows a total up to and including the limit, and refers anything above', () => {
    expect(delegatedLimitProblem(50_000, 50_000)).toBeNull();
    expect(delegatedLimitProblem(50_001, 50_000)?.code).toBe('above_delegated_limit');
    expect(delegatedLimitProblem(1, null)?.code).toBe('no_delegated_limit');
  });
});

describe('reviews', () => {
  it('puts the first review 6 to 8 calendar weeks after the plan goes live', () => {
    expect(firstReviewWindow('2026-01-05')).toEqual({ dueFrom: '2026-02-16', dueBy: '2026-03-02' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
        const live = addDays('2000-01-01', n);
        const w = firstReviewWindow(live);
        expect(daysBetween(live, w.dueFrom)).toBe(42);
        expect(daysBetween(live, w.dueBy)).toBe(56);
      }),
    );
  });

  it('is upcoming, due, then overdue', () => {
    const w = firstReviewWindow('2026-01-05');
    expect(reviewTiming(w, '2026-02-15')).toBe('upcoming');
    expect(reviewTiming(w, '2026-02-16')).toBe('due');
    expect(reviewTiming(w, '2026-03-02')).toBe('due');
    expect(reviewTiming(w, '2026-03-03')).toBe('overdue');
    expect(unplannedReviewWindow('2026-03-01')).toEqual({ dueFrom: '2026-03-01', dueBy: '2026-03-29' });
  });

  it('sets the next review at most 12 months later, after the one completed', () => {
    expect(latestNextReview('2024-02-29')).toBe('2025-02-28');
    expect(nextReviewProblem('2026-03-01', '2027-03-01')).toBeNull();
    expect(nextReviewProblem('2026-03-01', '2027-03-02')?.code).toBe('next_review_too_late');
    expect(nextReviewProblem('2026-03-01', '2026-03-01')?.code).toBe('next_review_not_after_completion');
  });

  it('may keep or raise the budget, never lower it (property)', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (current, proposed) => {
        const problem = reviewBudgetProblem(current, proposed);
        expect(problem === null).toBe(proposed >= current);
        if (problem) expect(problem.code).toBe('review_cannot_lower_budget');
      }),
    );
  });
});
