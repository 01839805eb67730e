import { formatDate } from '@/format/dates';
import type { Conversation, Story } from './api';
import type { ConversationForm } from './conversationForm';

/** What a new conversation starts from, and where it came from, to say so beside it. */
export interface CarriedForward {
  /** "the contact on 25 November 2025", "conversation 1". */
  from: string;
  whatMatters?: string;
  strengths?: ConversationForm['strengths'];
}

const noStrengths = (s: Conversation['strengths']) =>
  !s.personalResources.length && !s.networksOfSupport.length && !s.communityResources.length;

/**
 * Starting text for a conversation nobody has written in yet: conversation 1 starts from what
 * mattered to them at the contact; conversations 2 and 3 from the latest concluded conversation's
 * strengths and what matters. Nothing is carried into a part already written, and nothing once
 * the conversation is concluded. The colleague edits it; it is saved with the conversation.
 */
export function carryForward(
  conversation: Conversation,
  story: Story,
  contact?: { whatMatters: string | null; occurredAt: string } | null,
): CarriedForward | null {
  if (conversation.status !== 'open') return null;
  const emptyMatters = !conversation.whatMatters.trim();
  if (conversation.kind === 1) {
    const said = contact?.whatMatters?.trim();
    if (!emptyMatters || !said) return null;
    return { from: `the contact on ${formatDate(contact!.occurredAt.slice(0, 10))}`, whatMatters: said };
  }
  const earlier = story.conversations
    .filter((c) => c.id !== conversation.id && c.status === 'concluded' && c.concludedAt)
    .sort((a, b) => b.concludedAt!.localeCompare(a.concludedAt!))[0];
  if (!earlier) return null;
  const carried: CarriedForward = { from: `conversation ${earlier.kind}` };
  if (emptyMatters && earlier.whatMatters.trim()) carried.whatMatters = earlier.whatMatters;
  if (noStrengths(conversation.strengths) && !noStrengths(earlier.strengths)) {
    carried.strengths = {
      personalResources: [...earlier.strengths.personalResources],
      networksOfSupport: [...earlier.strengths.networksOfSupport],
      communityResources: [...earlier.strengths.communityResources],
    };
  }
  return carried.whatMatters !== undefined || carried.strengths ? carried : null;
}
