import type { Problem } from './problems';

/**
 * The header a restricted person's record needs: why it is being opened ("break glass"), kept in
 * the audit trail with who opened it and when. None without a reason.
 */
export const accessReasonHeader = (reason: string | undefined): { 'x-access-reason'?: string } =>
  reason ? { 'x-access-reason': reason } : {};

/** The API's answer to opening a restricted person's record without saying why. */
export const needsReason = (failure: { status: number; problem: Pick<Problem, 'code'> }): boolean =>
  failure.status === 403 && failure.problem.code === 'reason_required';
