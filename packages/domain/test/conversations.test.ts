import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTINGENCY_CAPS,
  addDays,
  advocateRequired,
  assessmentKind,
  canCreateLongTermSupport,
  concludeProblems,
  contingencySpendProblems,
  conversationName,
  conversationThreeGate,
  conversationThreeGateCodes,
  dateInEngland,
  daysBetween,
  hasStrength,
  intensivePlanProblems,
  latestConversation,
  longTermSupportProblem,
  touchpointGaps,
  type AdvocacyNeed,
  type ContingencyCaps,
  type Conversation,
  type ConversationKind,
  type ConversationStory,
  type PeerSignOff,
} from '../src/index.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const T0 = Date.UTC(2025, 0, 6, 9); // Monday 6 January 2025, 09:00
const at = (hours: number) => new Date(T0 + hours * HOUR_MS);

const noDifficulty: AdvocacyNeed = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: false,
  advocateRecorded: false,
};

function conversation(fields: Partial<Conversation> & Pick<Conversation, 'id' | 'kind'>): Conversation {
  return {
    authorId: 'ann',
    status: 'open',
    startedAt: at(0),
    strengths: { personalResources: ['enjoys cooking'], networksOfSupport: [], communityResources: [] },
    participants: [{ name: 'Mo Khan', role: 'the person' }],
    advocacy: noDifficulty,
    ...fields,
  };
}

/** Concluded without resolving things, with a reason written down. */
function exhausted(
  fields: Partial<Conversation> & Pick<Conversation, 'id' | 'kind' | 'startedAt' | 'concludedAt'>,
): Conversation {
  return conversation({
    status: 'concluded',
    resolved: false,
    unresolvedReason: 'Family support has broken down and the day centre has closed.',
    ...fields,
  });
}

const one = exhausted({ id: 'c1', kind: 1, authorId: 'ann', startedAt: at(0), concludedAt: at(2) });
const two = exhausted({ id: 'c2', kind: 2, authorId: 'bob', startedAt: at(24), concludedAt: at(30) });
const signOff = (fields: Partial<PeerSignOff> = {}): PeerSignOff => ({
  byUserId: 'cat',
  byQualified: true,
  conversationIds: ['c1', 'c2'],
  at: at(48),
  ...fields,
});
const codesOf = (problems: readonly { code: string }[]) => problems.map((problem) => problem.code);
const gateCodes = (story: ConversationStory) => codesOf(conversationThreeGate(story).unmet);

// ——— Concluding ———

describe('concluding a conversation', () => {
  const open = conversation({ id: 'c1', kind: 1 });

  it('concludes with a strength, someone who took part and an outcome', () => {
    expect(concludeProblems(open, { resolved: true })).toEqual([]);
    expect(concludeProblems(open, { resolved: false, unresolvedReason: 'Needs more than a connection' })).toEqual([]);
  });

  it('starts with strengths: none in any domain stops it (no_strength_recorded)', () => {
    const none = conversation({
      id: 'c1',
      kind: 1,
      strengths: { personalResources: [], networksOfSupport: ['  '], communityResources: [] },
    });
    expect(codesOf(concludeProblems(none, { resolved: true }))).toEqual(['no_strength_recorded']);
    for (const domain of ['personalResources', 'networksOfSupport', 'communityResources'] as const) {
      const strengths = {
        personalResources: [],
        networksOfSupport: [],
        communityResources: [],
        [domain]: ['church choir'],
      };
      expect(hasStrength(strengths)).toBe(true);
      expect(concludeProblems(conversation({ id: 'c1', kind: 2, strengths }), { resolved: true })).toEqual([]);
    }
  });

  it('needs a written reason when it did not resolve things (unresolved_reason_required)', () => {
    expect(codesOf(concludeProblems(open, { resolved: false }))).toEqual(['unresolved_reason_required']);
    expect(codesOf(concludeProblems(open, { resolved: false, unresolvedReason: ' \n ' }))).toEqual([
      'unresolved_reason_required',
    ]);
  });

  it('needs an independent advocate for substantial difficulty with no appropriate person (advocate_required)', () => {
    for (const way of ['understanding', 'retaining', 'weighing', 'communicating'] as const) {
      const advocacy = {
        ...noDifficulty,
        substantialDifficulty: { ...noDifficulty.substantialDifficulty, [way]: true },
      };
      expect(advocateRequired(advocacy)).toBe(true);
      const c = conversation({ id: 'c1', kind: 1, advocacy });
      expect(codesOf(concludeProblems(c, { resolved: true }))).toEqual(['advocate_required']);
      const withPerson = conversation({
        id: 'c1',
        kind: 1,
        advocacy: { ...advocacy, appropriatePersonAvailable: true },
      });
      expect(advocateRequired(withPerson.advocacy)).toBe(false);
      expect(concludeProblems(withPerson, { resolved: true })).toEqual([]);
      const withAdvocate = conversation({ id: 'c1', kind: 1, advocacy: { ...advocacy, advocateRecorded: true } });
      expect(concludeProblems(withAdvocate, { resolved: true })).toEqual([]);
    }
    expect(advocateRequired(noDifficulty)).toBe(false);
  });

  it('records who took part (no_participant_recorded) and concludes only once (already_concluded)', () => {
    expect(
      codesOf(concludeProblems(conversation({ id: 'c1', kind: 1, participants: [] }), { resolved: true })),
    ).toEqual(['no_participant_recorded']);
    expect(codesOf(concludeProblems(one, { resolved: true }))).toEqual(['already_concluded']);
  });

  it('lists every problem at once', () => {
    const everything = conversation({
      id: 'c1',
      kind: 3,
      status: 'concluded',
      strengths: { personalResources: [], networksOfSupport: [], communityResources: [] },
      participants: [],
      advocacy: { ...noDifficulty, substantialDifficulty: { ...noDifficulty.substantialDifficulty, weighing: true } },
    });
    expect(codesOf(concludeProblems(everything, { resolved: false }))).toEqual([
      'already_concluded',
      'no_strength_recorded',
      'no_participant_recorded',
      'unresolved_reason_required',
      'advocate_required',
    ]);
  });
});

