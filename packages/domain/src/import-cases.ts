/**
 * Open cases brought in from a council's system: each becomes a story on an imported person, at
 * the stage the council had reached (contact, or conversation 1 "listen and connect", 2 "at risk:
 * intensive support", 3 "a good life and a fair budget"), held by a colleague named by email.
 */
import type { FieldProblem, ImportField } from './imports.js';
import { storyStages } from './stories.js';

export const caseImportFields: Readonly<Record<string, ImportField>> = {
  /** The council's id of the person (imported first, from the same system). */
  personId: { type: 'reference', required: true, maxLength: 200 },
  /** Where the case stands: one of `caseStages` (a council's own stage names reach it through a value map). */
  stage: { type: 'code', required: true, maxLength: 40 },
  /** When the case opened. */
  openedAt: { type: 'timestamp', required: true },
  /** The colleague holding it, by their email; blank leaves it on the team's board. */
  heldBy: { type: 'text', maxLength: 320 },
  /** What matters to the person, as the council recorded it: the open conversation starts from it. */
  whatMatters: { type: 'text', maxLength: 4000 },
  /** Open (or blank): only open cases are imported; a closed one is history, not work in hand. */
  status: { type: 'text', maxLength: 20 },
};

/** The stages an imported case can stand at: a story's stages. */
export const caseStages = storyStages;

/**
 * A value map from the words councils commonly use for the three conversations to the stages
 * (documented for mappings; a mapping still lists its own).
 */
export const caseStageWords: Readonly<Record<string, (typeof storyStages)[number]>> = {
  contact: 'contact',
  connect: 'conversation_1',
  at_risk: 'conversation_2',
  good_life: 'conversation_3',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The case rules beyond each field's own: the holder's email is an email; the case is open. */
export function caseRowProblems(values: Readonly<Record<string, string | boolean | null>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const heldBy = values.heldBy;
  if (typeof heldBy === 'string' && !EMAIL.test(heldBy))
    problems.push({ field: 'heldBy', code: 'invalid_email', reason: `"${heldBy}" is not an email address` });
  const status = values.status;
  if (typeof status === 'string' && status.toLowerCase() !== 'open')
    problems.push({
      field: 'status',
      code: 'case_not_open',
      reason: `the case is ${status}: only open cases are imported (closed ones are history)`,
    });
  return problems;
}
