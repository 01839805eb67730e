import type { operations, Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type Contact = Schemas['Contact'];
export type NewContact = Schemas['NewContact'];
export type ContactOutcomeRequest = Schemas['ContactOutcomeRequest'];
export type ContactQuery = NonNullable<operations['listContacts']['parameters']['query']>;

/** The front door's calls, on the console's typed client. */
export function frontDoorApi(client: ThreefoldClient) {
  return {
    /** The key makes a retry (a double click, a dropped connection) record the contact once. */
    record: (body: NewContact, idempotencyKey: string) =>
      settle(client.POST('/v1/contacts', { params: { header: { 'idempotency-key': idempotencyKey } }, body })),
    list: (query: ContactQuery) => settle(client.GET('/v1/contacts', { params: { query }, cache: 'no-store' })),
    get: (id: string) => settle(client.GET('/v1/contacts/{id}', { params: { path: { id } }, cache: 'no-store' })),
    recordOutcome: (id: string, body: ContactOutcomeRequest) =>
      settle(client.POST('/v1/contacts/{id}/outcome', { params: { path: { id } }, body })),
  };
}

export type FrontDoorApi = ReturnType<typeof frontDoorApi>;

export function useFrontDoorApi(): FrontDoorApi {
  return frontDoorApi(useApi());
}

/** Every page of a list, up to `max` contacts (a day at the front door is far fewer). */
export async function listAll(api: FrontDoorApi, query: Omit<ContactQuery, 'cursor' | 'limit'>, max = 1000) {
  const items: Contact[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await api.list({ ...query, limit: 200, ...(cursor ? { cursor } : {}) });
    if (!page.ok) return page;
    items.push(...page.data.items);
    if (!page.data.nextCursor || items.length >= max) {
      return { ok: true as const, data: { items, complete: !page.data.nextCursor } };
    }
    cursor = page.data.nextCursor;
  }
}
