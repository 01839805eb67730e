import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  noteChangeProblems,
  noteVisibility,
  permissionsOfRoles,
  roles,
  type NoteParent,
  type NoteReader,
} from '../src/index.js';

const parent = (over: Partial<NoteParent> = {}): NoteParent => ({
  authorId: 'author',
  status: 'final',
  personRestricted: false,
  safeguarding: false,
  ...over,
});
const reader = (userId: string, roleList: (typeof roles)[number][], involvedInEnquiry = false): NoteReader => ({
  userId,
  permissions: permissionsOfRoles(roleList),
  involvedInEnquiry,
});

describe('changing a note', () => {
  it('lets the author change a draft freely, and no one else', () => {
    const change = { changesText: true, changesFacts: true, finalise: true };
    expect(noteChangeProblems('draft', true, change)).toEqual([]);
    expect(noteChangeProblems('draft', false, change).map((p) => p.code)).toEqual(['draft_not_yours']);
  });

  it('refuses an amendment reason on a draft: there is nothing final to amend', () => {
    const codes = noteChangeProblems('draft', true, {
      changesText: true,
      changesFacts: false,
      finalise: false,
      amendmentReason: 'typo',
    }).map((p) => p.code);
    expect(codes).toEqual(['draft_needs_no_amendment_reason']);
  });

  it('amends a final note only with a reason and new text, never its facts', () => {
    expect(
      noteChangeProblems('final', true, {
        changesText: true,
        changesFacts: false,
        finalise: false,
        amendmentReason: 'Wrong date of the visit named',
      }),
    ).toEqual([]);
    expect(
      noteChangeProblems('final', false, { changesText: true, changesFacts: true, finalise: false }).map((p) => p.code),
    ).toEqual(['final_note_facts_fixed', 'amendment_reason_required']);
    expect(
      noteChangeProblems('final', true, {
        changesText: false,
        changesFacts: false,
        finalise: true,
        amendmentReason: ' ',
      }).map((p) => p.code),
    ).toEqual(['already_final', 'amendment_changes_nothing', 'amendment_reason_required']);
  });

  it('never lets a final note change without a reason (property)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (isAuthor, text, facts, finalise) => {
        const problems = noteChangeProblems('final', isAuthor, { changesText: text, changesFacts: facts, finalise });
        expect(problems.map((p) => p.code)).toContain('amendment_reason_required');
      }),
    );
  });
});

describe('who reads a note', () => {
  it('keeps a draft for its author alone', () => {
    expect(noteVisibility(parent({ status: 'draft' }), reader('author', ['practitioner']))).toBe('visible');
    expect(noteVisibility(parent({ status: 'draft' }), reader('other', ['safeguarding_lead']))).toBe('hidden');
  });

  it('hides a restricted person’s notes from anyone without people:restricted', () => {
    const note = parent({ personRestricted: true });
    expect(noteVisibility(note, reader('other', ['practitioner']))).toBe('hidden');
    expect(noteVisibility(note, reader('other', ['safeguarding_lead']))).toBe('visible');
  });

  it('shows a safeguarding note to the lead, colleagues involved and its author only', () => {
    const note = parent({ safeguarding: true });
    expect(noteVisibility(note, reader('other', ['practitioner']))).toBe('hidden');
    expect(noteVisibility(note, reader('other', ['practitioner'], true))).toBe('visible');
    expect(noteVisibility(note, reader('other', ['safeguarding_lead']))).toBe('visible');
    expect(noteVisibility(note, reader('author', ['practitioner']))).toBe('visible');
  });

  it('never shows a note that its parent would hide (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          authorId: fc.constantFrom('a', 'b'),
          status: fc.constantFrom('draft' as const, 'final' as const),
          personRestricted: fc.boolean(),
          safeguarding: fc.boolean(),
        }),
        fc.constantFrom('a', 'b', 'c'),
        fc.subarray([...roles]),
        fc.boolean(),
        (note, userId, roleList, involved) => {
          const r = reader(userId, roleList, involved);
          const visible = noteVisibility(note, r) === 'visible';
          const isAuthor = userId === note.authorId;
          if (note.status === 'draft' && !isAuthor) expect(visible).toBe(false);
          if (note.personRestricted && !r.permissions.has('people:restricted')) expect(visible).toBe(false);
          if (note.safeguarding && !isAuthor && !involved && !r.permissions.has('safeguarding:read')) {
            expect(visible).toBe(false);
          }
        },
      ),
    );
  });
});
