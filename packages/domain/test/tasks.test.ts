import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../src/calendar.js';
import { nextTouchpointDue, taskChangeProblems, taskOverdue, taskSourceKey } from '../src/tasks.js';

describe('nextTouchpointDue', () => {
  it('counts from the plan start when nobody has been in touch', () => {
    expect(nextTouchpointDue([], '2026-11-02', 3)).toBe('2026-11-05');
  });
  it('counts from the last touchpoint’s day in England, whatever the hour', () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in England (summer time).
    expect(nextTouchpointDue([new Date('2026-07-01T23:30:00Z')], '2026-06-29', 3)).toBe('2026-07-05');
  });
  it('ignores touchpoints before the plan started', () => {
    expect(nextTouchpointDue([new Date('2026-10-01T10:00:00Z')], '2026-11-02', 3)).toBe('2026-11-05');
  });
  it('is never earlier than the gap after any touchpoint or the start (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 14 }),
        (offsets, gap) => {
          const start = '2026-01-05';
          const instants = offsets.map((d) => new Date(`${addDays(start, d)}T12:00:00Z`));
          const due = nextTouchpointDue(instants, start, gap);
          const last = offsets.length ? Math.max(...offsets) : 0;
          expect(daysBetween(start, due)).toBe(last + gap);
        },
      ),
    );
  });
  it('refuses a gap under a day', () => {
    expect(() => nextTouchpointDue([], '2026-11-02', 0)).toThrow(RangeError);
  });
});

describe('taskChangeProblems', () => {
  const forMe = { assigneeId: 'u1', teamId: null };
  it('lets an open task change and close', () => {
    expect(taskChangeProblems('open', { edits: true, status: 'done', ...forMe })).toEqual([]);
  });
  it('keeps a closed task as it was, unless reopened on its own', () => {
    expect(taskChangeProblems('done', { edits: true, ...forMe }).map((p) => p.code)).toEqual(['task_closed']);
    expect(taskChangeProblems('cancelled', { edits: false, status: 'done', ...forMe }).map((p) => p.code)).toEqual([
      'task_closed',
    ]);
    expect(taskChangeProblems('done', { edits: false, status: 'open', ...forMe })).toEqual([]);
    expect(taskChangeProblems('done', { edits: true, status: 'open', ...forMe }).map((p) => p.code)).toEqual([
      'task_closed',
    ]);
  });
  it('always has someone to do it', () => {
    expect(taskChangeProblems('open', { edits: true, assigneeId: null, teamId: null }).map((p) => p.code)).toEqual([
      'task_unassigned',
    ]);
  });
});

describe('taskOverdue and source keys', () => {
  it('is overdue the day after it was due, only while open', () => {
    expect(taskOverdue({ status: 'open', dueOn: '2026-11-02' }, '2026-11-02')).toBe(false);
    expect(taskOverdue({ status: 'open', dueOn: '2026-11-02' }, '2026-11-03')).toBe(true);
    expect(taskOverdue({ status: 'done', dueOn: '2026-11-02' }, '2026-11-03')).toBe(false);
  });
  it('keys an automatic task by its clock and due day', () => {
    expect(taskSourceKey('review', 'r1', '2026-11-02')).toBe('review:r1:2026-11-02');
  });
});
