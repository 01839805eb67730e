import type { RuleProblem } from '@threefold/domain';
import { AppProblem } from '../../errors.js';

/** A rule breach: 409 with a stable code naming it, and every problem found in `rules`. */
export function ruleBreach(code: string, title: string, problems: RuleProblem[]): AppProblem {
  return new AppProblem(
    409,
    code,
    title,
    problems.map((p) => p.detail).join(' '),
    undefined,
    {},
    {
      rules: problems.map((p) => ({ code: p.code, detail: p.detail })),
    },
  );
}

export const alreadyDecided = () =>
  new AppProblem(
    409,
    'already_decided',
    'Already decided',
    'The section 42 decision on this concern is already recorded.',
  );

export const enquiryClosed = () =>
  new AppProblem(
    409,
    'enquiry_closed',
    'Enquiry closed',
    'This enquiry has concluded or ended; it can no longer change.',
  );

export const notInvolved = (askName: string) =>
  new AppProblem(
    403,
    'not_involved_in_enquiry',
    'Not involved in this enquiry',
    `Only the safeguarding lead and colleagues involved in the enquiry can do this. Ask ${askName}.`,
  );
