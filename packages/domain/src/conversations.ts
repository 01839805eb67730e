/**
 * The three conversations (Essex "Good Lives", practice paper Appendix 2) as rules that need no
 * database: what stops a conversation concluding, the gate to conversation 3, the limits on an
 * intensive support plan and on contingency money, and how a conversation reads in statutory data.
 *
 * Every rule answers with problems rather than throwing, each with a stable `code` the API turns
 * into a 409 problem, and a `detail` in the practice's own words. Rules throw (RangeError) only for
 * input no caller should send: a malformed date, a fractional penny, a nonsensical limit.
 */

import { addDays, dateInEngland, daysBetween, type IsoDate } from './calendar.js';
import { assertPence, formatPounds, type Pence } from './money.js';
import { advocacyProblems, advocacyTest } from './advocacy.js';

/** 1 — connect; 2 — when at risk; 3 — a good life and a fair budget. */
export type ConversationKind = 1 | 2 | 3;
export const conversationKinds = [1, 2, 3] as const satisfies readonly ConversationKind[];

export type ConversationStatus = 'open' | 'concluded';

/** A problem a rule found: a stable code to act on and words to show the practitioner. */
export interface RuleProblem<Code extends string = string> {
  code: Code;
  detail: string;
}

/** Strengths in the paper's three domains. Every conversation starts with them. */
export interface Strengths {
  personalResources: readonly string[];
  networksOfSupport: readonly string[];
  communityResources: readonly string[];
}

/** Someone who took part: the person, family, friends, neighbours, colleagues, an advocate. */
export interface ConversationParticipant {
  name: string;
  /** How they took part, in words ("the person", "daughter", "independent advocate"). */
  role: string;
  personId?: string;
  userId?: string;
}

/**
 * Care Act 2014 s67: if the person would have substantial difficulty being involved in any of
 * these four ways and there is no appropriate person to support them, an independent advocate
 * must be arranged.
 */
export interface AdvocacyNeed {
  substantialDifficulty: {
    understanding: boolean;
    retaining: boolean;
    weighing: boolean;
    communicating: boolean;
  };
  appropriatePersonAvailable: boolean;
  advocateRecorded: boolean;
  /**
   * The Care and Support (Independent Advocacy Support) (No. 2) Regulations 2014 reg 4: the cases
   * where an advocate is needed even with an appropriate person (see `advocacy.ts`). Absent = no.
   */
  /** reg 4(2): the assessment or plan might result in a deprivation of liberty. */
  possibleDeprivationOfLiberty?: boolean | undefined;
  /** reg 4(3)(a)(i): likely to result in an NHS body arranging a hospital stay of 28 days or more. */
  nhsHospitalStay28Days?: boolean | undefined;
  /** reg 4(3)(a)(ii): likely to result in an NHS body arranging a care home stay of 8 weeks or more. */
  nhsCareHome8Weeks?: boolean | undefined;
  /** reg 4(3)(b): the practice is satisfied an advocate would be in the person's best interests. */
  nhsAccommodationAdvocateInBestInterests?: boolean | undefined;
  /** reg 4(4)(a): disagreement on a material issue between the practice and the appropriate person. */
  disagreementWithAppropriatePerson?: boolean | undefined;
  /** reg 4(4)(b): the practice and the appropriate person agree an advocate would be in the person's best interests. */
  advocateAgreedWithAppropriatePerson?: boolean | undefined;
}

/** A conversation as the rules see it. */
export interface Conversation {
  id: string;
  kind: ConversationKind;
  /** The practitioner who held the conversation; they can never be its peer. */
  authorId: string;
  status: ConversationStatus;
  startedAt: Date;
  /** When it concluded; a peer sign-off given before this cannot have looked at its ending. */
  concludedAt?: Date;
  /** Once concluded: did it resolve things for the person? */
  resolved?: boolean;
  /** Once concluded unresolved: why, in words a peer can check. */
  unresolvedReason?: string;
  strengths: Strengths;
  participants: readonly ConversationParticipant[];
  advocacy: AdvocacyNeed;
}

/** A peer's sign-off that conversations 1 (and 2) were exhausted before conversation 3. */
export interface PeerSignOff {
  byUserId: string;
  /** A qualified practitioner (social worker or equivalent) at the time of signing. */
  byQualified: boolean;
  /** The conversations the peer looked at. */
  conversationIds: readonly string[];
  at: Date;
}

