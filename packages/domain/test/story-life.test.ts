import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closeProblems,
  closeReasons,
  reopenProblems,
  resolvedWhatMatteredAnswers,
  stageReached,
  type CloseReason,
  type StoryConversationFact,
} from '../src/index.js';

const concluded = (kind: 1 | 2 | 3, resolved: boolean): StoryConversationFact => ({
  kind,
  status: 'concluded',
  resolved,
});
const open = (kind: 1 | 2 | 3): StoryConversationFact => ({ kind, status: 'open', resolved: null });
const story = (conversations: StoryConversationFact[], status: 'open' | 'closed' = 'open') => ({
  status,
  conversations,
});
const asked = { resolvedWhatMattered: 'yes' as const, personsWords: 'I can get to the shops again.' };
const codes = (list: { code: string }[]) => list.map((p) => p.code);

const conversationArb = fc.record({
  kind: fc.constantFrom(1 as const, 2 as const, 3 as const),
  status: fc.constantFrom('open' as const, 'concluded' as const),
  resolved: fc.constantFrom(true, false, null),
});

describe('the stage a story reached', () => {
  it('is the contact alone without conversations, else the furthest conversation held', () => {
    expect(stageReached([])).toBe('contact');
    expect(stageReached([concluded(1, false)])).toBe('conversation_1');
    expect(stageReached([concluded(1, false), open(2)])).toBe('conversation_2');
    expect(stageReached([concluded(1, false), concluded(2, false), open(3)])).toBe('conversation_3');
  });

  it('never falls below any conversation the story had (property)', () => {
    fc.assert(
      fc.property(fc.array(conversationArb, { maxLength: 6 }), (list) => {
        const stage = stageReached(list);
        for (const c of list) expect(Number(stage.replace(/\D/g, '') || 0)).toBeGreaterThanOrEqual(c.kind);
      }),
    );
  });
});

describe('closing a story', () => {
  it('closes resolved in conversation 1 when conversation 1 concluded resolved', () => {
    expect(closeProblems(story([concluded(1, true)]), { reason: 'resolved_in_conversation_1', ...asked })).toEqual([]);
  });

  it('refuses "resolved in conversation N" when N was never held, or concluded unresolved', () => {
    expect(
      codes(closeProblems(story([concluded(1, true)]), { reason: 'resolved_in_conversation_2', ...asked })),
    ).toEqual(['conversation_not_held']);
    expect(
      codes(closeProblems(story([concluded(1, false)]), { reason: 'resolved_in_conversation_1', ...asked })),
    ).toEqual(['conversation_not_resolved']);
    expect(codes(closeProblems(story([open(1)]), { reason: 'resolved_in_conversation_1', ...asked }))).toEqual([
      'conversation_not_held',
      'conversation_still_open',
    ]);
  });

  it('refuses a resolved reason while another conversation is still open', () => {
    expect(
      codes(closeProblems(story([concluded(1, true), open(2)]), { reason: 'resolved_in_conversation_1', ...asked })),
    ).toEqual(['conversation_still_open']);
  });

  it('arranges long-term support only after conversation 3', () => {
    expect(
      codes(closeProblems(story([concluded(1, false)]), { reason: 'long_term_support_arranged', ...asked })),
    ).toEqual(['conversation_3_not_held']);
    expect(
      closeProblems(story([concluded(1, false), concluded(3, true)]), {
        reason: 'long_term_support_arranged',
        ...asked,
      }),
    ).toEqual([]);
  });

  it('closes for reasons outside the practice even with a conversation open', () => {
    for (const reason of ['moved_away', 'declined_further_help', 'handed_to_another_organisation'] as const)
      expect(closeProblems(story([open(1)]), { reason, ...asked })).toEqual([]);
  });

  it('records the person’s own words when they were asked, and none when they were not', () => {
    expect(
      codes(closeProblems(story([]), { reason: 'moved_away', resolvedWhatMattered: 'partly', personsWords: '  ' })),
    ).toEqual(['persons_words_required']);
    expect(
      codes(closeProblems(story([]), { reason: 'moved_away', resolvedWhatMattered: 'not_asked', personsWords: 'x' })),
    ).toEqual(['persons_words_not_asked']);
    expect(closeProblems(story([]), { reason: 'moved_away', resolvedWhatMattered: 'not_asked' })).toEqual([]);
  });

  it('does not ask a person who died, or about a duplicate story', () => {
    expect(codes(closeProblems(story([]), { reason: 'died', ...asked }))).toEqual(['cannot_be_asked']);
    expect(closeProblems(story([]), { reason: 'duplicate', resolvedWhatMattered: 'not_asked' })).toEqual([]);
  });

  it('never closes a closed story', () => {
    expect(codes(closeProblems(story([], 'closed'), { reason: 'moved_away', ...asked }))).toEqual(['already_closed']);
  });

  it('accepts a closing exactly when each rule holds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(conversationArb, { maxLength: 6 }),
        fc.constantFrom(...closeReasons),
        fc.constantFrom(...resolvedWhatMatteredAnswers),
        fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
        fc.constantFrom('open' as const, 'closed' as const),
        (conversations, reason: CloseReason, answer, words, status) => {
          const problems = closeProblems(
            { status, conversations },
            { reason, resolvedWhatMattered: answer, personsWords: words },
          );
          const hasWords = (words ?? '').trim() !== '';
          const n = /_(\d)$/.exec(reason)?.[1];
          const resolvedOk =
            !reason.startsWith('resolved_') ||
            conversations.some((c) => String(c.kind) === n && c.status === 'concluded' && c.resolved === true);
          const outcome = reason.startsWith('resolved_') || reason === 'long_term_support_arranged';
          const expectedOk =
            status === 'open' &&
            resolvedOk &&
            (reason !== 'long_term_support_arranged' || conversations.some((c) => c.kind === 3)) &&
            (!outcome || conversations.every((c) => c.status === 'concluded')) &&
            (answer === 'not_asked' ? !hasWords : hasWords && reason !== 'died' && reason !== 'duplicate');
          expect(problems.length === 0).toBe(expectedOk);
          expect(new Set(codes(problems)).size).toBe(problems.length);
        },
      ),
    );
  });
});

describe('reopening a story', () => {
  it('reopens a closed story unless the person has another open one', () => {
    expect(reopenProblems({ status: 'closed', otherOpenStory: false })).toEqual([]);
    expect(codes(reopenProblems({ status: 'closed', otherOpenStory: true }))).toEqual(['person_has_open_story']);
    expect(codes(reopenProblems({ status: 'open', otherOpenStory: false }))).toEqual(['not_closed']);
  });
});
