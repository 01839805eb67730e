import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  conclusionFieldProblems,
  conclusionPlaces,
  conclusionProblems,
  dateInEngland,
  decideRoute,
  desiredOutcomesProblems,
  isWorkingDay,
  outcomesAchievedValues,
  riskAssessmentOutcomes,
  riskResults,
  routesAllowed,
  safeguardingLocations,
  safeguardingRiskTypes,
  safeguardingSources,
  section42DutyApplies,
  workingDayClock,
  type EnquiryConclusion,
  type Section42Criteria,
} from '../src/index.js';

const criteria = fc.record({
  hasCareAndSupportNeeds: fc.boolean(),
  experiencingOrAtRiskOfAbuseOrNeglect: fc.boolean(),
  unableToProtectThemselves: fc.boolean(),
});
const all: Section42Criteria = {
  hasCareAndSupportNeeds: true,
  experiencingOrAtRiskOfAbuseOrNeglect: true,
  unableToProtectThemselves: true,
};

describe('the section 42 decision', () => {
  it('routes to a section 42 enquiry exactly when all three criteria are met', () => {
    fc.assert(
      fc.property(
        criteria,
        fc.constantFrom(undefined, 's42_enquiry', 'other_enquiry', 'no_enquiry' as const),
        (c, asked) => {
          const { route } = decideRoute({ criteria: c, route: asked, noEnquiryReason: 'not needed' });
          if (section42DutyApplies(c)) {
            // The duty is not optional: asking for anything else is refused, asking nothing gives s42.
            expect(route).toBe(asked === undefined || asked === 's42_enquiry' ? 's42_enquiry' : null);
          } else {
            expect(route).toBe(asked === undefined || asked === 's42_enquiry' ? null : asked);
          }
          if (route) expect(routesAllowed(c)).toContain(route);
        },
      ),
    );
  });

  it('lists each combination of the eight correctly', () => {
    const combos = [true, false].flatMap((a) => [true, false].flatMap((b) => [true, false].map((c) => ({ a, b, c }))));
    for (const { a, b, c } of combos) {
      const cr = { hasCareAndSupportNeeds: a, experiencingOrAtRiskOfAbuseOrNeglect: b, unableToProtectThemselves: c };
      expect(routesAllowed(cr)).toEqual(a && b && c ? ['s42_enquiry'] : ['other_enquiry', 'no_enquiry']);
    }
  });

  it('needs a reason for no enquiry, and names the criteria problem', () => {
    const none = { ...all, unableToProtectThemselves: false };
    expect(decideRoute({ criteria: none, route: 'no_enquiry' }).problems.map((p) => p.code)).toEqual([
      'no_enquiry_reason_required',
    ]);
    expect(decideRoute({ criteria: none, route: 's42_enquiry' }).problems.map((p) => p.code)).toEqual([
      's42_criteria_not_met',
    ]);
    expect(decideRoute({ criteria: all, route: 'no_enquiry', noEnquiryReason: 'x' }).problems[0]?.code).toBe(
      's42_duty_applies',
    );
    expect(
      decideRoute({
        criteria: none,
        route: 'no_enquiry',
        noEnquiryReason: 'Her daughter has it in hand',
        otherActions: [{ kind: 'connection', detail: 'Carers’ centre' }],
      }),
    ).toEqual({ route: 'no_enquiry', problems: [] });
    expect(
      decideRoute({
        criteria: none,
        route: 'other_enquiry',
        otherActions: [{ kind: 'information_and_advice', detail: 'x' }],
      }).problems[0]?.code,
    ).toBe('other_actions_only_without_enquiry');
  });
});

