import type { EligibilityInputProblem } from '@threefold/domain';
import { AppProblem, invalidField, notFound } from '../../errors.js';

export const determinationNotFound = () => notFound('eligibility determination');

export const conversationNotFound = () => invalidField('conversationId', 'is not a known conversation');

/** Eligibility leads to a budget, so it follows the peer-gated conversation 3, never 1 or 2. */
export const notConversationThree = (kind: number) =>
  new AppProblem(
    409,
    'eligibility_needs_conversation_3',
    'Eligibility is decided in conversation 3',
    `This is conversation ${kind}. Eligibility is decided in conversation 3 (a good life and a fair budget), which opens once a peer has agreed conversations 1 and 2 did not resolve things.`,
  );

export const storyClosed = () =>
  new AppProblem(409, 'story_closed', 'Story closed', 'This story is closed; open a new one to decide eligibility.');

export const caredForRequired = () =>
  invalidField('caredForPersonId', "is required for a carer's determination: the adult they care for");

export const caredForNotAllowed = () => invalidField('caredForPersonId', "is only for a carer's determination");

export const caredForUnknown = () => invalidField('caredForPersonId', 'is not a known person');

export const caredForIsCarer = () => invalidField('caredForPersonId', 'cannot be the carer themselves');

/** Each input the rules cannot decide on, with the field at fault. */
export const inputsInvalid = (problems: EligibilityInputProblem[]) =>
  new AppProblem(
    400,
    'validation_failed',
    'Invalid request',
    problems.map((p) => p.detail).join(' '),
    problems.map((p) => ({
      in: 'body' as const,
      field: `inputs${p.field.split('/').join('.')}`,
      pointer: `/inputs${p.field}`,
      message: p.detail,
    })),
  );
