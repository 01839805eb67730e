import { DEFAULT_TOUCHPOINT_MAX_GAP_DAYS, type ConversationKind } from './conversations.js';

// ——— Where a story stands, how long it has waited, and how urgent it is ———
//
// The board, the caseload list and each colleague's home read a story through these rules, so
// every screen agrees on its stage, its wait and its place in the queue.

/** Where a story stands: still at the contact, or in conversation 1, 2 or 3. */
export type StoryStage = 'contact' | 'conversation_1' | 'conversation_2' | 'conversation_3';
export const storyStages = [
  'contact',
  'conversation_1',
  'conversation_2',
  'conversation_3',
] as const satisfies readonly StoryStage[];

/** A conversation as the stage needs it. */
export interface StagedConversation {
  kind: ConversationKind;
  startedAt: Date;
}

export const stageOfKind = (kind: ConversationKind): StoryStage => `conversation_${kind}`;
export const kindOfStage = (stage: StoryStage): ConversationKind | null =>
  stage === 'contact' ? null : (Number(stage.slice('conversation_'.length)) as ConversationKind);

/**
 * A story's stage is the conversation that started last (a conversation 1 started again after a
 * conversation 2 means the story is back in conversation 1); with no conversation yet it is still
 * at the contact. Never the first contact's outcome: that says where the story began, not where
 * it is. Started at the same moment, the later kind wins.
 */
export function storyStage(conversations: readonly StagedConversation[]): StoryStage {
  let latest: StagedConversation | undefined;
  for (const c of conversations) {
    if (
      latest === undefined ||
      c.startedAt.getTime() > latest.startedAt.getTime() ||
      (c.startedAt.getTime() === latest.startedAt.getTime() && c.kind > latest.kind)
    )
      latest = c;
  }
  return latest === undefined ? 'contact' : stageOfKind(latest.kind);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `since` to `now`, never negative (a clock a little behind is not "waiting -1 days"). */
export function wholeDaysBetween(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
}

export interface WaitingFacts {
  /** Held by an active colleague. A story whose holder was disabled waits as if nobody held it. */
  held: boolean;
  /** When it last went on the board: opened unheld, handed on, or its holder was disabled. */
  unheldSince: Date;
  /** The latest thing that happened on it: opened, an event, a conversation started or concluded, a touchpoint. */
  lastActivityAt: Date;
}

/** The instant a story's wait is counted from: see {@link daysWaiting}. */
export function waitingSince(facts: WaitingFacts): Date {
  return facts.held ? facts.lastActivityAt : facts.unheldSince;
}

/**
 * How many whole days a story has been waiting. A story nobody (active) holds waits from when it
 * went on the board — it is waiting for someone. A held story waits from its last activity — it is
 * waiting for its holder to do something.
 */
export function daysWaiting(facts: WaitingFacts, now: Date): number {
  return wholeDaysBetween(waitingSince(facts), now);
}

/** How urgent a story is, most urgent first: the order of the board and the caseload. */
export type UrgencyLevel = 'touchpoint_overdue' | 'conversation_2' | 'waiting_long' | 'routine';
export const urgencyLevels = [
  'touchpoint_overdue',
  'conversation_2',
  'waiting_long',
  'routine',
] as const satisfies readonly UrgencyLevel[];

export interface UrgencyFacts {
  stage: StoryStage;
  held: boolean;
  daysWaiting: number;
  /**
   * Conversation 2 still open: whole days since its last touchpoint (or since it started when none
   * was logged). Null when the story has no open conversation 2.
   */
  daysSinceTouchpoint: number | null;
}

export interface UrgencyLimits {
  /** A gap longer than this many days between conversation 2 touchpoints is overdue (default 3). */
  touchpointMaxGapDays: number;
  /** A story waiting longer than this many days is waiting long (default 14). */
  waitingLongDays: number;
}

export const DEFAULT_WAITING_LONG_DAYS = 14;
export const DEFAULT_URGENCY_LIMITS: Readonly<UrgencyLimits> = Object.freeze({
  touchpointMaxGapDays: DEFAULT_TOUCHPOINT_MAX_GAP_DAYS,
  waitingLongDays: DEFAULT_WAITING_LONG_DAYS,
});

export interface Urgency {
  level: UrgencyLevel;
  /** 0 is the most urgent; the index of `level` in {@link urgencyLevels}. */
  rank: number;
  /** Conversation 2 is open and its touchpoints have fallen behind. */
  touchpointOverdue: boolean;
  /**
   * A person at risk (conversation 2) whose story nobody holds for longer than the touchpoint gap:
   * nobody is sticking to them. Flagged on every screen that shows the story.
   */
  atRiskUnheld: boolean;
}

/**
 * Conversation 2 and overdue touchpoints first: a story whose conversation 2 touchpoints are
 * overdue, then any story in conversation 2, then stories waiting longer than the limit, then
 * the rest. Within a level, the longest wait first (see {@link compareByUrgency}).
 */
export function storyUrgency(facts: UrgencyFacts, limits: UrgencyLimits = DEFAULT_URGENCY_LIMITS): Urgency {
  const touchpointOverdue =
    facts.stage === 'conversation_2' &&
    facts.daysSinceTouchpoint !== null &&
    facts.daysSinceTouchpoint > limits.touchpointMaxGapDays;
  const atRiskUnheld =
    facts.stage === 'conversation_2' && !facts.held && facts.daysWaiting > limits.touchpointMaxGapDays;
  const level: UrgencyLevel = touchpointOverdue
    ? 'touchpoint_overdue'
    : facts.stage === 'conversation_2'
      ? 'conversation_2'
      : facts.daysWaiting > limits.waitingLongDays
        ? 'waiting_long'
        : 'routine';
  return { level, rank: urgencyLevels.indexOf(level), touchpointOverdue, atRiskUnheld };
}

/** What the queue orders by: urgency, then the longest wait, then the story id (a total order, for keyset paging). */
export interface QueueKey {
  rank: number;
  waitingSince: Date;
  storyId: string;
}

/** Most urgent first; within a rank, waiting since longest ago first; ties by story id. */
export function compareByUrgency(a: QueueKey, b: QueueKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  const since = a.waitingSince.getTime() - b.waitingSince.getTime();
  if (since !== 0) return since;
  return a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0;
}

// ——— The peer step ———

/**
 * What a peer concludes when they look at a story. `exhausted` signs off that conversations 1
 * (and 2) were exhausted — the sign-off the conversation 3 gate accepts; `not_exhausted` says there
 * is more to try first; `advice` is a peer's view on a difficult story without a sign-off.
 */
export type PeerStepOutcome = 'exhausted' | 'not_exhausted' | 'advice';
export const peerStepOutcomes = ['exhausted', 'not_exhausted', 'advice'] as const satisfies readonly PeerStepOutcome[];

export interface StoryAuthorship {
  /** Who holds the story now, if anyone. */
  heldById: string | null;
  /** Everyone who led a conversation on the story. */
  conversationAuthorIds: readonly string[];
}

/**
 * A story's authors: its holder and everyone who led a conversation on it. A peer step is a fresh
 * pair of eyes, so an author is never offered it (nor may give it).
 */
export function isStoryAuthor(story: StoryAuthorship, userId: string): boolean {
  return story.heldById === userId || story.conversationAuthorIds.includes(userId);
}
