import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type Concern = Schemas['SafeguardingConcern'];
export type Matter = Schemas['SafeguardingMatter'];
export type Enquiry = Schemas['SafeguardingEnquiry'];
export type NewConcern = Schemas['NewSafeguardingConcern'];
export type Decision = Schemas['SafeguardingDecision'];
export type EnquiryChanges = Schemas['SafeguardingEnquiryChanges'];
export type Conclusion = Schemas['SafeguardingConclusion'];
export type PersonSafeguarding = Schemas['PersonSafeguarding'];
export type Criteria = Schemas['Section42Criteria'];

/** A full record, or only "a safeguarding matter exists, ask X". */
export function isMatter(value: Concern | Enquiry | Matter): value is Matter {
  return 'restricted' in value && value.restricted === true;
}

/** The calls for safeguarding, on the console's typed client. */
export function safeguardingApi(client: ThreefoldClient) {
  return {
    raise: (body: NewConcern) => settle(client.POST('/v1/safeguarding/concerns', { body })),
    queue: (query: { status?: 'awaiting_decision' | 'enquiry' | 'no_enquiry'; cursor?: string } = {}) =>
      settle(client.GET('/v1/safeguarding/concerns', { params: { query }, cache: 'no-store' })),
    concern: (id: string) =>
      settle(client.GET('/v1/safeguarding/concerns/{id}', { params: { path: { id } }, cache: 'no-store' })),
    decide: (id: string, body: Decision) =>
      settle(client.POST('/v1/safeguarding/concerns/{id}/decision', { params: { path: { id } }, body })),
    enquiries: (query: { status?: 'open' | 'concluded' | 'ended_at_persons_request'; cursor?: string } = {}) =>
      settle(client.GET('/v1/safeguarding/enquiries', { params: { query }, cache: 'no-store' })),
    enquiry: (id: string) =>
      settle(client.GET('/v1/safeguarding/enquiries/{id}', { params: { path: { id } }, cache: 'no-store' })),
    record: (id: string, etag: string, body: EnquiryChanges) =>
      settle(
        client.PATCH('/v1/safeguarding/enquiries/{id}', {
          params: { path: { id }, header: { 'if-match': etag } },
          body,
        }),
      ),
    conclude: (id: string, body: Conclusion) =>
      settle(client.POST('/v1/safeguarding/enquiries/{id}/conclusion', { params: { path: { id } }, body })),
    endEarly: (id: string, reason: string) =>
      settle(client.POST('/v1/safeguarding/enquiries/{id}/end-early', { params: { path: { id } }, body: { reason } })),
    involve: (id: string, userId: string, role: string) =>
      settle(
        client.POST('/v1/safeguarding/enquiries/{id}/involvements', {
          params: { path: { id } },
          body: { userId, role },
        }),
      ),
    ofPerson: (personId: string) =>
      settle(client.GET('/v1/people/{id}/safeguarding', { params: { path: { id: personId } }, cache: 'no-store' })),
  };
}

export type SafeguardingApi = ReturnType<typeof safeguardingApi>;

export function useSafeguardingApi(): SafeguardingApi {
  return safeguardingApi(useApi());
}
