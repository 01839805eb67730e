import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareByUrgency,
  daysWaiting,
  isStoryAuthor,
  storyStage,
  storyStages,
  storyUrgency,
  urgencyLevels,
  waitingSince,
  type ConversationKind,
  type QueueKey,
} from '../src/index.js';

const at = (iso: string) => new Date(iso);
const DAY = 24 * 60 * 60 * 1000;

describe('storyStage', () => {
  it('is the contact while no conversation has started', () => {
    expect(storyStage([])).toBe('contact');
  });
  it('is the conversation that started last, not the highest one', () => {
    expect(
      storyStage([
        { kind: 1, startedAt: at('2026-01-01T00:00:00Z') },
        { kind: 2, startedAt: at('2026-02-01T00:00:00Z') },
      ]),
    ).toBe('conversation_2');
    expect(
      storyStage([
        { kind: 2, startedAt: at('2026-02-01T00:00:00Z') },
        { kind: 1, startedAt: at('2026-03-01T00:00:00Z') },
      ]),
    ).toBe('conversation_1');
  });
  it('does not depend on the order conversations are given in', () => {
    const conv = fc.record({
      kind: fc.constantFrom<ConversationKind>(1, 2, 3),
      startedAt: fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z'), noInvalidDate: true }),
    });
    fc.assert(
      fc.property(fc.array(conv, { maxLength: 8 }), (convs) => {
        const stage = storyStage(convs);
        expect(storyStage([...convs].reverse())).toBe(stage);
        expect(storyStages).toContain(stage);
        if (convs.length > 0) {
          const last = Math.max(...convs.map((c) => c.startedAt.getTime()));
          expect(convs.some((c) => c.startedAt.getTime() === last && `conversation_${c.kind}` === stage)).toBe(true);
        }
      }),
    );
  });
});

describe('daysWaiting', () => {
  const facts = {
    unheldSince: at('2026-09-01T10:00:00Z'),
    lastActivityAt: at('2026-11-30T10:00:00Z'),
  };
  it('counts an unheld story from when it went on the board, a held one from its last activity', () => {
    const now = at('2026-12-04T09:00:00Z');
    expect(daysWaiting({ ...facts, held: false }, now)).toBe(93);
    expect(daysWaiting({ ...facts, held: true }, now)).toBe(3);
    expect(waitingSince({ ...facts, held: true })).toEqual(facts.lastActivityAt);
  });
  it('is whole days, never negative, and grows with time', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: -10 * DAY, max: 400 * DAY }),
        fc.integer({ min: 0, max: 30 * DAY }),
        (held, offset, later) => {
          const since = at('2026-06-01T00:00:00Z');
          const now = new Date(since.getTime() + offset);
          const f = { held, unheldSince: since, lastActivityAt: since };
          const days = daysWaiting(f, now);
          expect(Number.isInteger(days)).toBe(true);
          expect(days).toBeGreaterThanOrEqual(0);
          expect(daysWaiting(f, new Date(now.getTime() + later))).toBeGreaterThanOrEqual(days);
        },
      ),
    );
  });
});

describe('storyUrgency', () => {
  it('puts overdue conversation 2 touchpoints first, then conversation 2, then long waits', () => {
    expect(storyUrgency({ stage: 'conversation_2', held: true, daysWaiting: 0, daysSinceTouchpoint: 4 }).level).toBe(
      'touchpoint_overdue',
    );
    expect(storyUrgency({ stage: 'conversation_2', held: true, daysWaiting: 0, daysSinceTouchpoint: 3 }).level).toBe(
      'conversation_2',
    );
    expect(
      storyUrgency({ stage: 'conversation_1', held: false, daysWaiting: 15, daysSinceTouchpoint: null }).level,
    ).toBe('waiting_long');
    expect(storyUrgency({ stage: 'contact', held: false, daysWaiting: 14, daysSinceTouchpoint: null }).level).toBe(
      'routine',
    );
  });
  it('flags an at-risk story nobody has held for longer than the touchpoint gap', () => {
    const u = storyUrgency({ stage: 'conversation_2', held: false, daysWaiting: 90, daysSinceTouchpoint: null });
    expect(u.atRiskUnheld).toBe(true);
    expect(
      storyUrgency({ stage: 'conversation_2', held: true, daysWaiting: 90, daysSinceTouchpoint: 1 }).atRiskUnheld,
    ).toBe(false);
    expect(
      storyUrgency({ stage: 'conversation_1', held: false, daysWaiting: 90, daysSinceTouchpoint: null }).atRiskUnheld,
    ).toBe(false);
  });
  it('ranks every conversation 2 story ahead of every other story, and rank matches level', () => {
    const facts = fc.record({
      stage: fc.constantFrom(...storyStages),
      held: fc.boolean(),
      daysWaiting: fc.integer({ min: 0, max: 1000 }),
      daysSinceTouchpoint: fc.option(fc.integer({ min: 0, max: 100 })),
    });
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        const ua = storyUrgency(a);
        const ub = storyUrgency(b);
        expect(urgencyLevels[ua.rank]).toBe(ua.level);
        if (a.stage === 'conversation_2' && b.stage !== 'conversation_2') expect(ua.rank).toBeLessThan(ub.rank);
        if (ua.touchpointOverdue) expect(ua.rank).toBe(0);
      }),
    );
  });
});

describe('compareByUrgency', () => {
  it('is a total order: antisymmetric, transitive, equal only for the same story', () => {
    const key = fc.record({
      rank: fc.integer({ min: 0, max: 3 }),
      waitingSince: fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2026-01-03T00:00:00Z'), noInvalidDate: true }),
      storyId: fc.constantFrom('a', 'b', 'c', 'd'),
    });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 12 }), (keys: QueueKey[]) => {
        const sorted = [...keys].sort(compareByUrgency);
        for (let i = 1; i < sorted.length; i++) {
          expect(compareByUrgency(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0);
          expect(sorted[i - 1]!.rank).toBeLessThanOrEqual(sorted[i]!.rank);
        }
        for (const a of keys)
          for (const b of keys) expect(Math.sign(compareByUrgency(a, b)) + Math.sign(compareByUrgency(b, a))).toBe(0);
      }),
    );
  });
});

describe('isStoryAuthor', () => {
  it('is the holder or anyone who led a conversation, nobody else', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom<string>('u1', 'u2', 'u3')),
        fc.array(fc.constantFrom<string>('u1', 'u2', 'u3'), { maxLength: 3 }),
        fc.constantFrom<string>('u1', 'u2', 'u3', 'u4'),
        (heldById, conversationAuthorIds, userId) => {
          expect(isStoryAuthor({ heldById, conversationAuthorIds }, userId)).toBe(
            heldById === userId || conversationAuthorIds.includes(userId),
          );
        },
      ),
    );
    expect(isStoryAuthor({ heldById: null, conversationAuthorIds: [] }, 'u4')).toBe(false);
  });
});
