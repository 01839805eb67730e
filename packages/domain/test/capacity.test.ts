import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyInability,
  bestInterestsProblems,
  capacityAssessmentProblems,
  capacityConclusion,
  capacityDecisionAreas,
  capacityOutcomes,
  sameDecision,
  type AssessmentBasis,
  type BestInterestsDecision,
  type CapacityTest,
} from '../src/capacity.js';

const codes = (p: { code: string }[]) => p.map((x) => x.code);

const lacking: CapacityTest = {
  decisionArea: 'accommodation',
  decision: 'Where to live when she leaves hospital',
  impairment: true,
  impairmentDetail: 'Vascular dementia, diagnosed 2024',
  unableTo: { understand: false, retain: true, useOrWeigh: true, communicate: false },
  inabilityBecauseOfImpairment: true,
  practicableSteps: 'Visited twice in the morning, with pictures of both homes and her daughter present.',
  outcome: 'lacks_capacity',
};

const text = fc.oneof(fc.constant(''), fc.constant('  '), fc.string({ minLength: 1, maxLength: 20 }));
const capacityTest: fc.Arbitrary<CapacityTest> = fc.record({
  decisionArea: fc.constantFrom(...capacityDecisionAreas),
  decision: text,
  impairment: fc.boolean(),
  impairmentDetail: text,
  unableTo: fc.record({
    understand: fc.boolean(),
    retain: fc.boolean(),
    useOrWeigh: fc.boolean(),
    communicate: fc.boolean(),
  }),
  inabilityBecauseOfImpairment: fc.boolean(),
  practicableSteps: text,
  outcome: fc.constantFrom(...capacityOutcomes),
});

