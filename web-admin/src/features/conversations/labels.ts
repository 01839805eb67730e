/** The three conversations in the practice's words. */
export function conversationName(kind: number | null | undefined): string {
  switch (kind) {
    case 1:
      return 'Conversation 1 — connect';
    case 2:
      return 'Conversation 2 — when at risk';
    case 3:
      return 'Conversation 3 — a good life and a fair budget';
    default:
      return 'No conversation yet';
  }
}

/** Why concluding a conversation was refused, in plain words; anything else uses the API's own detail. */
const ruleTexts: Record<string, string> = {
  no_strength_recorded:
    'Record at least one strength: something they can do or enjoy, someone who supports them, or something in their community.',
  no_participant_recorded: 'Say who took part in the conversation, starting with the person.',
  unresolved_reason_required: 'Say why things are not resolved, so a peer can check it.',
  advocate_required:
    'They would have substantial difficulty being involved and there is no appropriate person to support them, so the law (Care Act section 67) says an independent advocate must be arranged. Record the advocate before concluding.',
  advocacy_test_missing:
    'Answer the advocacy test: whether they would have substantial difficulty understanding, retaining, weighing or communicating, and whether an appropriate person can support them.',
};

export function ruleText(rule: { code: string; detail?: string }): string {
  return ruleTexts[rule.code] ?? rule.detail ?? rule.code;
}

export const strengthDomains = [
  {
    key: 'personalResources',
    label: 'What they bring themselves',
    hint: 'Skills, interests, what they enjoy and what they manage well.',
  },
  {
    key: 'networksOfSupport',
    label: 'Who supports them',
    hint: 'Family, friends, neighbours: the people who matter to them.',
  },
  {
    key: 'communityResources',
    label: 'What is around them in the community',
    hint: 'Groups, places and services near them that help or could.',
  },
] as const;

/** What happened on a story, in the practice's words (the names are added by the caller). */
export const storyEventTexts: Record<string, string> = {
  opened: 'opened the story',
  contact: 'recorded another contact that joined the story',
  pick_up: 'picked the story up',
  invite: 'invited',
  hand_on: 'handed it on to the team board',
  peer_review_requested: 'asked for a peer review',
  peer_review_given: 'gave a peer review',
  peer_step_requested: 'asked for a peer step',
  peer_step_exhausted: 'gave a peer step, signing off that conversations 1 and 2 are exhausted',
  peer_step_not_exhausted: 'gave a peer step: there is more to try before conversation 3',
  peer_step_advice: 'gave a peer step with advice',
  risk_panel_requested: 'asked for a risk panel',
  risk_panel_held: 'recorded the risk panel',
  closed: 'closed the story',
  reopened: 'reopened the story',
};

export const requestNames = { peer_step: 'a peer step', risk_panel: 'a risk panel' } as const;

/** A peer step's outcomes, in the practice's words. */
export const peerStepOutcomeNames = {
  exhausted: 'Conversations 1 and 2 are exhausted (signs off for conversation 3)',
  not_exhausted: 'There is more to try before conversation 3',
  advice: 'Advice only',
} as const;

/** Where a story stands. */
export const stageNames = {
  contact: 'Contact',
  conversation_1: 'Conversation 1 — connect',
  conversation_2: 'Conversation 2 — when at risk',
  conversation_3: 'Conversation 3 — a good life and a fair budget',
} as const;

/** How urgent a story is. */
export const urgencyNames = {
  touchpoint_overdue: 'Touchpoint overdue',
  conversation_2: 'At risk — conversation 2',
  waiting_long: 'Waiting a long time',
  routine: 'Waiting',
} as const;

export const daysText = (days: number) => (days === 0 ? 'today' : days === 1 ? '1 day' : `${days} days`);
