import { countOf } from '@/format';
import { advocateNeeded, type ConversationForm } from './conversationForm';

/**
 * The conversation form's parts as they fold away: a few words each on what a part holds, and
 * which parts are done — saved with something in them and not changed since in this tab — so
 * they start folded and the page reads as an overview of what is left.
 */
export type ConversationPart = 'strengths' | 'participants' | 'matters' | 'advocacy' | 'outcomes' | 'notes';

const strengthCount = (f: ConversationForm) =>
  f.strengths.personalResources.length + f.strengths.networksOfSupport.length + f.strengths.communityResources.length;
const advocateMissing = (f: ConversationForm) => advocateNeeded(f) && !f.advocateRecorded;

export function partSummaries(f: ConversationForm): Record<ConversationPart, string> {
  const strengths = strengthCount(f);
  const people = f.participants.filter((p) => p.name.trim());
  const matters = f.whatMatters.trim();
  return {
    strengths: strengths ? countOf(strengths, 'strength') : 'None recorded yet',
    participants: people.length ? people.map((p) => p.name.trim()).join(', ') : 'Nobody recorded yet',
    matters: matters ? (matters.length > 80 ? `${matters.slice(0, 80)}…` : matters) : 'Not written yet',
    advocacy: !f.advocacyTested
      ? 'Not gone through yet'
      : advocateMissing(f)
        ? 'An independent advocate is needed'
        : 'Gone through',
    outcomes: f.desiredOutcomes.length ? countOf(f.desiredOutcomes.length, 'desired outcome') : 'None recorded yet',
    notes: f.notes.trim() ? 'Written' : 'None yet',
  };
}

/** Which parts are done: saved with something in them, and the same in the form as saved. */
export function partsDone(typed: ConversationForm, saved: ConversationForm): Record<ConversationPart, boolean> {
  const same = (pick: (f: ConversationForm) => unknown) => JSON.stringify(pick(typed)) === JSON.stringify(pick(saved));
  return {
    strengths: strengthCount(saved) > 0 && same((f) => f.strengths),
    participants: saved.participants.some((p) => p.name.trim()) && same((f) => f.participants),
    matters: !!saved.whatMatters.trim() && same((f) => f.whatMatters),
    advocacy:
      saved.advocacyTested &&
      !advocateMissing(saved) &&
      same((f) => [f.advocacyTested, f.difficulty, f.appropriatePersonAvailable, f.advocateRecorded, f.regulation4]),
    outcomes: saved.desiredOutcomes.length > 0 && same((f) => f.desiredOutcomes),
    // Notes start folded unless changed in this tab (then they open when they hold something).
    notes: same((f) => f.notes),
  };
}
