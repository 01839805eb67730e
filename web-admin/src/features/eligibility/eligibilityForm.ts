import type { EligibilityKind } from '@threefold/domain';
import type { NewDetermination } from './api';
import { outcomesOf } from './labels';

export interface OutcomeEntry {
  /** The ways the person is unable to achieve it; none means they can. */
  ways: string[];
  note: string;
}

/** The eligibility screen's fields. Yes/no answers are radio groups: a list of one value or none. */
export interface EligibilityForm {
  kind: EligibilityKind;
  caredForPersonId: string;
  needsArise: string[];
  condition: string;
  healthDeteriorating: string[];
  outcomes: Record<string, OutcomeEntry>;
  significant: string[];
  areas: string[];
  wellbeingNote: string;
  needsFluctuate: string[];
  periodFrom: string;
  periodTo: string;
  periodDescription: string;
  /** Ordinary residence (Care Act s13(3)(c), s18, s39): sent when a council is named. */
  orCouncil?: string;
  orBasis?: string;
  orDisputed?: string[];
  orNote?: string;
}

export function emptyOutcomes(kind: EligibilityKind): Record<string, OutcomeEntry> {
  return Object.fromEntries(outcomesOf(kind).map((o) => [o.value, { ways: [], note: '' }]));
}

export function emptyEligibilityForm(kind: EligibilityKind = 'adult'): EligibilityForm {
  return {
    kind,
    caredForPersonId: '',
    needsArise: [],
    condition: '',
    healthDeteriorating: [],
    outcomes: emptyOutcomes(kind),
    significant: [],
    areas: [],
    wellbeingNote: '',
    needsFluctuate: ['no'],
    periodFrom: '',
    periodTo: '',
    periodDescription: '',
    orCouncil: '',
    orBasis: 'ordinarily_resident',
    orDisputed: [],
    orNote: '',
  };
}

/** Things to answer before the API is asked; field id → message. Empty when the form can be sent. */
export function formErrors(form: EligibilityForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.kind === 'carer' && !form.caredForPersonId) errors['cared-for'] = 'Choose the person they care for';
  if (form.needsArise.length === 0) errors['needs-arise'] = 'Answer whether their needs arise this way';
  if (form.kind === 'carer' && form.healthDeteriorating.length === 0) {
    errors['health-deteriorating'] = 'Answer whether their health is deteriorating or at risk';
  }
  if (form.significant.length === 0)
    errors['wellbeing-significant'] = 'Answer whether the impact on wellbeing is significant';
  if (form.needsFluctuate[0] === 'yes') {
    if (!form.periodFrom) errors['period-from'] = 'Enter when the period considered starts';
    if (!form.periodTo) errors['period-to'] = 'Enter when the period considered ends';
    if (!form.periodDescription.trim()) errors['period-description'] = 'Describe how their needs varied';
  }
  if ((form.orDisputed ?? []).includes('yes') && !form.orNote?.trim()) {
    errors['or-note'] = 'Say which council disputes it and where the dispute stands';
  }
  if ((form.orDisputed ?? []).includes('yes') && !form.orCouncil?.trim()) {
    errors['or-council'] = 'Name the council responsible while it is disputed';
  }
  return errors;
}

/** Care Act 2014: the bases of ordinary residence, in the practice's words. */
export const ordinaryResidenceChoices = [
  { value: 'ordinarily_resident', label: 'Ordinarily resident in the council’s area (section 18)' },
  { value: 'no_settled_residence', label: 'No settled residence: present in the area (section 18)' },
  {
    value: 'deemed_specified_accommodation',
    label: 'Treated as resident where they lived before specified accommodation (section 39(1))',
  },
  {
    value: 'deemed_nhs_accommodation',
    label: 'Treated as resident where they lived before NHS accommodation (section 39(5))',
  },
  {
    value: 'deemed_mental_health_after_care',
    label: 'Treated as resident where they lived before detention (section 39(4))',
  },
  { value: 'urgent_needs_pending', label: 'Needs met urgently while residence is settled (section 19(3))' },
];

function ordinaryResidenceOf(form: EligibilityForm): Pick<NewDetermination, 'ordinaryResidence'> {
  const council = form.orCouncil?.trim() ?? '';
  if (!council) return {};
  return {
    ordinaryResidence: {
      council,
      basis: (form.orBasis || 'ordinarily_resident') as NonNullable<NewDetermination['ordinaryResidence']>['basis'],
      disputed: (form.orDisputed ?? []).includes('yes'),
      note: form.orNote?.trim() ?? '',
    },
  };
}

const yes = (answer: string[]) => answer[0] === 'yes';
const note = (text: string) => (text.trim() ? { note: text.trim() } : {});

export function toDetermination(form: EligibilityForm, conversationId: string): NewDetermination {
  const outcomes = outcomesOf(form.kind)
    .map((o) => ({ outcome: o.value, entry: form.outcomes[o.value] ?? { ways: [], note: '' } }))
    .filter(({ entry }) => entry.ways.length > 0 || entry.note.trim() !== '')
    .map(({ outcome, entry }) => ({ outcome, unableWays: entry.ways, ...note(entry.note) }));
  const common = {
    needsArise: yes(form.needsArise),
    condition: form.condition.trim(),
    wellbeing: { significant: yes(form.significant), areas: form.areas, ...note(form.wellbeingNote) },
    needsFluctuate: yes(form.needsFluctuate),
    ...(yes(form.needsFluctuate)
      ? {
          periodConsidered: {
            from: form.periodFrom,
            to: form.periodTo,
            description: form.periodDescription.trim(),
          },
        }
      : {}),
  };
  if (form.kind === 'carer') {
    return {
      conversationId,
      caredForPersonId: form.caredForPersonId,
      ...ordinaryResidenceOf(form),
      inputs: {
        kind: 'carer',
        healthDeteriorating: yes(form.healthDeteriorating),
        outcomes,
        ...common,
      } as NewDetermination['inputs'],
    };
  }
  return {
    conversationId,
    ...ordinaryResidenceOf(form),
    inputs: { kind: 'adult', outcomes, ...common } as NewDetermination['inputs'],
  };
}

/** Where on the screen an API field error belongs (`inputs.periodConsidered` → the period fields). */
export function fieldIdOf(field: string): string | undefined {
  if (field === 'caredForPersonId') return 'cared-for';
  if (field.startsWith('inputs.periodConsidered')) return 'period-from';
  if (field.startsWith('inputs.wellbeing')) return 'wellbeing-areas';
  if (field === 'inputs.condition') return 'condition';
  if (field.startsWith('ordinaryResidence.council')) return 'or-council';
  if (field.startsWith('ordinaryResidence.note')) return 'or-note';
  const outcome = /^inputs\.outcomes\.(\d+)/.exec(field);
  if (outcome) return 'outcomes';
  return undefined;
}