describe('the decision clock', () => {
  it('counts two working days past Christmas and the Boxing Day substitute', () => {
    // Thursday 24 December 2026; Christmas is Friday, Boxing Day (Saturday) is made up on Monday 28.
    const raised = new Date('2026-12-24T10:00:00Z');
    expect(workingDayClock(raised, 2, new Date('2026-12-29T09:00:00Z'))).toEqual({
      dueOn: '2026-12-30',
      workingDaysLeft: 1,
      overdue: false,
    });
    expect(workingDayClock(raised, 2, new Date('2026-12-30T23:30:00Z')).overdue).toBe(false);
    expect(workingDayClock(raised, 2, new Date('2026-12-31T00:30:00Z'))).toEqual({
      dueOn: '2026-12-30',
      workingDaysLeft: -1,
      overdue: true,
    });
  });

  it('uses the day in England: 23:30 UTC in summer is the next day', () => {
    // Friday 3 July 2026 23:30 UTC is Saturday 00:30 in London: due two working days after Saturday.
    expect(workingDayClock(new Date('2026-07-03T23:30:00Z'), 2, new Date('2026-07-06T12:00:00Z')).dueOn).toBe(
      '2026-07-07',
    );
  });

  it('is due on a working day, never before the start, and overdue exactly after the due day', () => {
    const instant = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2040-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 90 }), (start, n, after) => {
        const now = new Date(start.getTime() + after * 86_400_000);
        const clock = workingDayClock(start, n, now);
        expect(isWorkingDay(clock.dueOn)).toBe(true);
        expect(clock.overdue).toBe(dateInEngland(now) > clock.dueOn);
        expect(clock.overdue ? clock.workingDaysLeft <= 0 : clock.workingDaysLeft >= 0).toBe(true);
        // More days allowed never brings the deadline forward.
        expect(workingDayClock(start, n + 1, now).dueOn > clock.dueOn).toBe(true);
        expect(addWorkingDays(clock.dueOn, 0)).toBe(clock.dueOn);
      }),
    );
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => workingDayClock(new Date(), -1, new Date())).toThrow(RangeError);
    expect(() => workingDayClock(new Date(), 1.5, new Date())).toThrow(RangeError);
  });
});

describe('desired outcomes in the person’s words', () => {
  it('needs words when expressed, none otherwise, and a reason when not asked', () => {
    expect(desiredOutcomesProblems({ status: 'asked_expressed', outcomes: ['I want to stay at home'] })).toEqual({});
    expect(desiredOutcomesProblems({ status: 'asked_expressed', outcomes: ['  '] })).toHaveProperty('outcomes');
    expect(desiredOutcomesProblems({ status: 'asked_none_expressed', outcomes: [] })).toEqual({});
    expect(desiredOutcomesProblems({ status: 'asked_none_expressed', outcomes: ['x'] })).toHaveProperty('outcomes');
    expect(desiredOutcomesProblems({ status: 'not_asked', outcomes: [] })).toHaveProperty('notAskedReason');
    expect(
      desiredOutcomesProblems({ status: 'not_asked', outcomes: [], notAskedReason: 'Unconscious in hospital' }),
    ).toEqual({});
    expect(desiredOutcomesProblems({ status: 'asked_expressed', outcomes: ['x'], notAskedReason: 'y' })).toHaveProperty(
      'notAskedReason',
    );
  });
});

const validConclusion = fc.record({
  riskTypes: fc.uniqueArray(fc.constantFrom(...safeguardingRiskTypes), { minLength: 1, maxLength: 11 }),
  location: fc.constantFrom(...safeguardingLocations),
  source: fc.constantFrom(...safeguardingSources),
  riskAssessment: fc.constantFrom(...riskAssessmentOutcomes),
  result: fc.option(fc.constantFrom(...riskResults), { nil: null }),
  outcomesAchieved: fc.option(fc.constantFrom(...outcomesAchievedValues), { nil: null }),
});

