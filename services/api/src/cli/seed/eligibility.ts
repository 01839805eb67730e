import {
  determineEligibility,
  type AdultEligibilityInput,
  type AdultOutcome,
  type AdultUnableWay,
} from '@threefold/domain';

/** The seeded adults' circumstances, taken in turn (no draw from the generator, so the rest of a seed stays as it was). */
const circumstances: {
  condition: string;
  outcomes: [AdultOutcome, AdultUnableWay, string][];
}[] = [
  {
    condition: 'Arthritis in both knees and hips',
    outcomes: [
      ['nutrition', 'significant-pain-distress-anxiety', 'Cannot stand at the cooker long enough to cook a meal.'],
      ['personal-hygiene', 'needs-assistance', 'Needs help to get in and out of the bath.'],
      ['using-home-safely', 'endangers-health-or-safety', 'Has fallen twice on the stairs this month.'],
    ],
  },
  {
    condition: 'Early-stage dementia',
    outcomes: [
      ['nutrition', 'endangers-health-or-safety', 'Forgets meals and has left the gas on.'],
      ['appropriately-clothed', 'needs-assistance', 'Needs prompting to dress for the weather.'],
      ['community-facilities', 'significant-pain-distress-anxiety', 'Too anxious to go to the shops alone.'],
    ],
  },
  {
    condition: 'Recovering from a stroke',
    outcomes: [
      ['toilet-needs', 'needs-assistance', 'Needs a hand to the toilet at night.'],
      ['personal-hygiene', 'takes-significantly-longer', 'Washing and dressing take most of the morning.'],
      ['relationships', 'significant-pain-distress-anxiety', 'Has stopped seeing friends since coming home.'],
    ],
  },
];

/**
 * A seeded eligibility decision made as the eligibility module makes one: inputs of the shape its
 * API takes, decided by the domain's `determineEligibility`, so the decision has its reasons and
 * its letter can be written. `eligible` says which way it goes: two or more outcomes the person
 * cannot achieve with a significant impact on wellbeing, or one outcome only (not eligible).
 */
export function seededDetermination(index: number, eligible: boolean) {
  const c = circumstances[index % circumstances.length]!;
  const outcomes = c.outcomes.slice(0, eligible ? 2 + (index % 2) : 1);
  const inputs: AdultEligibilityInput = {
    kind: 'adult',
    needsArise: true,
    condition: c.condition,
    outcomes: outcomes.map(([outcome, way, note]) => ({ outcome, unableWays: [way], note })),
    wellbeing: {
      significant: eligible,
      areas: eligible ? ['health', 'control-over-daily-life'] : [],
      note: eligible ? 'Losing confidence and at risk of a fall at home.' : '',
    },
    needsFluctuate: false,
  };
  const decision = determineEligibility(inputs);
  return {
    inputs: inputs as unknown as Record<string, unknown>,
    eligible: decision.eligible,
    reasons: { summary: decision.summary, findings: decision.findings },
    eligibleNeeds: decision.eligible ? decision.unmetNeeds : [],
  };
}
