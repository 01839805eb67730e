import { advocacyTest, type AdvocacyNeed } from '@threefold/domain';
import type { Conversation, ConversationChanges } from './api';

export interface ConversationForm {
  strengths: { personalResources: string[]; networksOfSupport: string[]; communityResources: string[] };
  participants: { name: string; role: string }[];
  whatMatters: string;
  /** Whether the advocacy test has been gone through; until then nothing is sent for it. */
  advocacyTested: boolean;
  difficulty: string[];
  appropriatePersonAvailable: boolean;
  advocateRecorded: boolean;
  /** The Independent Advocacy Support Regulations 2014 reg 4 cases that hold (see `regulation4Cases`). */
  regulation4?: string[];
  desiredOutcomes: string[];
  /** A development plan, circle of support and risk enablement plan: each only where needed. */
  outputs: OutputsForm;
  notes: string;
}

export interface OutputsForm {
  goals: string[];
  steps: { step: string; who: string; byWhen: string }[];
  members: { name: string; role: string; agreed: string }[];
  agreement: string;
  circleReviewOn: string;
  risks: { risk: string; whatMatters: string; mitigations: string[]; who: string; reviewOn: string }[];
}

export const emptyOutputs = (): OutputsForm => ({
  goals: [],
  steps: [],
  members: [],
  agreement: '',
  circleReviewOn: '',
  risks: [],
});

export function outputsFormOf(outputs: Conversation['outputs']): OutputsForm {
  return {
    goals: [...(outputs.personalDevelopmentPlan?.goals ?? [])],
    steps: (outputs.personalDevelopmentPlan?.steps ?? []).map((s) => ({
      step: s.step,
      who: s.who,
      byWhen: s.byWhen ?? '',
    })),
    members: (outputs.circleOfSupport?.members ?? []).map((m) => ({ name: m.name, role: m.role, agreed: m.agreed })),
    agreement: outputs.circleOfSupport?.agreement ?? '',
    circleReviewOn: outputs.circleOfSupport?.reviewOn ?? '',
    risks: (outputs.riskEnablementPlan?.risks ?? []).map((r) => ({
      risk: r.risk,
      whatMatters: r.whatMatters,
      mitigations: [...r.mitigations],
      who: r.who,
      reviewOn: r.reviewOn,
    })),
  };
}

const anyText = (row: Record<string, unknown>) =>
  Object.values(row).some((v) => (Array.isArray(v) ? v.some((e) => String(e).trim()) : String(v).trim()));

/** The structured outputs as the API takes them: blank rows dropped, a part left out when nothing is in it. */
export function outputsOf(form: OutputsForm, desiredOutcomes: string[]): Conversation['outputs'] {
  const goals = filled(form.goals);
  const steps = form.steps
    .filter(anyText)
    .map((s) => ({ step: s.step.trim(), who: s.who.trim(), ...(s.byWhen ? { byWhen: s.byWhen } : {}) }));
  const members = form.members
    .filter(anyText)
    .map((m) => ({ name: m.name.trim(), role: m.role.trim(), agreed: m.agreed.trim() }));
  const risks = form.risks.filter(anyText).map((r) => ({
    risk: r.risk.trim(),
    whatMatters: r.whatMatters.trim(),
    mitigations: filled(r.mitigations),
    who: r.who.trim(),
    reviewOn: r.reviewOn,
  }));
  return {
    desiredOutcomes: filled(desiredOutcomes),
    ...(goals.length || steps.length ? { personalDevelopmentPlan: { goals, steps } } : {}),
    ...(members.length || form.agreement.trim() || form.circleReviewOn
      ? {
          circleOfSupport: {
            members,
            agreement: form.agreement.trim(),
            ...(form.circleReviewOn ? { reviewOn: form.circleReviewOn } : {}),
          },
        }
      : {}),
    ...(risks.length ? { riskEnablementPlan: { risks } } : {}),
  };
}

/** The input an API field error is about, e.g. `outputs.riskEnablementPlan.risks.0.who` → `risk-0-who`. */
export function outputFieldId(field: string): string | undefined {
  const parts = field.split('.');
  if (parts[0] !== 'outputs') return undefined;
  const [, part, list, index, leaf] = parts;
  if (part === 'personalDevelopmentPlan')
    return list === 'goals' ? 'pdp-goals-0' : index !== undefined ? `pdp-step-${index}-${leaf ?? 'step'}` : undefined;
  if (part === 'circleOfSupport') {
    if (list === 'members')
      return index !== undefined ? `circle-member-${index}-${leaf ?? 'name'}` : 'circle-add-member';
    return list === 'reviewOn' ? 'circle-review-on' : 'circle-agreement';
  }
  if (part === 'riskEnablementPlan' && index !== undefined)
    return leaf === 'mitigations' ? `risk-${index}-mitigations-0` : `risk-${index}-${leaf ?? 'risk'}`;
  if (part === 'desiredOutcomes') return 'desired-outcomes-0';
  return undefined;
}

export const difficultyAreas = ['understanding', 'retaining', 'weighing', 'communicating'] as const;

