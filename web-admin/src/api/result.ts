import type { Problem } from '@threefold/api-client';
import { networkProblem, toProblem } from './problems';

/** What a call to the API came to: the data (and the ETag, for things that can be changed), or a problem. */
export type ApiResult<T> =
  | { ok: true; data: T; etag: string | null }
  | {
      ok: false;
      problem: Problem;
      /** The HTTP status, or 0 when the API could not be reached. */
      status: number;
      /** From a 429's Retry-After header, when the API sends one. */
      retryAfterSeconds?: number;
    };

/** The shape openapi-fetch answers with. */
interface FetchAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Turns a call of the generated client into an ApiResult: never throws, and every failure —
 * network, time-out, an error status, an answer that is not JSON — becomes a problem document
 * the page can show.
 */
export async function settle<T>(call: Promise<FetchAnswer<T>>): Promise<ApiResult<T>> {
  let answer: FetchAnswer<T>;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof SyntaxError) {
      return { ok: false, problem: toProblem(502, undefined), status: 502 };
    }
    return { ok: false, problem: networkProblem(), status: 0 };
  }
  const { response } = answer;
  if (response.ok) return { ok: true, data: answer.data as T, etag: response.headers.get('etag') };
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return {
    ok: false,
    problem: toProblem(response.status, answer.error),
    status: response.status,
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}