/** A person's story (episode) as far as the gate needs it. */
export interface ConversationStory {
  conversations: readonly Conversation[];
  peerSignOffs: readonly PeerSignOff[];
  /**
   * The person, or someone for them, asked to go straight to the eligibility assessment (Care Act
   * 2014 s9(3): the duty to assess applies whatever the practice's view of the need). Conversation
   * 3 then opens for this story without conversations 1 and 2 or the peer step.
   */
  assessmentRequested?: boolean | undefined;
}

function hasText(value: string | undefined): boolean {
  return (value ?? '').trim() !== '';
}

// ——— Concluding a conversation ———

export const concludeProblemCodes = [
  'already_concluded',
  'no_strength_recorded',
  'no_participant_recorded',
  'unresolved_reason_required',
  'advocate_required',
] as const;
export type ConcludeProblemCode = (typeof concludeProblemCodes)[number];

export interface ConversationOutcome {
  resolved: boolean;
  unresolvedReason?: string;
}

/** At least one strength written down in any of the three domains (blank entries do not count). */
export function hasStrength(strengths: Strengths): boolean {
  return [...strengths.personalResources, ...strengths.networksOfSupport, ...strengths.communityResources].some(
    (strength) => hasText(strength),
  );
}

/**
 * Whether an independent advocate is required: substantial difficulty in any of the four ways, and
 * no appropriate person to help — or one of reg 4's cases (the whole test is `advocacyTest`).
 */
export function advocateRequired(advocacy: AdvocacyNeed): boolean {
  return advocacyTest(advocacy).required;
}

/**
 * Everything that stops this conversation concluding with this outcome; empty when it may.
 * All problems are listed at once so the practitioner can put them right in one go.
 */
export function concludeProblems(
  conversation: Conversation,
  outcome: ConversationOutcome,
): RuleProblem<ConcludeProblemCode>[] {
  const problems: RuleProblem<ConcludeProblemCode>[] = [];
  if (conversation.status === 'concluded') {
    problems.push({ code: 'already_concluded', detail: 'This conversation has already concluded.' });
  }
  if (!hasStrength(conversation.strengths)) {
    problems.push({
      code: 'no_strength_recorded',
      detail:
        'Start with strengths: record at least one personal resource, network of support or community resource before concluding.',
    });
  }
  if (conversation.participants.length === 0) {
    problems.push({ code: 'no_participant_recorded', detail: 'Record who took part in the conversation.' });
  }
  if (!outcome.resolved && !hasText(outcome.unresolvedReason)) {
    problems.push({
      code: 'unresolved_reason_required',
      detail: 'Write down why this conversation did not resolve things; a peer will read it.',
    });
  }
  problems.push(...advocacyProblems(conversation.advocacy, 'this conversation concludes'));
  return problems;
}

// ——— The gate to conversation 3 ———

export const conversationThreeGateCodes = [
  'conversation_1_missing',
  'conversation_1_not_concluded',
  'conversation_1_resolved',
  'conversation_1_reason_missing',
  'conversation_2_not_concluded',
  'conversation_2_resolved',
  'conversation_2_reason_missing',
  'peer_sign_off_missing',
  'peer_sign_off_by_author',
  'peer_sign_off_not_qualified',
  'peer_sign_off_stale',
  'conversation_3_already_open',
] as const;
export type ConversationThreeGateCode = (typeof conversationThreeGateCodes)[number];

export interface ConversationThreeGate {
  open: boolean;
  /** Every condition not yet met; empty exactly when the gate is open. */
  unmet: RuleProblem<ConversationThreeGateCode>[];
}

/**
 * The conversation of a kind that started last: that is where the story stands for that kind.
 * A conversation 1 started again after an earlier one concluded means the story is back in
 * conversation 1, and the earlier ending no longer speaks for it. Ties keep the given order.
 */
