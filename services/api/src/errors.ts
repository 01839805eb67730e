import type { ProblemBody } from './schemas/common.js';

export type FieldIssue = NonNullable<ProblemBody['errors']>[number];

/**
 * A problem the API answers on purpose. Services throw these with a stable code; the problem
 * plugin turns them into RFC 9457 documents.
 */
export class AppProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldIssue[],
    readonly headers: Record<string, string> = {},
    readonly extensions: Pick<ProblemBody, 'candidates' | 'rules'> = {},
  ) {
    super(detail ?? title);
    this.name = 'AppProblem';
  }
}

export const notFound = (what = 'resource') => new AppProblem(404, 'not_found', 'Not found', `No such ${what}.`);

/** A restricted record opened without saying why. */
export const reasonRequired = () =>
  new AppProblem(
    403,
    'reason_required',
    'Reason required',
    'This person’s record is restricted: say why you are opening it (X-Access-Reason).',
  );

/**
 * The rule for opening anything about a restricted person: without `people:restricted` it does
 * not exist (`hidden`, a 404 naming what was asked for); with it, a reason must be given.
 */
export function assertMayOpen(
  person: { restricted: boolean } | null | undefined,
  principal: { permissions: ReadonlySet<string> },
  reason: string | undefined,
  hidden: () => AppProblem,
): void {
  if (!person) throw hidden();
  if (!person.restricted) return;
  if (!principal.permissions.has('people:restricted')) throw hidden();
  if (!reason?.trim()) throw reasonRequired();
}

export const unauthenticated = () =>
  new AppProblem(
    401,
    'unauthenticated',
    'Sign-in required',
    'No valid session or access token was presented.',
    undefined,
    {
      'www-authenticate': 'Bearer realm="threefold"',
    },
  );

export const forbidden = (detail = 'You do not have permission to do this.') =>
  new AppProblem(403, 'forbidden', 'Forbidden', detail);

export const invalidField = (field: string, message: string, location: FieldIssue['in'] = 'body') =>
  new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', [
    { in: location, field, pointer: `/${field.split('.').join('/')}`, message },
  ]);

/** A rule breach: 409 with a stable code naming it, and every problem found in `rules`. */
export function ruleBreach(
  code: string,
  title: string,
  problems: readonly { code: string; detail: string }[],
  lead?: string,
): AppProblem {
  return new AppProblem(
    409,
    code,
    title,
    [lead, ...problems.map((p) => p.detail)].filter(Boolean).join(' '),
    undefined,
    {},
    { rules: problems.map((p) => ({ code: p.code, detail: p.detail })) },
  );
}