// ——— The gate ———

describe('the gate to conversation 3', () => {
  it('opens after conversations 1 and 2 were exhausted and a qualified peer signed that off', () => {
    expect(conversationThreeGate({ conversations: [one, two], peerSignOffs: [signOff()] })).toEqual({
      open: true,
      unmet: [],
    });
  });

  it('opens after conversation 1 alone when no conversation 2 happened', () => {
    const story = { conversations: [one], peerSignOffs: [signOff({ conversationIds: ['c1'], at: at(3) })] };
    expect(conversationThreeGate(story).open).toBe(true);
  });

  it('lists every unmet condition of an empty story', () => {
    expect(gateCodes({ conversations: [], peerSignOffs: [] })).toEqual([
      'conversation_1_missing',
      'peer_sign_off_missing',
    ]);
  });

  it('needs conversation 1 concluded, unresolved and with a reason', () => {
    const open = conversation({ id: 'c1', kind: 1 });
    const resolved = { ...one, resolved: true };
    const noReason = { ...one, unresolvedReason: ' ' };
    const peer = [signOff({ conversationIds: ['c1'] })];
    expect(gateCodes({ conversations: [open], peerSignOffs: peer })).toEqual([
      'conversation_1_not_concluded',
      'peer_sign_off_stale',
    ]);
    expect(gateCodes({ conversations: [resolved], peerSignOffs: peer })).toEqual(['conversation_1_resolved']);
    expect(gateCodes({ conversations: [noReason], peerSignOffs: peer })).toEqual(['conversation_1_reason_missing']);
    const unknownEnding = { ...one, resolved: undefined };
    expect(gateCodes({ conversations: [unknownEnding], peerSignOffs: peer })).toEqual([
      'conversation_1_reason_missing',
    ]);
    expect(conversationThreeGate({ conversations: [resolved], peerSignOffs: peer }).unmet[0]?.detail).toMatch(
      /no conversation 3 is needed/,
    );
    // Named by number and the day it started, never by its id.
    const detail = conversationThreeGate({ conversations: [resolved], peerSignOffs: peer }).unmet[0]!.detail;
    expect(detail).toMatch(new RegExp(`^Conversation 1 of \\d{1,2} [A-Z][a-z]+ \\d{4} resolved things`));
    expect(detail).not.toContain(resolved.id);
    expect(conversationName(1, { startedAt: new Date('2026-12-03T23:30:00Z') })).toBe(
      'Conversation 1 of 3 December 2026',
    );
    // Late in a summer evening it is already the next day in England.
    expect(conversationName(2, { startedAt: new Date('2026-06-30T23:30:00Z') })).toBe('Conversation 2 of 1 July 2026');
  });

  it('needs conversation 2, where one happened, concluded, unresolved and with a reason', () => {
    const peer = [signOff()];
    const openTwo = { ...two, status: 'open' as const, concludedAt: undefined };
    expect(gateCodes({ conversations: [one, openTwo], peerSignOffs: peer })).toEqual([
      'conversation_2_not_concluded',
      'peer_sign_off_stale',
    ]);
    expect(gateCodes({ conversations: [one, { ...two, resolved: true }], peerSignOffs: peer })).toEqual([
      'conversation_2_resolved',
    ]);
    expect(gateCodes({ conversations: [one, { ...two, unresolvedReason: undefined }], peerSignOffs: peer })).toEqual([
      'conversation_2_reason_missing',
    ]);
  });

  it('does not count a sign-off by the author of conversation 1 or 2 (peer_sign_off_by_author)', () => {
    expect(gateCodes({ conversations: [one, two], peerSignOffs: [signOff({ byUserId: 'ann' })] })).toEqual([
      'peer_sign_off_by_author',
    ]);
    expect(gateCodes({ conversations: [one, two], peerSignOffs: [signOff({ byUserId: 'bob' })] })).toEqual([
      'peer_sign_off_by_author',
    ]);
  });

  it('does not count a sign-off by someone unqualified (peer_sign_off_not_qualified)', () => {
    expect(gateCodes({ conversations: [one, two], peerSignOffs: [signOff({ byQualified: false })] })).toEqual([
      'peer_sign_off_not_qualified',
    ]);
  });

  it('does not count a sign-off that misses the latest concluded conversations (peer_sign_off_stale)', () => {
    // Given before conversation 2 concluded, even though it names it.
    expect(gateCodes({ conversations: [one, two], peerSignOffs: [signOff({ at: at(29) })] })).toEqual([
      'peer_sign_off_stale',
    ]);
    // Signed off conversation 1, then conversation 2 happened.
    expect(
      gateCodes({ conversations: [one, two], peerSignOffs: [signOff({ conversationIds: ['c1'], at: at(3) })] }),
    ).toEqual(['peer_sign_off_stale']);
    // A later conversation 1 replaces the one that was signed off.
    const again = exhausted({ id: 'c1b', kind: 1, startedAt: at(40), concludedAt: at(41) });
    expect(gateCodes({ conversations: [one, two, again], peerSignOffs: [signOff()] })).toEqual(['peer_sign_off_stale']);
    expect(
      conversationThreeGate({
        conversations: [one, two, again],
        peerSignOffs: [signOff({ conversationIds: ['c1b', 'c2'] })],
      }).open,
    ).toBe(true);
  });

  it('says what is wrong with each sign-off when none counts, and opens when any one does', () => {
    const wrong = [signOff({ byUserId: 'ann' }), signOff({ byQualified: false }), signOff({ at: at(1) })];
    expect(gateCodes({ conversations: [one, two], peerSignOffs: wrong })).toEqual([
      'peer_sign_off_by_author',
      'peer_sign_off_not_qualified',
      'peer_sign_off_stale',
    ]);
    expect(conversationThreeGate({ conversations: [one, two], peerSignOffs: [...wrong, signOff()] }).open).toBe(true);
  });

  it('does not open a second conversation 3 while one is open (conversation_3_already_open)', () => {
    const three = conversation({ id: 'c3', kind: 3, startedAt: at(50) });
    expect(gateCodes({ conversations: [one, two, three], peerSignOffs: [signOff()] })).toEqual([
      'conversation_3_already_open',
    ]);
    const concludedThree = { ...three, status: 'concluded' as const, concludedAt: at(60), resolved: true };
    expect(conversationThreeGate({ conversations: [one, two, concludedThree], peerSignOffs: [signOff()] }).open).toBe(
      true,
    );
  });

  it('takes the latest conversation by when it started, not by list order', () => {
    const later = conversation({ id: 'c1b', kind: 1, startedAt: at(40) });
    expect(latestConversation([later, one], 1)?.id).toBe('c1b');
    expect(gateCodes({ conversations: [later, one, two], peerSignOffs: [signOff()] })).toEqual([
      'conversation_1_not_concluded',
      'peer_sign_off_stale',
    ]);
    expect(latestConversation([one], 2)).toBeUndefined();
  });
});