export function latestConversation(
  conversations: readonly Conversation[],
  kind: ConversationKind,
): Conversation | undefined {
  let latest: Conversation | undefined;
  for (const conversation of conversations) {
    if (conversation.kind !== kind) continue;
    if (latest === undefined || conversation.startedAt.getTime() >= latest.startedAt.getTime()) latest = conversation;
  }
  return latest;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * How a person names a conversation: by its number and the day it started in England,
 * "Conversation 1 of 3 December 2026" — never by its id.
 */
export function conversationName(kind: ConversationKind, conversation: Pick<Conversation, 'startedAt'>): string {
  const [year, month, day] = dateInEngland(conversation.startedAt).split('-').map(Number) as [number, number, number];
  return `Conversation ${kind} of ${day} ${monthNames[month - 1]} ${year}`;
}

function endingProblems(conversation: Conversation, kind: 1 | 2): RuleProblem<ConversationThreeGateCode>[] {
  if (conversation.status !== 'concluded') {
    return [
      {
        code: kind === 1 ? 'conversation_1_not_concluded' : 'conversation_2_not_concluded',
        detail: `${conversationName(kind, conversation)} has not concluded yet.`,
      },
    ];
  }
  if (conversation.resolved === true) {
    return [
      {
        code: kind === 1 ? 'conversation_1_resolved' : 'conversation_2_resolved',
        detail: `${conversationName(kind, conversation)} resolved things, so no conversation 3 is needed.`,
      },
    ];
  }
  // Only an ending recorded as unresolved, with its reason, speaks for conversation 3; an ending
  // that says neither way (older or imported records) is treated as not yet explained.
  if (conversation.resolved !== false || !hasText(conversation.unresolvedReason)) {
    return [
      {
        code: kind === 1 ? 'conversation_1_reason_missing' : 'conversation_2_reason_missing',
        detail:
          conversation.resolved === false
            ? `${conversationName(kind, conversation)} has no written reason why it did not resolve things.`
            : `${conversationName(kind, conversation)} does not record that it left things unresolved, nor why.`,
      },
    ];
  }
  return [];
}

type SignOffFault = 'peer_sign_off_by_author' | 'peer_sign_off_not_qualified' | 'peer_sign_off_stale';

/**
 * Why a sign-off does not count for the conversations the gate rests on (none: it counts).
 * It must come from a qualified practitioner who wrote none of them, name each of them, and be
 * given after each concluded — a peer cannot vouch for an ending they have not seen.
 */
function signOffFaults(signOff: PeerSignOff, covered: readonly (Conversation | undefined)[]): SignOffFault[] {
  const faults: SignOffFault[] = [];
  if (covered.some((conversation) => conversation?.authorId === signOff.byUserId)) {
    faults.push('peer_sign_off_by_author');
  }
  if (!signOff.byQualified) faults.push('peer_sign_off_not_qualified');
  const coversAll = covered.every(
    (conversation) =>
      conversation !== undefined &&
      conversation.status === 'concluded' &&
      conversation.concludedAt !== undefined &&
      signOff.conversationIds.includes(conversation.id) &&
      signOff.at.getTime() >= conversation.concludedAt.getTime(),
  );
  if (!coversAll) faults.push('peer_sign_off_stale');
  return faults;
}

const signOffFaultDetail: Record<SignOffFault, string> = {
  peer_sign_off_by_author:
    'A sign-off by the author of conversation 1 or 2 does not count: a peer is another practitioner.',
  peer_sign_off_not_qualified: 'A sign-off counts only from a qualified practitioner.',
  peer_sign_off_stale:
    'A sign-off must name the latest concluded conversation 1 (and 2, where one happened) and be given after they concluded.',
};

/**
 * "You have to prove to your peers that you have exhausted conversations one and two before
 * embarking on conversation three." Conversation 3 opens only when the latest conversation 1
 * (and the latest conversation 2, where one happened) concluded without resolving things and
 * says why in writing, and a qualified peer who wrote neither has signed that off since.
 * Lists every unmet condition, so the board can show what is still to do. The one other route:
 * the person asked for an assessment now (s9(3)) — then only an already-open conversation 3 stops it.
 */
export function conversationThreeGate(story: ConversationStory): ConversationThreeGate {
  const unmet: RuleProblem<ConversationThreeGateCode>[] = [];

  const openThree = story.conversations.find(
    (conversation) => conversation.kind === 3 && conversation.status === 'open',
  );
  if (openThree !== undefined) {
    unmet.push({
      code: 'conversation_3_already_open',
      detail: `Conversation 3 (${openThree.id}) is already open in this story.`,
    });
  }

  if (story.assessmentRequested) return { open: unmet.length === 0, unmet };

  const one = latestConversation(story.conversations, 1);
  const two = latestConversation(story.conversations, 2);
  if (one === undefined) {
    unmet.push({
      code: 'conversation_1_missing',
      detail: 'There has been no conversation 1: start by connecting the person to what will help.',
    });
  } else {
    unmet.push(...endingProblems(one, 1));
  }
  if (two !== undefined) unmet.push(...endingProblems(two, 2));

  if (story.peerSignOffs.length === 0) {
    unmet.push({
      code: 'peer_sign_off_missing',
      detail: 'A qualified peer who did not hold conversations 1 and 2 must sign off that they were exhausted.',
    });
  } else {
    // Conversation 1 must be there to be covered, even when missing; conversation 2 only where one happened.
    const covered = two === undefined ? [one] : [one, two];
    const faultsOfEach = story.peerSignOffs.map((signOff) => signOffFaults(signOff, covered));
    // One sign-off that counts is enough; otherwise say what is wrong with each of them.
    if (!faultsOfEach.some((faults) => faults.length === 0)) {
      for (const fault of ['peer_sign_off_by_author', 'peer_sign_off_not_qualified', 'peer_sign_off_stale'] as const) {
        const by = story.peerSignOffs.filter((_, index) => faultsOfEach[index]?.includes(fault));
        if (by.length === 0) continue;
        const who = [...new Set(by.map((signOff) => signOff.byUserId))].join(', ');
        unmet.push({ code: fault, detail: `${signOffFaultDetail[fault]} (signed by ${who})` });
      }
    }
  }

  return { open: unmet.length === 0, unmet };
}

// ——— What each conversation may lead to ———

export type LongTermSupportProblemCode = 'conversation_2_is_short_term' | 'long_term_support_needs_conversation_3';

/**
 * Why a personal budget or long-term service cannot be created from a conversation of this kind;
 * null from conversation 3. "If someone is in crisis and having conversation two, never plan long
 * term." Conversation 1 connects rather than plans, so long-term support waits for conversation 3.
 */
export function longTermSupportProblem(kind: ConversationKind): RuleProblem<LongTermSupportProblemCode> | null {
  if (kind === 3) return null;
  if (kind === 2) {
    return {
      code: 'conversation_2_is_short_term',
      detail: 'Conversation 2 never plans long term: no personal budget or long-term service can be created from it.',
    };
  }
  return {
    code: 'long_term_support_needs_conversation_3',
    detail: 'A personal budget or long-term service comes from conversation 3, not conversation 1.',
  };
}

export function canCreateLongTermSupport(kind: ConversationKind): boolean {
  return longTermSupportProblem(kind) === null;
}

export type AssessmentKind = 'short_term' | 'long_term';

/**
 * How a conversation reads in statutory data. Every conversation, of whatever kind, is a
 * proportionate assessment under the Care Act; the eligibility decision alone tells a long-term
 * assessment from a short-term one.
 */
export function assessmentKind(
  conversation: Pick<Conversation, 'kind'>,
  hasEligibilityDecision: boolean,
): AssessmentKind {
  return hasEligibilityDecision ? 'long_term' : 'short_term';
}

// ——— Conversation 2: intensive support and contingency money ———

/** Six weeks: long enough to make an emergency plan work, short enough never to become long term. */
export const DEFAULT_INTENSIVE_PLAN_MAX_DAYS = 42;
/** "Stick to them like glue": the longest a person in crisis goes without hearing from us. */
export const DEFAULT_TOUCHPOINT_MAX_GAP_DAYS = 3;

export interface ContingencyCaps {
  perSpendPence: Pence;
  perStoryPence: Pence;
}
/** £250 a spend, £1,000 a story: small amounts of money, as the practice fund allows. */
export const DEFAULT_CONTINGENCY_CAPS: Readonly<ContingencyCaps> = Object.freeze({
  perSpendPence: 25_000,
  perStoryPence: 100_000,
});

function assertWholeDays(value: number, what: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${what} must be a whole number of days, at least ${min}, got ${value}`);
  }
}

export type IntensivePlanProblemCode = 'horizon_too_long' | 'ends_before_start';

/**
 * An intensive support plan is short term by rule. Its horizon is counted from the day it starts
 * to the day it ends (a six-week plan from Monday 1 January ends on Monday 12 February, 42 days on);
 * a plan may start and end on the same day.
 */
export function intensivePlanProblems(
  plan: { startsOn: IsoDate; endsOn: IsoDate },
  maxDays: number = DEFAULT_INTENSIVE_PLAN_MAX_DAYS,
): RuleProblem<IntensivePlanProblemCode>[] {
  assertWholeDays(maxDays, 'the longest intensive plan', 1);
  const days = daysBetween(plan.startsOn, plan.endsOn);
  if (days < 0) {
    return [
      {
        code: 'ends_before_start',
        detail: `The plan ends (${plan.endsOn}) before it starts (${plan.startsOn}).`,
      },
    ];
  }
  if (days > maxDays) {
    return [
      {
        code: 'horizon_too_long',
        detail: `Conversation 2 never plans long term: an intensive plan runs at most ${maxDays} days, this one ${days} (it could end by ${addDays(plan.startsOn, maxDays)}).`,
      },
    ];
  }
  return [];
}

export interface TouchpointGap {
  /** The plan's start or the day of the touchpoint before the gap. */
  from: IsoDate;
  /** The day of the touchpoint that ended the gap, or the day the gap runs to when none has yet. */
  to: IsoDate;
  days: number;
  /** True when no touchpoint has closed the gap yet: someone should be in touch today. */
  open: boolean;
}

/**
 * Gaps in touch with a person on an intensive plan longer than allowed, oldest first — including
 * the gap still running since the last touchpoint ("stick to them like glue"). Gaps are counted in
 * calendar days in England, as practitioners plan visits: in touch on Monday, the next touch is
 * due by Thursday with a three-day interval, whatever the hour. The plan's start counts as being in
 * touch. Once a plan has ended, pass `planEndsOn` so that no gap runs on past it.
 */
export function touchpointGaps(
  touchpointInstants: readonly Date[],
  planStart: IsoDate,
  now: Date,
  maxGapDays: number = DEFAULT_TOUCHPOINT_MAX_GAP_DAYS,
  planEndsOn?: IsoDate,
): TouchpointGap[] {
  assertWholeDays(maxGapDays, 'the longest gap between touchpoints', 1);
  const today = dateInEngland(now);
  const until = planEndsOn !== undefined && daysBetween(planEndsOn, today) > 0 ? planEndsOn : today;
  if (daysBetween(planStart, until) < 0) return [];

  const days = touchpointInstants
    .map((instant) => dateInEngland(instant))
    .filter((day) => daysBetween(day, until) >= 0)
    .map((day) => (daysBetween(planStart, day) < 0 ? planStart : day))
    .sort((a, b) => daysBetween(b, a));

  const gaps: TouchpointGap[] = [];
  let last = planStart;
  for (const day of days) {
    const gap = daysBetween(last, day);
    if (gap > maxGapDays) gaps.push({ from: last, to: day, days: gap, open: false });
    last = day;
  }
  const running = daysBetween(last, until);
  if (running > maxGapDays) gaps.push({ from: last, to: until, days: running, open: until === today });
  return gaps;
}

export type ContingencySpendProblemCode = 'amount_not_positive' | 'over_per_spend_cap' | 'over_story_cap';

/**
 * Whether a contingency spend fits the practice fund's caps. Both caps are inclusive: a spend of
 * exactly £250, or one that brings the story to exactly £1,000, is allowed.
 */
export function contingencySpendProblems(
  spend: { amountPence: Pence },
  spentSoFarInStoryPence: Pence,
  caps: ContingencyCaps = DEFAULT_CONTINGENCY_CAPS,
): RuleProblem<ContingencySpendProblemCode>[] {
  assertPence(spend.amountPence, 'spend');
  assertPence(spentSoFarInStoryPence, 'spent so far in the story');
  assertPence(caps.perSpendPence, 'per-spend cap');
  assertPence(caps.perStoryPence, 'per-story cap');
  if (spentSoFarInStoryPence < 0) {
    throw new RangeError(`spent so far in the story cannot be negative, got ${spentSoFarInStoryPence}`);
  }
  if (caps.perSpendPence < 0 || caps.perStoryPence < 0) throw new RangeError('contingency caps cannot be negative');
  if (spend.amountPence <= 0) {
    return [{ code: 'amount_not_positive', detail: 'A contingency spend must be more than £0.00.' }];
  }
  const problems: RuleProblem<ContingencySpendProblemCode>[] = [];
  if (spend.amountPence > caps.perSpendPence) {
    problems.push({
      code: 'over_per_spend_cap',
      detail: `A single contingency spend is at most ${formatPounds(caps.perSpendPence)}; this one is ${formatPounds(spend.amountPence)}.`,
    });
  }
  // Compared as what remains rather than as a sum: the difference of two non-negative safe
  // integers is always exact, a sum of two large ones need not be.
  if (spend.amountPence > caps.perStoryPence - spentSoFarInStoryPence) {
    problems.push({
      code: 'over_story_cap',
      detail: `Contingency money in one story is at most ${formatPounds(caps.perStoryPence)}; ${formatPounds(spentSoFarInStoryPence)} is spent and ${formatPounds(Math.max(0, caps.perStoryPence - spentSoFarInStoryPence))} remains.`,
    });
  }
  return problems;
}

// --- Outputs of a strengths-based conversation (paper, Appendix 2) ---------------------------

/** A step in a personal development plan: what, who does it, and by when. */
export interface DevelopmentStep {
  step: string;
  who: string;
  byWhen?: IsoDate;
}

/** Someone in the person's circle of support, and what they agreed to do. */
export interface CircleMember {
  name: string;
  role: string;
  agreed: string;
}

/** One risk the person chooses to take, why it matters to them, and how it is made safer. */
export interface EnabledRisk {
  risk: string;
  whatMatters: string;
  mitigations: readonly string[];
  who: string;
  reviewOn: IsoDate;
}

/**
 * What a strengths-based conversation produces: desired outcomes, and where needed a personal
 * development plan, a circle of support agreement and a risk enablement plan.
 */
export interface ConversationOutputs {
  desiredOutcomes?: readonly string[];
  personalDevelopmentPlan?: { goals: readonly string[]; steps: readonly DevelopmentStep[] };
  circleOfSupport?: { members: readonly CircleMember[]; agreement: string; reviewOn?: IsoDate };
  riskEnablementPlan?: { risks: readonly EnabledRisk[] };
}

/** A problem with one field of the outputs: its path (dotted, with indexes) and what is wrong. */
export interface OutputFieldProblem {
  field: string;
  message: string;
}

const blank = (text: string | undefined) => !text?.trim();

/**
 * What is missing or inconsistent in the outputs, field by field: a plan with steps but no goal,
 * a step without who, a circle with nobody in it, a risk with no way of making it safer, and dates
 * before the conversation began. Empty when the outputs hold together.
 */
export function conversationOutputsProblems(outputs: ConversationOutputs, startedOn: IsoDate): OutputFieldProblem[] {
  const problems: OutputFieldProblem[] = [];
  const notBefore = (field: string, date: IsoDate | undefined, what: string) => {
    if (date && date < startedOn) problems.push({ field, message: `${what} cannot be before the conversation began` });
  };
  const plan = outputs.personalDevelopmentPlan;
  if (plan) {
    const at = 'outputs.personalDevelopmentPlan';
    if (!plan.goals.some((goal) => !blank(goal)))
      problems.push({ field: `${at}.goals`, message: 'a development plan needs at least one goal' });
    plan.steps.forEach((step, i) => {
      if (blank(step.step)) problems.push({ field: `${at}.steps.${i}.step`, message: 'say what the step is' });
      if (blank(step.who)) problems.push({ field: `${at}.steps.${i}.who`, message: 'say who will do it' });
      notBefore(`${at}.steps.${i}.byWhen`, step.byWhen, 'the date');
    });
  }
  const circle = outputs.circleOfSupport;
  if (circle) {
    const at = 'outputs.circleOfSupport';
    if (!circle.members.length)
      problems.push({ field: `${at}.members`, message: 'a circle of support needs at least one person in it' });
    circle.members.forEach((member, i) => {
      if (blank(member.name)) problems.push({ field: `${at}.members.${i}.name`, message: 'give their name' });
      if (blank(member.agreed))
        problems.push({ field: `${at}.members.${i}.agreed`, message: 'say what they agreed to do' });
    });
    notBefore(`${at}.reviewOn`, circle.reviewOn, 'the review');
  }
  const risks = outputs.riskEnablementPlan?.risks;
  risks?.forEach((risk, i) => {
    const at = `outputs.riskEnablementPlan.risks.${i}`;
    if (blank(risk.risk)) problems.push({ field: `${at}.risk`, message: 'say what the risk is' });
    if (blank(risk.whatMatters))
      problems.push({ field: `${at}.whatMatters`, message: 'say why taking this risk matters to them' });
    if (!risk.mitigations.some((m) => !blank(m)))
      problems.push({ field: `${at}.mitigations`, message: 'say at least one way the risk is made safer' });
    if (blank(risk.who)) problems.push({ field: `${at}.who`, message: 'say who keeps an eye on it' });
    notBefore(`${at}.reviewOn`, risk.reviewOn, 'the review');
  });
  return problems;
}
