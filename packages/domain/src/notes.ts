/**
 * Case notes: the practice's running record of what happened with a person ("proportionate but
 * accountable case-working and recording"). A note is written for the person to read. A draft is
 * the author's alone and may change; once final it is never edited in place — an amendment
 * appends a new version with its reason, and the history keeps every version (UK GDPR Art 16
 * rectification without losing what was recorded; the Care Act statutory guidance on
 * recording, 10.86–10.87 and 14.173 on keeping accurate records of safeguarding work).
 */
import type { RuleProblem } from './conversations.js';
import type { Permission } from './permissions.js';

/** How the note's event happened. */
export const noteKinds = [
  'visit',
  'phone_call',
  'meeting',
  'email_or_letter',
  'observation',
  'management_oversight',
] as const;
export type NoteKind = (typeof noteKinds)[number];

export const noteStatuses = ['draft', 'final'] as const;
export type NoteStatus = (typeof noteStatuses)[number];

/** What a change to a note asks for: edits, finalising a draft, or amending a final note. */
export interface NoteChange {
  /** True when the text (or its summary) changes. */
  changesText: boolean;
  /** True when kind, time or links change. */
  changesFacts: boolean;
  finalise: boolean;
  amendmentReason?: string | undefined;
}

/**
 * Whether a change may be made to a note in `status` by `isAuthor`. Drafts: only their author,
 * no amendment reason (nothing final to amend). Final notes: only a text amendment with a reason;
 * the facts of what happened (kind, time, links) stay as recorded.
 */
export function noteChangeProblems(status: NoteStatus, isAuthor: boolean, change: NoteChange): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (status === 'draft') {
    if (!isAuthor)
      problems.push({ code: 'draft_not_yours', detail: 'Only the colleague writing a draft can change it.' });
    if (change.amendmentReason !== undefined) {
      problems.push({
        code: 'draft_needs_no_amendment_reason',
        detail: 'A draft is not yet part of the record: change it directly, without an amendment reason.',
      });
    }
    return problems;
  }
  if (change.finalise) problems.push({ code: 'already_final', detail: 'This note is already final.' });
  if (change.changesFacts) {
    problems.push({
      code: 'final_note_facts_fixed',
      detail: 'A final note keeps its kind, time and links as recorded; amend its text, or write a new note.',
    });
  }
  if (!change.changesText) {
    problems.push({ code: 'amendment_changes_nothing', detail: 'An amendment changes the note’s text.' });
  }
  if (!change.amendmentReason?.trim()) {
    problems.push({
      code: 'amendment_reason_required',
      detail: 'A final note is never edited in place: say why it is being amended, and the earlier version is kept.',
    });
  }
  return problems;
}

/** What the record a note hangs off asks of its reader. */
export interface NoteParent {
  authorId: string;
  status: NoteStatus;
  /** The person's record is restricted. */
  personRestricted: boolean;
  /** The note is about a safeguarding concern or enquiry. */
  safeguarding: boolean;
}

export interface NoteReader {
  userId: string | null;
  permissions: ReadonlySet<Permission>;
  /** The reader is involved in the safeguarding enquiry the note is about (or its concern's). */
  involvedInEnquiry: boolean;
}

export type NoteVisibility = 'visible' | 'hidden';

/**
 * Who may read a note: the same rules as its parent. A draft is its author's alone. A restricted
 * person's notes are hidden from anyone without `people:restricted` (they never learn the note
 * exists). A safeguarding note's detail is for the safeguarding lead and colleagues involved in
 * the enquiry — and its own author. Everyone else sees nothing of it.
 */
export function noteVisibility(note: NoteParent, reader: NoteReader): NoteVisibility {
  const isAuthor = reader.userId !== null && reader.userId === note.authorId;
  if (note.status === 'draft' && !isAuthor) return 'hidden';
  if (note.personRestricted && !reader.permissions.has('people:restricted')) return 'hidden';
  if (note.safeguarding && !isAuthor && !reader.permissions.has('safeguarding:read') && !reader.involvedInEnquiry) {
    return 'hidden';
  }
  return 'visible';
}
