import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conversationThreeGate,
  type Conversation,
  type ConversationKind,
  type ConversationStory,
  type PeerSignOff,
} from '../src/conversations.js';
import {
  ordinaryResidenceBases,
  ordinaryResidenceLine,
  ordinaryResidenceProblems,
  type OrdinaryResidence,
} from '../src/ordinary-residence.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const conversation = (
  id: string,
  kind: ConversationKind,
  status: 'open' | 'concluded',
  hours: number,
): Conversation => ({
  id,
  kind,
  status,
  authorId: 'ann',
  startedAt: new Date(T0 + hours * 3_600_000),
  ...(status === 'concluded' ? { concludedAt: new Date(T0 + (hours + 1) * 3_600_000), resolved: false } : {}),
  participants: [],
  strengths: { personalResources: [], networksOfSupport: [], communityResources: [] },
  advocacy: {
    substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
    appropriatePersonAvailable: false,
    advocateRecorded: false,
  },
});

const story = fc.record({
  conversations: fc.array(
    fc.tuple(
      fc.constantFrom<ConversationKind>(1, 2, 3),
      fc.constantFrom('open' as const, 'concluded' as const),
      fc.nat(100),
    ),
    { maxLength: 6 },
  ),
  signOffs: fc.array(
    fc.record({ byUserId: fc.constantFrom('ann', 'bob'), byQualified: fc.boolean(), at: fc.nat(200) }),
    { maxLength: 2 },
  ),
});
const build = (
  s: {
    conversations: [ConversationKind, 'open' | 'concluded', number][];
    signOffs: { byUserId: string; byQualified: boolean; at: number }[];
  },
  requested: boolean,
): ConversationStory => {
  const conversations = s.conversations.map(([kind, status, h], i) => conversation(`c${i}`, kind, status, h));
  const peerSignOffs: PeerSignOff[] = s.signOffs.map((o) => ({
    byUserId: o.byUserId,
    byQualified: o.byQualified,
    at: new Date(T0 + o.at * 3_600_000),
    conversationIds: conversations.map((c) => c.id),
  }));
  return { conversations, peerSignOffs, assessmentRequested: requested };
};

describe('asking for an assessment now (Care Act 2014 s9(3))', () => {
  it('opens conversation 3 on a story with no conversations and no peer step when the person asked', () => {
    expect(conversationThreeGate({ conversations: [], peerSignOffs: [] }).open).toBe(false);
    expect(conversationThreeGate({ conversations: [], peerSignOffs: [], assessmentRequested: true })).toEqual({
      open: true,
      unmet: [],
    });
  });

  it('still refuses a second conversation 3 while one is open', () => {
    const gate = conversationThreeGate({
      conversations: [conversation('c3', 3, 'open', 0)],
      peerSignOffs: [],
      assessmentRequested: true,
    });
    expect(gate.unmet.map((u) => u.code)).toEqual(['conversation_3_already_open']);
  });

  it('property: with a request the gate is open exactly when no conversation 3 is open', () => {
    fc.assert(
      fc.property(story, (s) => {
        const built = build(s, true);
        const openThree = built.conversations.some((c) => c.kind === 3 && c.status === 'open');
        expect(conversationThreeGate(built).open).toBe(!openThree);
      }),
    );
  });

  it('property: without a request the gate never opens without a peer sign-off (the peer gate stays)', () => {
    fc.assert(
      fc.property(story, (s) => {
        const built = build({ ...s, signOffs: [] }, false);
        expect(conversationThreeGate(built).open).toBe(false);
      }),
    );
  });

  it('property: a request only ever opens the gate, never closes it', () => {
    fc.assert(
      fc.property(story, (s) => {
        if (conversationThreeGate(build(s, false)).open) expect(conversationThreeGate(build(s, true)).open).toBe(true);
      }),
    );
  });
});

describe('ordinary residence (Care Act 2014 s13(3)(c), s18, s39, s40)', () => {
  const here: OrdinaryResidence = {
    council: 'Essex County Council',
    basis: 'ordinarily_resident',
    disputed: false,
    note: '',
  };

  it('names the council and the basis on one line for the letter', () => {
    expect(ordinaryResidenceProblems(here)).toEqual([]);
    expect(ordinaryResidenceLine(here)).toBe(
      'Essex County Council is responsible for meeting your eligible needs: you are ordinarily resident in the council’s area (Care Act 2014 s18).',
    );
    expect(
      ordinaryResidenceLine({ ...here, basis: 'deemed_specified_accommodation', disputed: true, note: 'x' }),
    ).toContain('Another council disputes this');
  });

  it('refuses no council, and a dispute without who disputes it', () => {
    expect(ordinaryResidenceProblems({ ...here, council: '  ' }).map((p) => p.code)).toEqual([
      'ordinary_residence_council_required',
    ]);
    expect(ordinaryResidenceProblems({ ...here, disputed: true }).map((p) => p.code)).toEqual([
      'ordinary_residence_dispute_note_required',
    ]);
  });

  it('property: accepted exactly when a council is named and any dispute is explained', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.constantFrom(...ordinaryResidenceBases),
        fc.boolean(),
        fc.string({ maxLength: 10 }),
        (council, basis, disputed, note) => {
          const ok = ordinaryResidenceProblems({ council, basis, disputed, note }).length === 0;
          expect(ok).toBe(council.trim() !== '' && (!disputed || note.trim() !== ''));
        },
      ),
    );
  });
});
