import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adultOutcomes,
  adultUnableWays,
  CARER_HEALTH_NEED,
  carerOutcomes,
  carerUnableWays,
  determineAdultEligibility,
  determineCarerEligibility,
  determineEligibility,
  eligibilityInputProblems,
  indicativeBudget,
  outcomeLabel,
  rasNeedsOf,
  rasTableProblems,
  wellbeingAreas,
  type AdultEligibilityInput,
  type AdultOutcome,
  type AdultUnableWay,
  type CarerEligibilityInput,
  type CarerOutcome,
  type CarerUnableWay,
  type RasTable,
} from '../src/index.js';

const significant = { significant: true, areas: ['dignity' as const] };

function adult(unmet: AdultOutcome[], overrides: Partial<AdultEligibilityInput> = {}): AdultEligibilityInput {
  return {
    kind: 'adult',
    needsArise: true,
    condition: 'Stroke in 2024, weakness on the left side',
    outcomes: unmet.map((outcome) => ({ outcome, unableWays: ['needs-assistance'] })),
    wellbeing: significant,
    needsFluctuate: false,
    ...overrides,
  };
}

function carer(unmet: CarerOutcome[], overrides: Partial<CarerEligibilityInput> = {}): CarerEligibilityInput {
  return {
    kind: 'carer',
    needsArise: true,
    condition: 'Cares for her husband, who has dementia',
    healthDeteriorating: false,
    outcomes: unmet.map((outcome) => ({ outcome, unableWays: ['needs-assistance'] })),
    wellbeing: significant,
    needsFluctuate: false,
    ...overrides,
  };
}

// ——— Arbitraries ———

const adultWay = fc.constantFrom(...adultUnableWays);
const carerWay = fc.constantFrom(...carerUnableWays);
const wellbeing = fc.record({
  significant: fc.boolean(),
  areas: fc.uniqueArray(fc.constantFrom(...wellbeingAreas), { maxLength: wellbeingAreas.length }),
});

const adultInput: fc.Arbitrary<AdultEligibilityInput> = fc.record({
  kind: fc.constant('adult' as const),
  needsArise: fc.boolean(),
  condition: fc.constantFrom('Multiple sclerosis', 'Depression', 'Learning disability'),
  outcomes: fc
    .uniqueArray(fc.constantFrom(...adultOutcomes), { maxLength: adultOutcomes.length })
    .chain((outcomes) =>
      fc.tuple(
        ...outcomes.map((outcome) =>
          fc.record({ outcome: fc.constant(outcome), unableWays: fc.uniqueArray(adultWay, { maxLength: 4 }) }),
        ),
      ),
    ),
  wellbeing,
  needsFluctuate: fc.constant(false),
});

const carerInput: fc.Arbitrary<CarerEligibilityInput> = fc.record({
  kind: fc.constant('carer' as const),
  needsArise: fc.boolean(),
  condition: fc.constantFrom('Cares for her son', 'Cares for his mother'),
  healthDeteriorating: fc.boolean(),
  outcomes: fc
    .uniqueArray(fc.constantFrom(...carerOutcomes), { maxLength: carerOutcomes.length })
    .chain((outcomes) =>
      fc.tuple(
        ...outcomes.map((outcome) =>
          fc.record({ outcome: fc.constant(outcome), unableWays: fc.uniqueArray(carerWay, { maxLength: 3 }) }),
        ),
      ),
    ),
  wellbeing,
  needsFluctuate: fc.constant(false),
});

const unmetCount = (input: { outcomes: readonly { unableWays: readonly string[] }[] }) =>
  input.outcomes.filter((o) => o.unableWays.length > 0).length;

/** The same input with one more outcome the person is unable to achieve (if any is left). */
function withOneMoreUnmet<T extends AdultEligibilityInput | CarerEligibilityInput>(
  input: T,
  order: readonly string[],
  way: string,
): T {
  const unmet = new Set(input.outcomes.filter((o) => o.unableWays.length > 0).map((o) => o.outcome as string));
  const next = order.find((o) => !unmet.has(o));
  if (next === undefined) return input;
  return {
    ...input,
    outcomes: [...input.outcomes.filter((o) => o.outcome !== next), { outcome: next, unableWays: [way] }],
  } as T;
}