// ——— What a conversation may lead to ———

describe('long-term support and statutory data', () => {
  it('never plans long term from conversation 2', () => {
    expect(canCreateLongTermSupport(2)).toBe(false);
    expect(longTermSupportProblem(2)?.code).toBe('conversation_2_is_short_term');
    expect(longTermSupportProblem(2)?.detail).toMatch(/never plans long term/);
  });
  it('plans long term only from conversation 3', () => {
    expect(canCreateLongTermSupport(3)).toBe(true);
    expect(longTermSupportProblem(3)).toBeNull();
    expect(canCreateLongTermSupport(1)).toBe(false);
    expect(longTermSupportProblem(1)?.code).toBe('long_term_support_needs_conversation_3');
  });
  it('reads every conversation as a proportionate assessment, long term only with an eligibility decision', () => {
    for (const kind of [1, 2, 3] as const) {
      expect(assessmentKind({ kind }, false)).toBe('short_term');
      expect(assessmentKind({ kind }, true)).toBe('long_term');
    }
  });
});

// ——— Intensive support ———

describe('intensive support plans', () => {
  it('runs at most 42 days by default', () => {
    expect(intensivePlanProblems({ startsOn: '2025-01-01', endsOn: '2025-02-12' })).toEqual([]);
    expect(intensivePlanProblems({ startsOn: '2025-01-01', endsOn: '2025-01-01' })).toEqual([]);
    expect(codesOf(intensivePlanProblems({ startsOn: '2025-01-01', endsOn: '2025-02-13' }))).toEqual([
      'horizon_too_long',
    ]);
  });
  it('takes a configured horizon', () => {
    expect(codesOf(intensivePlanProblems({ startsOn: '2025-01-01', endsOn: '2025-01-30' }, 28))).toEqual([
      'horizon_too_long',
    ]);
    expect(intensivePlanProblems({ startsOn: '2025-01-01', endsOn: '2025-01-29' }, 28)).toEqual([]);
    expect(() => intensivePlanProblems({ startsOn: '2025-01-01', endsOn: '2025-01-02' }, 0)).toThrow(RangeError);
    expect(() => intensivePlanProblems({ startsOn: '2025-01-01', endsOn: '2025-01-02' }, 1.5)).toThrow(RangeError);
  });
  it('cannot end before it starts (ends_before_start)', () => {
    expect(codesOf(intensivePlanProblems({ startsOn: '2025-01-10', endsOn: '2025-01-09' }))).toEqual([
      'ends_before_start',
    ]);
  });
  it('rejects a date that is not a date', () => {
    expect(() => intensivePlanProblems({ startsOn: '2025-02-30', endsOn: '2025-03-01' })).toThrow(RangeError);
  });
});

