import type { NoteKind } from './api';

/** How each kind of note reads, in the practice's words. */
export const noteKindWords: Readonly<Record<NoteKind, string>> = {
  visit: 'Visit',
  phone_call: 'Phone call',
  meeting: 'Meeting',
  email_or_letter: 'Email or letter',
  observation: 'Observation',
  management_oversight: 'Management oversight',
};

export const noteKindOptions = (Object.keys(noteKindWords) as NoteKind[]).map((value) => ({
  value,
  label: noteKindWords[value],
}));

/** A `datetime-local` value (the browser's local time) for an instant, and back. */
export function localInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
export function instantOf(local: string): string | null {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
