import type { ConversationKind, ConversationStatus, RuleProblem } from './conversations.js';
import { stageOfKind, type StoryStage } from './stories.js';

/**
 * A story's whole life: it opens with a contact, runs through up to three conversations and
 * closes with a reason from a fixed list, asking the person whether it resolved what mattered to
 * them (the practice's own outcome measure, in their words). A closed story may be reopened.
 */

/** Why a story closed. Stable codes: practice data counts by them. */
export const closeReasons = [
  'resolved_in_conversation_1',
  'resolved_in_conversation_2',
  'resolved_in_conversation_3',
  'long_term_support_arranged',
  'moved_away',
  'died',
  'declined_further_help',
  'handed_to_another_organisation',
  'duplicate',
] as const;
export type CloseReason = (typeof closeReasons)[number];

/** The person's answer to "Did this resolve what mattered to you?". */
export const resolvedWhatMatteredAnswers = ['yes', 'partly', 'no', 'not_asked'] as const;
export type ResolvedWhatMattered = (typeof resolvedWhatMatteredAnswers)[number];

/** The reasons that say the story's work achieved something: they need the conversations to back them. */
const outcomeReasons: readonly CloseReason[] = [
  'resolved_in_conversation_1',
  'resolved_in_conversation_2',
  'resolved_in_conversation_3',
  'long_term_support_arranged',
];
/** Reasons for which the person cannot be asked: a duplicate record, or a person who died. */
const unaskableReasons: readonly CloseReason[] = ['died', 'duplicate'];

export interface StoryConversationFact {
  kind: ConversationKind;
  status: ConversationStatus;
  /** As concluded: did the conversation resolve things (null while open). */
  resolved: boolean | null;
}

/** How far a story had come when it closed: the furthest conversation it had (started), or `contact` when it had none. */
export function stageReached(conversations: readonly Pick<StoryConversationFact, 'kind'>[]): StoryStage {
  const furthest = conversations.reduce((max, c) => Math.max(max, c.kind), 0);
  return furthest === 0 ? 'contact' : stageOfKind(furthest as ConversationKind);
}

export type CloseProblemCode =
  | 'already_closed'
  | 'conversation_not_held'
  | 'conversation_not_resolved'
  | 'conversation_still_open'
  | 'conversation_3_not_held'
  | 'persons_words_required'
  | 'persons_words_not_asked'
  | 'cannot_be_asked';

export interface CloseInput {
  reason: CloseReason;
  resolvedWhatMattered: ResolvedWhatMattered;
  personsWords?: string | null | undefined;
}

/**
 * Every rule a closing breaks (empty: it may close):
 * - a closed story cannot close again;
 * - "resolved in conversation N" needs conversation N to have concluded resolved;
 * - "long-term support arranged" needs a conversation 3;
 * - neither closes while a conversation is still open (conclude it first, or close for another reason);
 * - when the person was asked, their own words are recorded; when not asked, there are none;
 * - a person who died, or a duplicate story, cannot be asked.
 */
export function closeProblems(
  story: { status: 'open' | 'closed'; conversations: readonly StoryConversationFact[] },
  input: CloseInput,
): RuleProblem<CloseProblemCode>[] {
  const problems: RuleProblem<CloseProblemCode>[] = [];
  if (story.status === 'closed') problems.push({ code: 'already_closed', detail: 'This story is already closed.' });
  const resolvedIn = /^resolved_in_conversation_([123])$/.exec(input.reason);
  if (resolvedIn) {
    const kind = Number(resolvedIn[1]) as ConversationKind;
    const ofKind = story.conversations.filter((c) => c.kind === kind);
    if (!ofKind.some((c) => c.status === 'concluded'))
      problems.push({
        code: 'conversation_not_held',
        detail: `Conversation ${kind} has not been held and concluded on this story.`,
      });
    else if (!ofKind.some((c) => c.status === 'concluded' && c.resolved === true))
      problems.push({
        code: 'conversation_not_resolved',
        detail: `Conversation ${kind} concluded unresolved: choose the reason that says how the story ended.`,
      });
  }
  if (input.reason === 'long_term_support_arranged' && !story.conversations.some((c) => c.kind === 3))
    problems.push({
      code: 'conversation_3_not_held',
      detail: 'Long-term support is arranged in conversation 3, which this story has not had.',
    });
  if (outcomeReasons.includes(input.reason) && story.conversations.some((c) => c.status === 'open'))
    problems.push({
      code: 'conversation_still_open',
      detail: 'A conversation on this story is still open: conclude it before closing the story as resolved.',
    });
  const words = input.personsWords?.trim() ?? '';
  if (input.resolvedWhatMattered === 'not_asked') {
    if (words)
      problems.push({
        code: 'persons_words_not_asked',
        detail: 'The person was not asked, so there are no words of theirs to record: use the note instead.',
      });
  } else {
    if (!words)
      problems.push({
        code: 'persons_words_required',
        detail: 'Record, in the person’s own words, whether this resolved what mattered to them.',
      });
    if (unaskableReasons.includes(input.reason))
      problems.push({
        code: 'cannot_be_asked',
        detail: 'When the person died, or the story is a duplicate, record the question as not asked.',
      });
  }
  return problems;
}

export type ReopenProblemCode = 'not_closed' | 'person_has_open_story';

/**
 * A closed story may reopen, unless the person already has another open story (one person, one
 * open story: a later contact joins that one instead).
 */
export function reopenProblems(story: {
  status: 'open' | 'closed';
  otherOpenStory: boolean;
}): RuleProblem<ReopenProblemCode>[] {
  const problems: RuleProblem<ReopenProblemCode>[] = [];
  if (story.status !== 'closed') problems.push({ code: 'not_closed', detail: 'This story is open.' });
  if (story.otherOpenStory)
    problems.push({
      code: 'person_has_open_story',
      detail: 'The person already has an open story: carry on there rather than reopen this one.',
    });
  return problems;
}