describe('the conclusion and the national lists', () => {
  it('has the eleven types of risk', () => {
    expect(safeguardingRiskTypes).toHaveLength(11);
  });

  it('accepts every combination of national list values', () => {
    fc.assert(
      fc.property(validConclusion, (c) => {
        expect(conclusionFieldProblems(c)).toEqual({});
      }),
    );
  });

  it('names the field of any value off the lists', () => {
    const field = fc.constantFrom('riskTypes', 'location', 'source', 'riskAssessment', 'result', 'outcomesAchieved');
    const junk = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[a-z_]+$/.test(s) || s.length < 3);
    fc.assert(
      fc.property(validConclusion, field, junk, (c, f, bad) => {
        const broken: EnquiryConclusion =
          f === 'riskTypes' ? { ...c, riskTypes: [...c.riskTypes, bad] } : { ...c, [f]: bad };
        const problems = conclusionFieldProblems(broken);
        expect(Object.keys(problems)).toEqual([f === 'riskTypes' ? `riskTypes.${c.riskTypes.length}` : f]);
      }),
    );
    expect(conclusionFieldProblems({ ...fc.sample(validConclusion, 1)[0]!, riskTypes: [] })).toHaveProperty(
      'riskTypes',
    );
    expect(
      conclusionFieldProblems({ ...fc.sample(validConclusion, 1)[0]!, riskTypes: ['physical', 'physical'] }),
    ).toEqual({ 'riskTypes.1': 'is named twice' });
  });

  it('takes several locations and sources instead of one, each on its list and none twice', () => {
    const places = fc.record({
      locations: fc.uniqueArray(fc.constantFrom(...safeguardingLocations), { minLength: 1, maxLength: 9 }),
      sources: fc.uniqueArray(fc.constantFrom(...safeguardingSources), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(validConclusion, places, (c, p) => {
        const { location: _l, source: _s, ...rest } = c;
        const several: EnquiryConclusion = { ...rest, ...p };
        expect(conclusionFieldProblems(several)).toEqual({});
        expect(conclusionPlaces(several)).toEqual(p);
        expect(conclusionPlaces(c)).toEqual({ locations: [c.location], sources: [c.source] });
        // Both forms at once, a repeat, or an empty list: each named by its field.
        expect(Object.keys(conclusionFieldProblems({ ...several, location: c.location }))).toEqual(['locations']);
        const repeated = { ...several, sources: [...p.sources, p.sources[0]!] };
        expect(conclusionFieldProblems(repeated)).toEqual({ [`sources.${p.sources.length}`]: 'is named twice' });
        expect(Object.keys(conclusionFieldProblems({ ...several, locations: [] }))).toEqual(['locations']);
      }),
    );
  });

  it('asks a result exactly when action was taken on a risk, and outcomes achieved exactly when expressed', () => {
    fc.assert(
      fc.property(
        validConclusion,
        fc.constantFrom('asked_expressed', 'asked_none_expressed', 'not_asked' as const),
        (c, status) => {
          const codes = conclusionProblems({ desiredOutcomesStatus: status, advocacy: null }, c).map((p) => p.code);
          const wantsResult = /^risk_(identified|assessment_inconclusive)_action_taken$/.test(c.riskAssessment);
          expect(codes.includes('risk_result_required')).toBe(wantsResult && c.result === null);
          expect(codes.includes('risk_result_not_applicable')).toBe(!wantsResult && c.result !== null);
          expect(codes.includes('outcomes_achieved_required')).toBe(
            status === 'asked_expressed' && c.outcomesAchieved === null,
          );
          expect(codes.includes('outcomes_achieved_not_applicable')).toBe(
            status !== 'asked_expressed' && c.outcomesAchieved !== null,
          );
        },
      ),
    );
  });

  it('will not conclude before the person was asked, or without an advocate s68 requires', () => {
    const c = {
      riskTypes: ['financial_or_material'],
      location: 'own_home',
      source: 'other_known_to_individual',
      riskAssessment: 'risk_identified_action_taken',
      result: 'reduced',
      outcomesAchieved: null,
    };
    expect(conclusionProblems({ desiredOutcomesStatus: null, advocacy: null }, c).map((p) => p.code)).toEqual([
      'desired_outcomes_not_recorded',
    ]);
    const needsAdvocate = {
      substantialDifficulty: { understanding: true, retaining: false, weighing: false, communicating: false },
      appropriatePersonAvailable: false,
      advocateRecorded: false,
    };
    expect(
      conclusionProblems({ desiredOutcomesStatus: 'asked_none_expressed', advocacy: needsAdvocate }, c).map(
        (p) => p.code,
      ),
    ).toEqual(['advocate_required']);
    expect(
      conclusionProblems(
        { desiredOutcomesStatus: 'asked_none_expressed', advocacy: { ...needsAdvocate, advocateRecorded: true } },
        c,
      ),
    ).toEqual([]);
  });
});
