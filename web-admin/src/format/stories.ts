import type { Schemas } from '@threefold/api-client';

type Closure = Schemas['StoryClosure'];

/** Why a story closed, in the practice's words, in the fixed list's order. */
export const closeReasonLabels: Record<Closure['reason'], string> = {
  resolved_in_conversation_1: 'Resolved in conversation 1',
  resolved_in_conversation_2: 'Resolved in conversation 2',
  resolved_in_conversation_3: 'Resolved in conversation 3',
  long_term_support_arranged: 'Long-term support arranged',
  moved_away: 'Moved away',
  died: 'Died',
  declined_further_help: 'Declined further help',
  handed_to_another_organisation: 'Handed to another organisation',
  duplicate: 'A duplicate story',
};

export const answerLabels: Record<Closure['resolvedWhatMattered'], string> = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
  not_asked: 'Not asked',
};

export const stageLabels: Record<Closure['stage'], string> = {
  contact: 'The contact only',
  conversation_1: 'Conversation 1',
  conversation_2: 'Conversation 2',
  conversation_3: 'Conversation 3',
};