/**
 * The Care and Support (Independent Advocacy Support) (No. 2) Regulations 2014 reg 4: the cases where
 * an advocate is needed even with an appropriate person.
 */
export const regulation4Cases = [
  'possibleDeprivationOfLiberty',
  'nhsHospitalStay28Days',
  'nhsCareHome8Weeks',
  'nhsAccommodationAdvocateInBestInterests',
  'disagreementWithAppropriatePerson',
  'advocateAgreedWithAppropriatePerson',
] as const;
type Regulation4Case = (typeof regulation4Cases)[number];

export const regulation4Options = [
  { value: 'possibleDeprivationOfLiberty', label: 'The assessment or plan might deprive them of their liberty' },
  { value: 'nhsHospitalStay28Days', label: 'The NHS is likely to arrange a hospital stay of 28 days or more' },
  { value: 'nhsCareHome8Weeks', label: 'The NHS is likely to arrange a care home stay of 8 weeks or more' },
  {
    value: 'nhsAccommodationAdvocateInBestInterests',
    label: 'For that NHS stay, an advocate would be in their best interests',
  },
  {
    value: 'disagreementWithAppropriatePerson',
    label: 'We and the appropriate person disagree on something that matters',
  },
  {
    value: 'advocateAgreedWithAppropriatePerson',
    label: 'We and the appropriate person agree an advocate would be in their best interests',
  },
];

/** The advocacy test as the API takes it, from the form. */
function advocacyOf(form: ConversationForm): AdvocacyNeed {
  const reg4 = (key: Regulation4Case) => (form.regulation4 ?? []).includes(key);
  return {
    substantialDifficulty: {
      understanding: form.difficulty.includes('understanding'),
      retaining: form.difficulty.includes('retaining'),
      weighing: form.difficulty.includes('weighing'),
      communicating: form.difficulty.includes('communicating'),
    },
    appropriatePersonAvailable: form.appropriatePersonAvailable,
    advocateRecorded: form.advocateRecorded,
    ...Object.fromEntries(regulation4Cases.map((key) => [key, reg4(key)])),
  };
}

export function formOf(conversation: Conversation): ConversationForm {
  const advocacy = conversation.advocacy;
  return {
    strengths: {
      personalResources: [...conversation.strengths.personalResources],
      networksOfSupport: [...conversation.strengths.networksOfSupport],
      communityResources: [...conversation.strengths.communityResources],
    },
    participants: conversation.participants.map(({ name, role }) => ({ name, role })),
    whatMatters: conversation.whatMatters,
    advocacyTested: !!advocacy,
    difficulty: advocacy ? difficultyAreas.filter((area) => advocacy.substantialDifficulty[area]) : [],
    appropriatePersonAvailable: advocacy?.appropriatePersonAvailable ?? false,
    advocateRecorded: advocacy?.advocateRecorded ?? false,
    regulation4: advocacy ? regulation4Cases.filter((key) => advocacy[key] === true) : [],
    desiredOutcomes: [...(conversation.outputs.desiredOutcomes ?? [])],
    outputs: outputsFormOf(conversation.outputs),
    notes: conversation.notes,
  };
}

const filled = (list: string[]) => list.map((entry) => entry.trim()).filter(Boolean);

/** What the form says, as the PATCH body: empty entries are dropped. */
export function changesOf(form: ConversationForm, _conversation: Conversation): ConversationChanges {
  return {
    strengths: {
      personalResources: filled(form.strengths.personalResources),
      networksOfSupport: filled(form.strengths.networksOfSupport),
      communityResources: filled(form.strengths.communityResources),
    },
    participants: form.participants
      .map((p) => ({ name: p.name.trim(), role: p.role.trim() }))
      .filter((p) => p.name || p.role)
      .map((p) => ({ name: p.name, role: p.role || 'took part' })),
    whatMatters: form.whatMatters,
    ...(form.advocacyTested
      ? {
          advocacy: advocacyOf(form),
        }
      : {}),
    outputs: outputsOf(form.outputs, form.desiredOutcomes),
    notes: form.notes,
  };
}

/** Whether the form differs from the conversation as read. */
export function differs(form: ConversationForm, conversation: Conversation): boolean {
  return JSON.stringify(form) !== JSON.stringify(formOf(conversation));
}

/** After a 412: the latest version, keeping each part the colleague changed here. */
export function keepChanged(typed: ConversationForm, before: ConversationForm, latest: ConversationForm) {
  const merged: ConversationForm = { ...latest };
  for (const key of Object.keys(typed) as (keyof ConversationForm)[]) {
    if (JSON.stringify(typed[key]) !== JSON.stringify(before[key])) {
      (merged as unknown as Record<string, unknown>)[key] = typed[key];
    }
  }
  return merged;
}

/** Whether, on what the form says, the law requires an independent advocate (Care Act s67 with reg 4). */
export function advocateNeeded(form: ConversationForm): boolean {
  return form.advocacyTested && advocacyTest(advocacyOf(form)).required;
}