describe('adult eligibility (regulation 2): properties', () => {
  it('an adult unable to achieve exactly one outcome is never eligible', () => {
    // Exactly one outcome with ways of being unable; any others recorded as achieved.
    const exactlyOne = fc.record({
      input: adultInput,
      unmet: fc.constantFrom(...adultOutcomes),
      ways: fc.uniqueArray(adultWay, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(exactlyOne, ({ input, unmet, ways }) => {
        const outcomes = [
          ...input.outcomes.filter((o) => o.outcome !== unmet).map((o) => ({ ...o, unableWays: [] })),
          { outcome: unmet, unableWays: ways },
        ];
        const decision = determineAdultEligibility({
          ...input,
          needsArise: true,
          wellbeing: { significant: true, areas: ['dignity'] },
          outcomes,
        });
        expect(decision.eligible).toBe(false);
        expect(decision.findings.map((f) => f.met)).toEqual([true, false, true]);
      }),
    );
  });

  it('is eligible exactly when all three conditions hold', () => {
    fc.assert(
      fc.property(adultInput, (input) => {
        const expected =
          input.needsArise && unmetCount(input) >= 2 && input.wellbeing.significant && input.wellbeing.areas.length > 0;
        const decision = determineAdultEligibility(input);
        expect(decision.eligible).toBe(expected);
        expect(decision.findings.map((f) => f.criterion)).toEqual(['needs-arise', 'outcomes', 'wellbeing']);
        expect(decision.eligible).toBe(decision.findings.every((f) => f.met));
      }),
    );
  });

  it('adding an unmet outcome never turns eligible into not eligible', () => {
    fc.assert(
      fc.property(adultInput, adultWay, (input, way) => {
        fc.pre(determineAdultEligibility(input).eligible);
        expect(determineAdultEligibility(withOneMoreUnmet(input, adultOutcomes, way)).eligible).toBe(true);
      }),
    );
  });

  it('is a pure function of its inputs: the same inputs give the same decision and reasons', () => {
    fc.assert(
      fc.property(adultInput, (input) => {
        const copy = JSON.parse(JSON.stringify(input)) as AdultEligibilityInput;
        expect(determineAdultEligibility(copy)).toEqual(determineAdultEligibility(input));
      }),
    );
  });

  it('gives reasons in words, never the codes', () => {
    const codes = [...adultOutcomes, ...adultUnableWays, ...wellbeingAreas].filter((c) => c.includes('-'));
    fc.assert(
      fc.property(adultInput, (input) => {
        const decision = determineAdultEligibility(input);
        const words = [decision.summary, ...decision.findings.map((f) => f.reason)].join(' ');
        for (const code of codes) expect(words).not.toContain(code);
      }),
    );
  });
});

describe('carer eligibility (regulation 3): properties', () => {
  it('a carer unable to achieve any one outcome meets the outcomes condition', () => {
    fc.assert(
      fc.property(carerInput, (input) => {
        fc.pre(unmetCount(input) >= 1);
        expect(determineCarerEligibility(input).findings[1]!.met).toBe(true);
      }),
    );
  });

  it('is eligible exactly when needs arise from caring, (health or any one outcome), and a significant wellbeing impact', () => {
    fc.assert(
      fc.property(carerInput, (input) => {
        const expected =
          input.needsArise &&
          (input.healthDeteriorating || unmetCount(input) >= 1) &&
          input.wellbeing.significant &&
          input.wellbeing.areas.length > 0;
        expect(determineCarerEligibility(input).eligible).toBe(expected);
      }),
    );
  });

  it('adding an unmet outcome never turns eligible into not eligible', () => {
    fc.assert(
      fc.property(carerInput, carerWay, (input, way) => {
        fc.pre(determineCarerEligibility(input).eligible);
        expect(determineCarerEligibility(withOneMoreUnmet(input, carerOutcomes, way)).eligible).toBe(true);
      }),
    );
  });

  it('health deteriorating is enough on its own for the second condition', () => {
    fc.assert(
      fc.property(carerInput, (input) => {
        const decision = determineCarerEligibility({ ...input, healthDeteriorating: true, outcomes: [] });
        expect(decision.findings[1]!.met).toBe(true);
        expect(decision.unmetNeeds).toEqual([CARER_HEALTH_NEED]);
      }),
    );
  });
});

describe('regulation 2, clause by clause', () => {
  it('2(1)(a): needs that do not arise from an impairment or illness are not eligible', () => {
    const decision = determineAdultEligibility(adult(['nutrition', 'toilet-needs'], { needsArise: false }));
    expect(decision.eligible).toBe(false);
    expect(decision.findings[0]).toMatchObject({ criterion: 'needs-arise', met: false });
  });

  it('2(1)(b): two or more of the ten outcomes', () => {
    expect(determineAdultEligibility(adult([])).eligible).toBe(false);
    expect(determineAdultEligibility(adult(['nutrition'])).eligible).toBe(false);
    expect(determineAdultEligibility(adult(['nutrition', 'caring-for-child'])).eligible).toBe(true);
    expect(determineAdultEligibility(adult([...adultOutcomes])).eligible).toBe(true);
  });

  it('2(1)(b): an outcome recorded with no way of being unable is achieved', () => {
    const input = adult(['nutrition'], {
      outcomes: [
        { outcome: 'nutrition', unableWays: ['needs-assistance'] },
        { outcome: 'personal-hygiene', unableWays: [] },
      ],
    });
    expect(determineAdultEligibility(input).eligible).toBe(false);
  });

  it('2(1)(c): without a significant impact on wellbeing, not eligible', () => {
    const decision = determineAdultEligibility(
      adult(['nutrition', 'toilet-needs'], { wellbeing: { significant: false, areas: [] } }),
    );
    expect(decision.eligible).toBe(false);
    expect(decision.findings[2]).toMatchObject({ criterion: 'wellbeing', met: false });
  });

  it('2(2): the ten outcomes, in the regulations’ order', () => {
    expect(adultOutcomes).toHaveLength(10);
    expect(outcomeLabel('adult', 'nutrition')).toBe('managing and maintaining nutrition');
    expect(outcomeLabel('adult', 'caring-for-child')).toBe(
      'carrying out any caring responsibilities you have for a child',
    );
  });

  it.each(adultUnableWays)('2(3): "%s" alone makes an outcome unmet', (way: AdultUnableWay) => {
    const input = adult([], {
      outcomes: [
        { outcome: 'nutrition', unableWays: [way] },
        { outcome: 'habitable-home', unableWays: [way] },
      ],
    });
    expect(determineAdultEligibility(input).eligible).toBe(true);
  });

  it('names the outcomes in the reasons', () => {
    const decision = determineAdultEligibility(adult(['nutrition', 'toilet-needs']));
    expect(decision.findings[1]!.reason).toContain('managing and maintaining nutrition');
    expect(decision.findings[1]!.reason).toContain('managing toilet needs');
    expect(decision.summary).toMatch(/meet the national eligibility criteria/);
  });
});

describe('regulation 3, clause by clause', () => {
  it('3(1)(a): needs must arise from providing necessary care', () => {
    expect(determineCarerEligibility(carer(['recreation'], { needsArise: false })).eligible).toBe(false);
  });

  it('3(2)(a): health deteriorating or at risk, with no outcome unmet, is enough', () => {
    expect(determineCarerEligibility(carer([], { healthDeteriorating: true })).eligible).toBe(true);
  });

  it('3(2)(b): any one of the eight outcomes is enough', () => {
    for (const outcome of carerOutcomes) expect(determineCarerEligibility(carer([outcome])).eligible).toBe(true);
    expect(determineCarerEligibility(carer([])).eligible).toBe(false);
  });

  it('3(1)(c): a significant impact on wellbeing is still needed', () => {
    const input = carer(['recreation'], { wellbeing: { significant: false, areas: [] } });
    expect(determineCarerEligibility(input).eligible).toBe(false);
  });

  it.each(carerUnableWays)('3(4): "%s" alone makes a carer’s outcome unmet', (way: CarerUnableWay) => {
    const input = carer([], { outcomes: [{ outcome: 'recreation', unableWays: [way] }] });
    expect(determineCarerEligibility(input).eligible).toBe(true);
  });

  it('3(4): has no "takes significantly longer" test', () => {
    expect(carerUnableWays).not.toContain('takes-significantly-longer');
    expect(carerOutcomes).toHaveLength(8);
  });
});

describe('fluctuating needs (regulation 4)', () => {
  it('need the period considered, and the decision carries it', () => {
    const input = adult(['nutrition', 'toilet-needs'], { needsFluctuate: true });
    expect(eligibilityInputProblems(input).map((p) => p.code)).toEqual(['period_required']);
    const period = { from: '2026-06-01', to: '2026-08-31', description: 'Relapses every few weeks' };
    const decided = determineEligibility({ ...input, periodConsidered: period });
    expect(decided.periodConsidered).toEqual(period);
  });

  it('refuse a period that is a single day or runs backwards', () => {
    for (const [from, to] of [
      ['2026-06-01', '2026-06-01'],
      ['2026-06-02', '2026-06-01'],
      ['2026-02-30', '2026-03-01'],
    ]) {
      const input = adult(['nutrition'], {
        needsFluctuate: true,
        periodConsidered: { from: from!, to: to!, description: 'x' },
      });
      expect(eligibilityInputProblems(input).map((p) => p.code)).toEqual(['period_invalid']);
    }
  });
});

describe('input problems', () => {
  it('name each field at fault', () => {
    const input = adult([], {
      condition: ' ',
      outcomes: [
        { outcome: 'nutrition', unableWays: ['needs-assistance', 'needs-assistance'] },
        { outcome: 'nutrition', unableWays: [] },
      ],
      wellbeing: { significant: true, areas: [] },
    });
    expect(eligibilityInputProblems(input).map((p) => [p.code, p.field])).toEqual([
      ['unable_way_repeated', '/outcomes/0/unableWays'],
      ['outcome_repeated', '/outcomes/1/outcome'],
      ['condition_missing', '/condition'],
      ['wellbeing_area_missing', '/wellbeing/areas'],
    ]);
  });
});

// ——— Resource allocation ———

const table: RasTable = {
  version: 3,
  rows: [
    { kind: 'adult', need: 'nutrition', points: 12 },
    { kind: 'adult', need: 'toilet-needs', points: 10 },
    { kind: 'carer', need: CARER_HEALTH_NEED, points: 8 },
    { kind: 'carer', need: 'nutrition', points: 3 },
  ],
  pencePerPoint: 525,
  maximumWeeklyPence: null,
};

describe('indicative budget from the resource allocation table', () => {
  it('adds the points of each need and multiplies by the rate, showing each line', () => {
    const budget = indicativeBudget('adult', ['nutrition', 'toilet-needs'], table);
    expect(budget).toMatchObject({ rasVersion: 3, totalPoints: 22, weeklyPence: 22 * 525, capped: false });
    expect(budget.lines).toEqual([
      { need: 'nutrition', label: 'managing and maintaining nutrition', points: 12, inTable: true },
      { need: 'toilet-needs', label: 'managing toilet needs', points: 10, inTable: true },
    ]);
    expect(budget.explanation).toBe('22 points at £5.25 a point gives £115.50 a week.');
  });

  it('uses the rows for the kind of person: a carer’s nutrition is not an adult’s', () => {
    expect(indicativeBudget('carer', ['nutrition'], table).totalPoints).toBe(3);
    expect(indicativeBudget('carer', [CARER_HEALTH_NEED, 'nutrition'], table).totalPoints).toBe(11);
  });

  it('scores a need with no row as nothing, and says so', () => {
    const budget = indicativeBudget('adult', ['relationships'], table);
    expect(budget.lines[0]).toMatchObject({ points: 0, inTable: false });
    expect(budget.weeklyPence).toBe(0);
  });

  it('caps at the table’s maximum', () => {
    const capped = indicativeBudget('adult', ['nutrition', 'toilet-needs'], { ...table, maximumWeeklyPence: 10000 });
    expect(capped).toMatchObject({ uncappedWeeklyPence: 11550, weeklyPence: 10000, capped: true });
    expect(capped.explanation).toContain('capped');
  });

  it('is whole pence, equal to the sum of its lines at the rate, and never above the cap', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...adultOutcomes), { maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 })),
        (needs, points, rate, cap) => {
          const t: RasTable = {
            version: 1,
            rows: adultOutcomes.map((need, i) => ({ kind: 'adult', need, points: points[i]! })),
            pencePerPoint: rate,
            maximumWeeklyPence: cap,
          };
          const budget = indicativeBudget('adult', needs, t);
          expect(Number.isSafeInteger(budget.weeklyPence)).toBe(true);
          expect(budget.totalPoints).toBe(budget.lines.reduce((s, l) => s + l.points, 0));
          expect(budget.uncappedWeeklyPence).toBe(budget.totalPoints * rate);
          if (cap !== null) expect(budget.weeklyPence).toBeLessThanOrEqual(cap);
          else expect(budget.weeklyPence).toBe(budget.uncappedWeeklyPence);
        },
      ),
    );
  });

  it('never goes down when a need is added (points are never negative)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...adultOutcomes), { minLength: 1, maxLength: 10 }), (needs) => {
        const fewer = indicativeBudget('adult', needs.slice(1), table);
        const more = indicativeBudget('adult', needs, table);
        expect(more.weeklyPence).toBeGreaterThanOrEqual(fewer.weeklyPence);
      }),
    );
  });
});

describe('checking a table before it is saved', () => {
  it('accepts every need of the regulations', () => {
    const rows = (['adult', 'carer'] as const).flatMap((kind) =>
      rasNeedsOf(kind).map((need) => ({ kind, need, points: 1 })),
    );
    expect(rasTableProblems({ rows, pencePerPoint: 100, maximumWeeklyPence: null })).toEqual([]);
  });

  it('names unknown and repeated needs, bad points and a bad rate', () => {
    const problems = rasTableProblems({
      rows: [
        { kind: 'adult', need: 'recreation', points: 1 }, // a carer's outcome, not an adult's
        { kind: 'adult', need: 'nutrition', points: 1 },
        { kind: 'adult', need: 'nutrition', points: -1 },
      ],
      pencePerPoint: 1.5,
      maximumWeeklyPence: -1,
    });
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['need_unknown', '/rows/0/need'],
      ['need_repeated', '/rows/2/need'],
      ['points_invalid', '/rows/2/points'],
      ['rate_invalid', '/pencePerPoint'],
      ['rate_invalid', '/maximumWeeklyPence'],
    ]);
  });
});