describe('touchpoints: stick to them like glue', () => {
  const noon = (date: string) => new Date(`${date}T12:00:00Z`);

  it('flags no gap when in touch at least every three days', () => {
    const touches = ['2025-01-09', '2025-01-12', '2025-01-14'].map(noon);
    expect(touchpointGaps(touches, '2025-01-06', noon('2025-01-17'))).toEqual([]);
  });

  it('flags a gap between touchpoints longer than allowed', () => {
    const touches = ['2025-01-08', '2025-01-12', '2025-01-13'].map(noon);
    expect(touchpointGaps(touches, '2025-01-06', noon('2025-01-14'))).toEqual([
      { from: '2025-01-08', to: '2025-01-12', days: 4, open: false },
    ]);
  });

  it('flags the gap still running since the last touchpoint, and the one from the start of the plan', () => {
    expect(touchpointGaps([], '2025-01-06', noon('2025-01-09'))).toEqual([]);
    expect(touchpointGaps([], '2025-01-06', noon('2025-01-10'))).toEqual([
      { from: '2025-01-06', to: '2025-01-10', days: 4, open: true },
    ]);
    expect(touchpointGaps([noon('2025-01-11')], '2025-01-06', noon('2025-01-15'))).toEqual([
      { from: '2025-01-06', to: '2025-01-11', days: 5, open: false },
      { from: '2025-01-11', to: '2025-01-15', days: 4, open: true },
    ]);
  });

  it('counts days on English clocks: 23:30 UTC in summer is the next day', () => {
    // 23:30 UTC on 9 July is 00:30 on 10 July in England.
    const lateNight = new Date('2025-07-09T23:30:00Z');
    expect(dateInEngland(lateNight)).toBe('2025-07-10');
    expect(touchpointGaps([lateNight], '2025-07-06', noon('2025-07-11'))).toEqual([
      { from: '2025-07-06', to: '2025-07-10', days: 4, open: false },
    ]);
  });

  it('takes touchpoints in any order, and ones before the plan started as the start', () => {
    const touches = ['2025-01-12', '2025-01-03', '2025-01-09'].map(noon);
    expect(touchpointGaps(touches, '2025-01-06', noon('2025-01-13'))).toEqual([]);
  });

  it('takes a configured interval, and stops at the end of a plan that has ended', () => {
    expect(touchpointGaps([noon('2025-01-08')], '2025-01-06', noon('2025-01-15'), 7)).toEqual([]);
    expect(touchpointGaps([noon('2025-01-08')], '2025-01-06', noon('2025-03-01'), 3, '2025-01-11')).toEqual([]);
    expect(touchpointGaps([noon('2025-01-08')], '2025-01-06', noon('2025-03-01'), 3, '2025-01-12')).toEqual([
      { from: '2025-01-08', to: '2025-01-12', days: 4, open: false },
    ]);
    expect(() => touchpointGaps([], '2025-01-06', noon('2025-01-07'), 0)).toThrow(RangeError);
  });

  it('flags nothing before the plan starts', () => {
    expect(touchpointGaps([], '2025-01-20', noon('2025-01-06'))).toEqual([]);
  });
});

