import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';
import { accessReasonHeader } from '@/api/accessReason';

export type Person = Schemas['Person'];
export type PersonMatch = Schemas['PersonMatch'];
export type NewPerson = Schemas['NewPerson'];
export type PersonChanges = Schemas['PersonChanges'];
export type PersonVersion = Schemas['PersonVersion'];
export type Relationship = Schemas['Relationship'];
export type RelationshipType = Schemas['RelationshipType'];
export type NewRelationship = Schemas['NewRelationship'];
export type PersonCodeLists = Schemas['PersonCodeLists'];

/** How many matches the search box asks for at a time. */
export const SEARCH_PAGE_SIZE = 20;

/**
 * The people calls, on the console's typed client. Reads of a record skip the browser's cache,
 * so the ETag sent back with a correction is the one just read.
 */
export function peopleApi(client: ThreefoldClient) {
  return {
    /** The national-list choices for the coded fields the returns need. */
    codeLists: () => settle(client.GET('/v1/returns/person-code-lists', { cache: 'no-store' })),
    search: (q: string, cursor?: string) =>
      settle(
        client.GET('/v1/people', {
          params: { query: { q, limit: SEARCH_PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
          cache: 'no-store',
        }),
      ),
    get: (id: string, reason?: string) =>
      settle(
        client.GET('/v1/people/{id}', {
          params: { path: { id }, header: accessReasonHeader(reason) },
          cache: 'no-store',
        }),
      ),
    /** The key makes a retry (a double click, a dropped connection) record the person once. */
    create: (body: NewPerson, idempotencyKey: string) =>
      settle(client.POST('/v1/people', { body, headers: { 'idempotency-key': idempotencyKey } })),
    correct: (id: string, etag: string, body: PersonChanges) =>
      settle(client.PATCH('/v1/people/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body })),
    history: (id: string, reason?: string) =>
      settle(
        client.GET('/v1/people/{id}/history', {
          params: { path: { id }, header: accessReasonHeader(reason) },
          cache: 'no-store',
        }),
      ),
    relationships: (id: string, reason?: string) =>
      settle(
        client.GET('/v1/people/{id}/relationships', {
          params: { path: { id }, header: accessReasonHeader(reason) },
          cache: 'no-store',
        }),
      ),
    relate: (id: string, body: NewRelationship) =>
      settle(client.POST('/v1/people/{id}/relationships', { params: { path: { id } }, body })),
  };
}

export type PeopleApi = ReturnType<typeof peopleApi>;

export function usePeopleApi(): PeopleApi {
  return peopleApi(useApi());
}

/**
 * An Idempotency-Key per distinct request: a retry of the same thing reuses it (so it is done
 * once), while a changed form gets a new one (the API refuses a key reused for something else).
 */
export function idempotencyKeys() {
  let last: { body: string; key: string } | null = null;
  return (body: unknown): string => {
    const text = JSON.stringify(body);
    if (last?.body !== text) last = { body: text, key: `console-${crypto.randomUUID()}` };
    return last.key;
  };
}
