import {
  adultOutcomes,
  adultUnableWays,
  CARER_HEALTH_NEED,
  carerOutcomes,
  carerUnableWays,
  outcomeLabel,
  wellbeingAreas,
  type EligibilityKind,
} from '@threefold/domain';

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The outcomes of the regulations for an adult or a carer, in order, with their words. */
export function outcomesOf(kind: EligibilityKind): { value: string; label: string }[] {
  const list: readonly string[] = kind === 'adult' ? adultOutcomes : carerOutcomes;
  // The regulations' words are written to the person; on this screen colleagues read about them.
  return list.map((value) => ({
    value,
    label: sentence(
      outcomeLabel(kind, value)
        .replace(/\byou\b/g, 'they')
        .replace(/\byour\b/g, 'their'),
    ),
  }));
}

/** The needs an indicative budget can be for (a carer's health too), for the table's rows. */
export function needsOf(kind: EligibilityKind): { value: string; label: string }[] {
  return kind === 'adult'
    ? outcomesOf('adult')
    : [{ value: CARER_HEALTH_NEED, label: 'Health deteriorating, or at risk of it' }, ...outcomesOf('carer')];
}

export function needLabel(kind: EligibilityKind, need: string): string {
  return needsOf(kind).find((n) => n.value === need)?.label ?? need;
}

const wayLabels: Record<string, { label: string; description: string }> = {
  'needs-assistance': { label: 'Cannot without help', description: 'Including needing to be prompted.' },
  'significant-pain-distress-anxiety': {
    label: 'Only with significant pain, distress or anxiety',
    description: 'They can do it without help, but it hurts or distresses them significantly.',
  },
  'endangers-health-or-safety': {
    label: 'Only by putting themselves or others at risk',
    description: 'Doing it endangers, or is likely to endanger, their health or safety or someone else’s.',
  },
  'takes-significantly-longer': {
    label: 'Only taking significantly longer than expected',
    description: 'Adults only: carers do not have this test.',
  },
};

/** The ways of being unable (regulation 2(3) for adults; 3(4), three of them, for carers). */
export function unableWaysOf(kind: EligibilityKind) {
  const list: readonly string[] = kind === 'adult' ? adultUnableWays : carerUnableWays;
  return list.map((value) => ({ value, ...wayLabels[value]! }));
}

const wellbeingLabels: Record<string, string> = {
  dignity: 'Personal dignity',
  health: 'Physical and mental health and emotional wellbeing',
  'protection-from-abuse': 'Protection from abuse and neglect',
  'control-over-daily-life': 'Control over day-to-day life',
  participation: 'Work, education, training or recreation',
  'social-and-economic': 'Social and economic wellbeing',
  relationships: 'Domestic, family and personal relationships',
  accommodation: 'Suitability of where they live',
  'contribution-to-society': 'Contribution to society',
};

/** The Care Act s1 areas of wellbeing. */
export const wellbeingOptions = wellbeingAreas.map((value) => ({ value, label: wellbeingLabels[value] ?? value }));

export const criterionNames: Record<string, string> = {
  'needs-arise': 'Why they have needs',
  outcomes: 'What they are unable to do',
  wellbeing: 'The effect on their wellbeing',
};

export const unitNames: Record<string, string> = {
  hour: 'an hour',
  day: 'a day',
  session: 'a session',
  night: 'a night',
  week: 'a week',
  item: 'each',
};
