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
  desiredOutcomes: string[];
  notes: string;
}

export const difficultyAreas = ['understanding', 'retaining', 'weighing', 'communicating'] as const;

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
    desiredOutcomes: [...(conversation.outputs.desiredOutcomes ?? [])],
    notes: conversation.notes,
  };
}

const filled = (list: string[]) => list.map((entry) => entry.trim()).filter(Boolean);

/** What the form says, as the PATCH body: empty entries are dropped. */
export function changesOf(form: ConversationForm, conversation: Conversation): ConversationChanges {
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
          advocacy: {
            substantialDifficulty: {
              understanding: form.difficulty.includes('understanding'),
              retaining: form.difficulty.includes('retaining'),
              weighing: form.difficulty.includes('weighing'),
              communicating: form.difficulty.includes('communicating'),
            },
            appropriatePersonAvailable: form.appropriatePersonAvailable,
            advocateRecorded: form.advocateRecorded,
          },
        }
      : {}),
    outputs: { ...conversation.outputs, desiredOutcomes: filled(form.desiredOutcomes) },
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

/** Whether, on what the form says, the law requires an independent advocate (Care Act s67). */
export function advocateNeeded(form: ConversationForm): boolean {
  return form.advocacyTested && form.difficulty.length > 0 && !form.appropriatePersonAvailable;
}
