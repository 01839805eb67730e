import { isProblem, type Problem } from '@threefold/api-client';

export type { Problem };
export type FieldError = NonNullable<Problem['errors']>[number];

/** A problem made in the browser, for things that never reached the API. */
function localProblem(code: string, title: string, detail?: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:threefold:problem:${code}`,
    title,
    status: code === 'network_error' ? 503 : 400,
    code,
    // Empty: there is no request on the server to quote when asking for help.
    requestId: '',
    ...(detail ? { detail } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

/** The browser could not reach the API at all (offline, DNS, the server restarting). */
export function networkProblem(): Problem {
  return localProblem(
    'network_error',
    'Threefold could not be reached',
    'Check your connection and try again. What you typed is still here.',
  );
}

/** Field errors found before sending anything, in the same shape the API uses. */
export function validationProblem(errors: Record<string, string | undefined>): Problem | null {
  const list: FieldError[] = Object.entries(errors)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length > 0)
    .map(([field, message]) => ({ in: 'body', field, pointer: `/${field.replaceAll('.', '/')}`, message }));
  return list.length ? localProblem('validation_failed', 'Check what you entered', undefined, list) : null;
}

/** Turns any error answer into a problem document, even when the body is not one (a proxy's HTML page, say). */
export function toProblem(status: number, body: unknown): Problem {
  if (isProblem(body)) return body;
  return {
    type: 'about:blank',
    title: status >= 500 ? 'Threefold is having trouble' : 'That did not work',
    status,
    code: `http_${status}`,
    requestId: '',
    detail:
      status >= 500
        ? 'Something went wrong on our side. Try again in a moment; if it keeps happening, tell your practice administrator.'
        : `The server answered with status ${status}.`,
  };
}

/** The first message for each field the problem names, e.g. `{ email: 'Enter your email address' }`. */
export function fieldErrors(problem: Problem | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    result[error.field] ??= error.message;
  }
  return result;
}