describe('contingency spends', () => {
  it('allows small amounts up to £250 a spend and £1,000 a story', () => {
    expect(contingencySpendProblems({ amountPence: 25_000 }, 0)).toEqual([]);
    expect(contingencySpendProblems({ amountPence: 25_000 }, 75_000)).toEqual([]);
    expect(contingencySpendProblems({ amountPence: 1 }, 0)).toEqual([]);
    expect(DEFAULT_CONTINGENCY_CAPS).toEqual({ perSpendPence: 25_000, perStoryPence: 100_000 });
  });
  it('names each cap a spend would break', () => {
    expect(codesOf(contingencySpendProblems({ amountPence: 25_001 }, 0))).toEqual(['over_per_spend_cap']);
    expect(codesOf(contingencySpendProblems({ amountPence: 20_000 }, 90_000))).toEqual(['over_story_cap']);
    expect(codesOf(contingencySpendProblems({ amountPence: 30_000 }, 90_000))).toEqual([
      'over_per_spend_cap',
      'over_story_cap',
    ]);
    expect(contingencySpendProblems({ amountPence: 20_000 }, 90_000)[0]?.detail).toMatch(/£900\.00 is spent.*£100\.00/);
  });
  it('needs an amount more than nothing (amount_not_positive)', () => {
    expect(codesOf(contingencySpendProblems({ amountPence: 0 }, 0))).toEqual(['amount_not_positive']);
    expect(codesOf(contingencySpendProblems({ amountPence: -500 }, 0))).toEqual(['amount_not_positive']);
  });
  it('takes configured caps', () => {
    const caps = { perSpendPence: 5_000, perStoryPence: 12_000 };
    expect(codesOf(contingencySpendProblems({ amountPence: 5_001 }, 0, caps))).toEqual(['over_per_spend_cap']);
    expect(codesOf(contingencySpendProblems({ amountPence: 5_000 }, 8_000, caps))).toEqual(['over_story_cap']);
    expect(contingencySpendProblems({ amountPence: 4_000 }, 8_000, caps)).toEqual([]);
  });
  it('rejects fractions of a penny and negative totals', () => {
    expect(() => contingencySpendProblems({ amountPence: 10.5 }, 0)).toThrow(RangeError);
    expect(() => contingencySpendProblems({ amountPence: 100 }, -1)).toThrow(RangeError);
  });
  it('stays exact at the largest amounts', () => {
    const caps = { perSpendPence: Number.MAX_SAFE_INTEGER, perStoryPence: Number.MAX_SAFE_INTEGER };
    expect(contingencySpendProblems({ amountPence: 1 }, Number.MAX_SAFE_INTEGER - 1, caps)).toEqual([]);
    expect(codesOf(contingencySpendProblems({ amountPence: 2 }, Number.MAX_SAFE_INTEGER - 1, caps))).toEqual([
      'over_story_cap',
    ]);
  });
});

// ——— Properties ———

const USERS = ['ann', 'bob', 'cat', 'dev'] as const;
const user = fc.constantFrom(...USERS);

/**
 * The gate's rule written out again, independently and plainly: the latest conversation 1, and the
 * latest conversation 2 if any, concluded without resolving things and with a reason, no
 * conversation 3 open, and a sign-off by a qualified practitioner who wrote neither, naming both,
 * given after both concluded.
 */
function latestOf(story: ConversationStory, kind: ConversationKind): Conversation | undefined {
  const ofKind = story.conversations.filter((c) => c.kind === kind);
  const newest = Math.max(...ofKind.map((c) => c.startedAt.getTime()));
  return ofKind.filter((c) => c.startedAt.getTime() === newest).at(-1);
}
function exhaustedOracle(c: Conversation | undefined): boolean {
  return (
    c !== undefined && c.status === 'concluded' && c.resolved === false && (c.unresolvedReason ?? '').trim().length > 0
  );
}
function validSignOffOracle(story: ConversationStory): boolean {
  const c1 = latestOf(story, 1);
  const c2 = latestOf(story, 2);
  if (c1 === undefined) return false;
  const covered = c2 === undefined ? [c1] : [c1, c2];
  return story.peerSignOffs.some(
    (s) =>
      s.byQualified &&
      covered.every(
        (c) =>
          c.authorId !== s.byUserId &&
          c.concludedAt !== undefined &&
          s.conversationIds.includes(c.id) &&
          s.at.getTime() >= c.concludedAt.getTime(),
      ),
  );
}
function gateOracle(story: ConversationStory): boolean {
  const c2 = latestOf(story, 2);
  return (
    !story.conversations.some((c) => c.kind === 3 && c.status === 'open') &&
    exhaustedOracle(latestOf(story, 1)) &&
    (c2 === undefined || exhaustedOracle(c2)) &&
    validSignOffOracle(story)
  );
}

type Action =
  | {
      type: 'start';
      kind: ConversationKind;
      author: string;
      withStrength: boolean;
      difficulty: boolean;
      appropriatePerson: boolean;
      advocate: boolean;
      hours: number;
    }
  | {
      type: 'conclude';
      pick: number;
      resolved: boolean;
      reason: 'written' | 'blank' | 'none';
      addStrength: boolean;
      hours: number;
    }
  | {
      type: 'signOff';
      by: string;
      qualified: boolean;
      cover: 'latest' | 'latest_one' | 'all' | 'random';
      picks: number[];
      backdateHours: number;
      hours: number;
    };