describe('the two-stage capacity test (MCA 2005 ss2–3)', () => {
  it('accepts a lacking-capacity finding resting on both stages and the steps taken', () => {
    expect(capacityAssessmentProblems(lacking)).toEqual([]);
    expect(capacityConclusion(lacking)).toBe('lacks_capacity');
  });

  it('refuses "lacks capacity" without an impairment, without an inability, or without the steps taken', () => {
    expect(codes(capacityAssessmentProblems({ ...lacking, impairment: false }))).toEqual(['impairment_not_found']);
    const none = { understand: false, retain: false, useOrWeigh: false, communicate: false };
    expect(codes(capacityAssessmentProblems({ ...lacking, unableTo: none }))).toEqual(['no_inability_found']);
    expect(codes(capacityAssessmentProblems({ ...lacking, inabilityBecauseOfImpairment: false }))).toEqual([
      'inability_not_caused_by_impairment',
    ]);
    expect(codes(capacityAssessmentProblems({ ...lacking, practicableSteps: ' ' }))).toEqual([
      'practicable_steps_required',
    ]);
    expect(codes(capacityAssessmentProblems({ ...lacking, decision: '' }))).toEqual(['decision_required']);
  });

  it('refuses "has capacity" when the answers say otherwise; accepts it when any stage is not met', () => {
    expect(codes(capacityAssessmentProblems({ ...lacking, outcome: 'has_capacity' }))).toEqual([
      'outcome_contradicts_test',
    ]);
    expect(capacityAssessmentProblems({ ...lacking, impairment: false, outcome: 'has_capacity' })).toEqual([]);
  });

  it('property: an accepted "lacks capacity" always has an impairment, an inability caused by it, a decision and steps', () => {
    fc.assert(
      fc.property(capacityTest, (t) => {
        const ok = capacityAssessmentProblems(t).length === 0;
        if (ok && t.outcome === 'lacks_capacity') {
          expect(t.impairment).toBe(true);
          expect(anyInability(t.unableTo)).toBe(true);
          expect(t.inabilityBecauseOfImpairment).toBe(true);
          expect(t.decision.trim()).not.toBe('');
          expect(t.practicableSteps.trim()).not.toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: an accepted outcome always equals what the two stages conclude', () => {
    fc.assert(
      fc.property(capacityTest, (t) => {
        if (capacityAssessmentProblems(t).length === 0) expect(t.outcome).toBe(capacityConclusion(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the presumption of capacity — without an impairment the test never concludes a lack', () => {
    fc.assert(
      fc.property(capacityTest, (t) => {
        expect(capacityConclusion({ ...t, impairment: false })).toBe('has_capacity');
      }),
    );
  });
});

const basis: AssessmentBasis = {
  personId: 'p1',
  decisionArea: 'accommodation',
  decision: 'Where to live when she leaves hospital',
  outcome: 'lacks_capacity',
  assessedOn: '2026-11-20',
};
const decision: BestInterestsDecision = {
  personId: 'p1',
  decisionArea: 'accommodation',
  decision: 'where to live  when she leaves hospital',
  decidedOn: '2026-11-25',
  wishesAndFeelings: 'Has always said she wants to stay near the sea.',
  beliefsAndValues: '',
  consulted: [{ name: 'Ann Brown', relationship: 'daughter', views: 'Home with daily visits' }],
  notConsultedReason: '',
  lessRestrictiveOptions: ['Home with a package of care four times a day'],
  outcome: 'Home with care four times a day and a review in six weeks.',
};

describe('a best-interests decision (MCA 2005 s4)', () => {
  it('is recorded on a lacking-capacity assessment of the same decision, with wishes, consultation and options', () => {
    expect(bestInterestsProblems(basis, decision)).toEqual([]);
  });

  it('is refused without a lacking-capacity assessment, for another decision, person or an earlier day', () => {
    expect(codes(bestInterestsProblems(null, decision))).toEqual(['capacity_not_lacking']);
    expect(codes(bestInterestsProblems({ ...basis, outcome: 'has_capacity' }, decision))).toEqual([
      'capacity_not_lacking',
    ]);
    expect(codes(bestInterestsProblems({ ...basis, decision: 'Managing her money' }, decision))).toEqual([
      'different_decision',
    ]);
    expect(codes(bestInterestsProblems({ ...basis, decisionArea: 'finances' }, decision))).toEqual([
      'different_decision',
    ]);
    expect(codes(bestInterestsProblems({ ...basis, personId: 'p2' }, decision))).toEqual(['different_person']);
    expect(codes(bestInterestsProblems(basis, { ...decision, decidedOn: '2026-11-19' }))).toEqual([
      'decided_before_assessment',
    ]);
  });

  it('is refused without wishes, consultation (or why not), less restrictive options and an outcome', () => {
    const bare = {
      ...decision,
      wishesAndFeelings: '',
      consulted: [],
      lessRestrictiveOptions: [' '],
      outcome: '',
    };
    expect(codes(bestInterestsProblems(basis, bare))).toEqual([
      'wishes_required',
      'consultation_required',
      'less_restrictive_options_required',
      'outcome_required',
    ]);
    expect(
      codes(
        bestInterestsProblems(basis, { ...decision, consulted: [], notConsultedReason: 'No family; IMCA instructed' }),
      ),
    ).toEqual([]);
  });

  it('property: accepted only on a lacking-capacity assessment of the same person and decision', () => {
    fc.assert(
      fc.property(
        capacityTest,
        fc.constantFrom(...capacityDecisionAreas),
        text,
        fc.boolean(),
        (t, area, words, samePerson) => {
          const b: AssessmentBasis = { personId: 'p1', assessedOn: '2026-01-01', ...t };
          const d: BestInterestsDecision = {
            ...decision,
            personId: samePerson ? 'p1' : 'p2',
            decisionArea: area,
            decision: words,
          };
          if (bestInterestsProblems(b, d).length === 0) {
            expect(b.outcome).toBe('lacks_capacity');
            expect(sameDecision(b, d)).toBe(true);
            expect(samePerson).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
