import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppProblem } from '../errors.js';

/** Strong ETag for a row version: `"<id>.v<version>"`, so an ETag never matches another resource. */
export function etagOf(id: string, version: number): string {
  return `"${id}.v${version}"`;
}

export function sendWithEtag<T>(reply: FastifyReply, id: string, version: number, body: T): T {
  reply.header('etag', etagOf(id, version));
  return body;
}

/**
 * The version an update may apply to. Updates must say which version they read (`If-Match`):
 * missing → 428, not this resource's current ETag → 412. The caller then updates with
 * `where version = expected`; zero rows updated means someone else won, also 412.
 */
export function expectedVersion(request: FastifyRequest, id: string): number {
  const header = request.headers['if-match'];
  if (!header) {
    throw new AppProblem(
      428,
      'precondition_required',
      'If-Match required',
      'Send the ETag you read in an If-Match header.',
    );
  }
  const match = /^(?:W\/)?"([^"]+)\.v(\d+)"$/.exec(header.trim());
  if (!match || match[1] !== id) throw staleVersion();
  return Number(match[2]);
}

export const staleVersion = () =>
  new AppProblem(
    412,
    'stale_version',
    'Changed since you read it',
    'Someone else changed this first. Reload it and try again.',
  );