const hours = fc.integer({ min: 0, max: 72 });
// Stories lean towards what practice does, so that conversation 3 is reached often enough to test.
const often = fc.constantFrom(true, true, true, false);
const seldom = fc.constantFrom(false, false, false, true);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('start' as const),
      kind: fc.constantFrom<ConversationKind>(1, 2, 3, 3, 3),
      author: user,
      withStrength: often,
      difficulty: seldom,
      appropriatePerson: fc.boolean(),
      advocate: fc.boolean(),
      hours,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('conclude' as const),
      pick: fc.nat(5),
      resolved: seldom,
      reason: fc.constantFrom(
        'written' as const,
        'written' as const,
        'written' as const,
        'blank' as const,
        'none' as const,
      ),
      addStrength: fc.boolean(),
      hours,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('signOff' as const),
      by: user,
      qualified: often,
      cover: fc.constantFrom(
        'latest' as const,
        'latest' as const,
        'latest_one' as const,
        'all' as const,
        'random' as const,
      ),
      picks: fc.array(fc.nat(9), { maxLength: 3 }),
      backdateHours: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 96 })),
      hours,
    }),
  },
);

interface Replay {
  story: ConversationStory;
  /** The story as it stood each time conversation 3 opened, just before it did. */
  opened: ConversationStory[];
  /** The story after each action. */
  states: { story: ConversationStory; now: number }[];
}

/**
 * A small reference reducer: people start and conclude conversations and sign them off in any
 * order, and conversation 3 starts only when the gate says it may.
 */
function replay(actions: readonly Action[]): Replay {
  let conversations: Conversation[] = [];
  const peerSignOffs: PeerSignOff[] = [];
  const opened: ConversationStory[] = [];
  const states: Replay['states'] = [];
  let now = T0;
  let nextId = 1;
  for (const a of actions) {
    now += a.hours * HOUR_MS;
    const story = (): ConversationStory => ({ conversations: [...conversations], peerSignOffs: [...peerSignOffs] });
    if (a.type === 'start') {
      const alreadyOpen = conversations.some((c) => c.kind === a.kind && c.status === 'open');
      const gateOpen = a.kind !== 3 || conversationThreeGate(story()).open;
      if (!alreadyOpen && gateOpen) {
        if (a.kind === 3) opened.push(story());
        conversations.push(
          conversation({
            id: `c${nextId++}`,
            kind: a.kind,
            authorId: a.author,
            startedAt: new Date(now),
            strengths: {
              personalResources: a.withStrength ? ['walks the dog every day'] : [],
              networksOfSupport: [],
              communityResources: [],
            },
            advocacy: {
              substantialDifficulty: {
                understanding: a.difficulty,
                retaining: false,
                weighing: false,
                communicating: false,
              },
              appropriatePersonAvailable: a.appropriatePerson,
              advocateRecorded: a.advocate,
            },
          }),
        );
      }
    } else if (a.type === 'conclude') {
      const open = conversations.filter((c) => c.status === 'open');
      const target = open[a.pick % Math.max(open.length, 1)];
      if (target !== undefined) {
        const withStrengths: Conversation = a.addStrength
          ? { ...target, strengths: { ...target.strengths, communityResources: ['lunch club'] } }
          : target;
        const unresolvedReason =
          a.reason === 'written' ? 'Needs more than we could pull together' : a.reason === 'blank' ? '  ' : undefined;
        const outcome = { resolved: a.resolved, unresolvedReason };
        const updated: Conversation =
          concludeProblems(withStrengths, outcome).length === 0
            ? { ...withStrengths, status: 'concluded', concludedAt: new Date(now), ...outcome }
            : withStrengths;
        conversations = conversations.map((c) => (c.id === target.id ? updated : c));
      }
    } else {
      const current = story();
      const latestIds = [latestOf(current, 1)?.id, latestOf(current, 2)?.id].filter((id) => id !== undefined);
      const allIds = conversations.map((c) => c.id);
      const conversationIds =
        a.cover === 'latest'
          ? latestIds
          : a.cover === 'latest_one'
            ? latestIds.slice(0, 1)
            : a.cover === 'all'
              ? allIds
              : a.picks.flatMap((p) => (allIds.length === 0 ? [] : [allIds[p % allIds.length] as string]));
      peerSignOffs.push({
        byUserId: a.by,
        byQualified: a.qualified,
        conversationIds,
        at: new Date(now - a.backdateHours * HOUR_MS),
      });
    }
    states.push({ story: story(), now });
  }
  return { story: { conversations, peerSignOffs }, opened, states };
}

const actions = fc.array(action, { minLength: 1, maxLength: 40, size: 'max' });

describe('the gate, for any story', () => {
  it('never lets conversation 3 open without conversations 1 and 2 exhausted and a valid peer sign-off', () => {
    let openings = 0;
    fc.assert(
      fc.property(actions, (sequence) => {
        const { opened } = replay(sequence);
        for (const before of opened) {
          openings++;
          const c1 = latestOf(before, 1);
          const c2 = latestOf(before, 2);
          expect(exhaustedOracle(c1)).toBe(true);
          if (c2 !== undefined) expect(exhaustedOracle(c2)).toBe(true);
          // A qualified peer, the author of neither, naming both, after both concluded.
          expect(validSignOffOracle(before)).toBe(true);
          expect(before.conversations.some((c) => c.kind === 3 && c.status === 'open')).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
    // The property means little unless conversation 3 does open in a fair share of stories.
    expect(openings).toBeGreaterThan(50);
  });

  it('opens exactly when the rule, written out independently, says it should', () => {
    fc.assert(
      fc.property(actions, (sequence) => {
        for (const { story } of replay(sequence).states) {
          expect(conversationThreeGate(story).open).toBe(gateOracle(story));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('opens when a valid sign-off is added to a story that lacked only that', () => {
    let lackingOnlySignOff = 0;
    fc.assert(
      fc.property(actions, (sequence) => {
        for (const { story, now } of replay(sequence).states) {
          const gate = conversationThreeGate(story);
          if (gate.open || !gate.unmet.every((problem) => problem.code.startsWith('peer_sign_off_'))) continue;
          lackingOnlySignOff++;
          const c1 = latestOf(story, 1) as Conversation;
          const c2 = latestOf(story, 2);
          const peer = USERS.find((u) => u !== c1.authorId && u !== c2?.authorId) as string;
          const valid: PeerSignOff = {
            byUserId: peer,
            byQualified: true,
            conversationIds: c2 === undefined ? [c1.id] : [c1.id, c2.id],
            at: new Date(now),
          };
          expect(conversationThreeGate({ ...story, peerSignOffs: [...story.peerSignOffs, valid] })).toEqual({
            open: true,
            unmet: [],
          });
        }
      }),
      { numRuns: 300 },
    );
    expect(lackingOnlySignOff).toBeGreaterThan(50);
  });

  it('opens when a valid sign-off is added to exhausted conversations with only wrong sign-offs', () => {
    const wrongSignOff = (authors: string[], concludedAt: number) =>
      fc.oneof(
        fc.record({
          byUserId: fc.constantFrom(...authors),
          byQualified: fc.boolean(),
          conversationIds: fc.constant(['c1', 'c2']),
          at: fc.constant(new Date(concludedAt)),
        }),
        fc.record({
          byUserId: user,
          byQualified: fc.constant(false),
          conversationIds: fc.constant(['c1', 'c2']),
          at: fc.constant(new Date(concludedAt)),
        }),
        fc.record({
          byUserId: user,
          byQualified: fc.boolean(),
          conversationIds: fc.subarray(['c1', 'c2', 'other']),
          at: fc.integer({ min: 1, max: 96 }).map((h) => new Date(concludedAt - h * HOUR_MS)),
        }),
      );
    const scenario = fc
      .record({ author1: user, author2: user, withTwo: fc.boolean(), gap1: hours, gap2: hours })
      .chain((s) => {
        const c1 = exhausted({
          id: 'c1',
          kind: 1,
          authorId: s.author1,
          startedAt: at(0),
          concludedAt: at(s.gap1),
        });
        const c2 = exhausted({
          id: 'c2',
          kind: 2,
          authorId: s.author2,
          startedAt: at(s.gap1),
          concludedAt: at(s.gap1 + s.gap2),
        });
        const conversations = s.withTwo ? [c1, c2] : [c1];
        const lastConcluded = (s.withTwo ? c2 : c1).concludedAt as Date;
        const authors = conversations.map((c) => c.authorId);
        return fc.record({
          conversations: fc.constant(conversations),
          peerSignOffs: fc
            .array(wrongSignOff(authors, lastConcluded.getTime()), { maxLength: 4 })
            // Sign-offs that happen to be valid (a stale-looking one can cover c1 alone) are not "wrong".
            .map((signOffs) => signOffs.filter((s) => !validSignOffOracle({ conversations, peerSignOffs: [s] }))),
          lastConcluded: fc.constant(lastConcluded),
          authors: fc.constant(authors),
        });
      });
    fc.assert(
      fc.property(scenario, user, fc.nat(48), (s, peerCandidate, laterHours) => {
        const story = { conversations: s.conversations, peerSignOffs: s.peerSignOffs };
        const before = conversationThreeGate(story);
        expect(before.open).toBe(false);
        expect(before.unmet.every((problem) => problem.code.startsWith('peer_sign_off_'))).toBe(true);
        const peer = s.authors.includes(peerCandidate)
          ? (USERS.find((u) => !s.authors.includes(u)) as string)
          : peerCandidate;
        const valid: PeerSignOff = {
          byUserId: peer,
          byQualified: true,
          conversationIds: s.conversations.map((c) => c.id),
          at: new Date(s.lastConcluded.getTime() + laterHours * HOUR_MS),
        };
        expect(conversationThreeGate({ ...story, peerSignOffs: [...story.peerSignOffs, valid] }).open).toBe(true);
      }),
    );
  });

  it('has nothing unmet exactly when open, with each code a known one listed once', () => {
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const anyConversation = fc
      .record({
        id: fc.constantFrom(...ids),
        kind: fc.constantFrom<ConversationKind>(1, 2, 3),
        authorId: user,
        status: fc.constantFrom('open' as const, 'concluded' as const),
        started: fc.nat(200),
        concluded: fc.option(fc.nat(200)),
        resolved: fc.option(fc.boolean()),
        reason: fc.option(fc.constantFrom('', ' ', 'Carer in hospital')),
      })
      .map((c) =>
        conversation({
          id: c.id,
          kind: c.kind,
          authorId: c.authorId,
          status: c.status,
          startedAt: at(c.started),
          concludedAt: c.concluded === null ? undefined : at(c.concluded),
          resolved: c.resolved ?? undefined,
          unresolvedReason: c.reason ?? undefined,
        }),
      );
    const anySignOff = fc.record({
      byUserId: user,
      byQualified: fc.boolean(),
      conversationIds: fc.subarray(ids),
      at: fc.nat(300).map(at),
    });
    const anyStory = fc.record({
      conversations: fc.array(anyConversation, { maxLength: 6 }),
      peerSignOffs: fc.array(anySignOff, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(anyStory, (story) => {
        const gate = conversationThreeGate(story);
        expect(gate.open).toBe(gate.unmet.length === 0);
        const codes = codesOf(gate.unmet);
        expect(new Set(codes).size).toBe(codes.length);
        for (const code of codes) expect(conversationThreeGateCodes).toContain(code);
        expect(gate.open).toBe(gateOracle(story));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('touchpoints and spends, for any plan', () => {
  // An England calendar date, and an instant on it: 00:00–22:59 UTC falls on the same date in
  // England in winter (GMT) and summer (BST).
  const practiceDate = fc
    .integer({ min: Date.UTC(2020, 0, 1) / DAY_MS, max: Date.UTC(2035, 11, 31) / DAY_MS })
    .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
  const instantOn = (date: string, minuteOfDay: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000);
  const minuteOfDay = fc.integer({ min: 0, max: 23 * 60 - 1 });

  it('flags no gap on a plan with a touchpoint at least every maxGapDays', () => {
    fc.assert(
      fc.property(
        practiceDate,
        fc.integer({ min: 1, max: 7 }).chain((maxGap) =>
          fc.record({
            maxGap: fc.constant(maxGap),
            steps: fc.array(fc.tuple(fc.integer({ min: 0, max: maxGap }), minuteOfDay), { maxLength: 30 }),
            last: fc.tuple(fc.integer({ min: 0, max: maxGap }), minuteOfDay),
          }),
        ),
        (start, { maxGap, steps, last }) => {
          let day = start;
          const touches: Date[] = [];
          for (const [gap, minute] of steps) {
            day = addDays(day, gap);
            touches.push(instantOn(day, minute));
          }
          const now = instantOn(addDays(day, last[0]), last[1]);
          // Newest first, as a list from the database might come: order does not matter.
          expect(touchpointGaps([...touches].reverse(), start, now, maxGap)).toEqual([]);
        },
      ),
    );
  });

  it('flags exactly the gaps longer than allowed, each once', () => {
    fc.assert(
      fc.property(
        practiceDate,
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), minuteOfDay), { maxLength: 20 }),
        fc.tuple(fc.integer({ min: 0, max: 10 }), minuteOfDay),
        (start, maxGap, steps, last) => {
          let day = start;
          const days = [start];
          const touches: Date[] = [];
          for (const [gap, minute] of steps) {
            day = addDays(day, gap);
            days.push(day);
            touches.push(instantOn(day, minute));
          }
          const today = addDays(day, last[0]);
          days.push(today);
          const expected = days.slice(1).flatMap((to, i) => {
            const from = days[i] as string;
            const gap = daysBetween(from, to);
            return gap > maxGap ? [{ from, to, days: gap, open: i === days.length - 2 }] : [];
          });
          expect(touchpointGaps(touches, start, instantOn(today, last[1]), maxGap)).toEqual(expected);
        },
      ),
    );
  });

  it('never lets an accepted sequence of spends pass either cap', () => {
    const caps: fc.Arbitrary<ContingencyCaps> = fc.oneof(
      fc.constant(DEFAULT_CONTINGENCY_CAPS),
      fc.record({
        perSpendPence: fc.integer({ min: 0, max: 50_000 }),
        perStoryPence: fc.integer({ min: 0, max: 200_000 }),
      }),
    );
    const amount = fc.oneof(fc.integer({ min: -1_000, max: 60_000 }), fc.constantFrom(0, 1, 25_000, 25_001));
    fc.assert(
      fc.property(caps, fc.array(amount, { maxLength: 40 }), (limits, amounts) => {
        let spent = 0;
        for (const amountPence of amounts) {
          const problems = contingencySpendProblems({ amountPence }, spent, limits);
          const fits =
            amountPence > 0 && amountPence <= limits.perSpendPence && spent + amountPence <= limits.perStoryPence;
          // Accepted exactly when it fits: nothing over a cap gets through, nothing within one is refused.
          expect(problems.length === 0).toBe(fits);
          if (problems.length === 0) {
            spent += amountPence;
            expect(amountPence).toBeLessThanOrEqual(limits.perSpendPence);
          }
          expect(spent).toBeLessThanOrEqual(limits.perStoryPence);
        }
      }),
    );
  });
});
