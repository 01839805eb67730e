import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';
import { accessReasonHeader } from '@/api/accessReason';

export type Warning = Schemas['Warning'];
export type NewWarning = Schemas['NewWarning'];
export type WarningReview = Schemas['WarningReview'];
export type ChronologyEntry = Schemas['ChronologyEntry'];
export type ChronologyKind = Schemas['ChronologyKind'];

/** How many chronology entries the console asks for at a time. */
export const CHRONOLOGY_PAGE_SIZE = 50;

/** A person's warnings and chronology, on the console's typed client. */
export function caseworkApi(client: ThreefoldClient) {
  return {
    warnings: (personId: string, includeEnded: boolean, reason?: string) =>
      settle(
        client.GET('/v1/people/{id}/warnings', {
          params: {
            path: { id: personId },
            query: includeEnded ? { include: 'ended' } : {},
            header: accessReasonHeader(reason),
          },
          cache: 'no-store',
        }),
      ),
    addWarning: (personId: string, body: NewWarning, reason?: string) =>
      settle(
        client.POST('/v1/people/{id}/warnings', {
          params: { path: { id: personId }, header: accessReasonHeader(reason) },
          body,
        }),
      ),
    reviewWarning: (id: string, body: WarningReview, reason?: string) =>
      settle(
        client.POST('/v1/warnings/{id}/review', { params: { path: { id }, header: accessReasonHeader(reason) }, body }),
      ),
    endWarning: (id: string, why: string, reason?: string) =>
      settle(
        client.POST('/v1/warnings/{id}/end', {
          params: { path: { id }, header: accessReasonHeader(reason) },
          body: { reason: why },
        }),
      ),
    chronology: (
      personId: string,
      filter: { kinds?: ChronologyKind[]; from?: string; to?: string; cursor?: string },
      reason?: string,
    ) =>
      settle(
        client.GET('/v1/people/{id}/chronology', {
          params: {
            path: { id: personId },
            query: {
              limit: CHRONOLOGY_PAGE_SIZE,
              ...(filter.kinds?.length ? { kinds: filter.kinds } : {}),
              ...(filter.from ? { from: filter.from } : {}),
              ...(filter.to ? { to: filter.to } : {}),
              ...(filter.cursor ? { cursor: filter.cursor } : {}),
            },
            header: accessReasonHeader(reason),
          },
          cache: 'no-store',
        }),
      ),
  };
}

export function useCaseworkApi() {
  return caseworkApi(useApi());
}

/** Where the printable chronology is, with the same filters (opened in a new tab; the session cookie goes with it). */
export function chronologyPdfHref(personId: string, filter: { kinds?: ChronologyKind[]; from?: string; to?: string }) {
  const query = new URLSearchParams();
  for (const kind of filter.kinds ?? []) query.append('kinds', kind);
  if (filter.from) query.set('from', filter.from);
  if (filter.to) query.set('to', filter.to);
  const text = query.toString();
  return `/v1/people/${encodeURIComponent(personId)}/chronology.pdf${text ? `?${text}` : ''}`;
}

export const warningKindChoices = [
  { value: 'risk_to_staff', label: 'Risk to staff' },
  { value: 'risk_to_others', label: 'Risk to others' },
  { value: 'risk_to_self', label: 'Risk to the person themselves' },
  { value: 'other', label: 'Other' },
] as const;

export const warningKindLabel = (kind: string) => warningKindChoices.find((c) => c.value === kind)?.label ?? kind;

/** The chronology's filter: kinds grouped as a colleague thinks of them. */
export const chronologyGroups: { label: string; kinds: ChronologyKind[] }[] = [
  { label: 'Contacts', kinds: ['contact'] },
  { label: 'Stories and peer steps', kinds: ['story', 'peer_step'] },
  { label: 'Conversations', kinds: ['conversation_started', 'conversation_concluded'] },
  { label: 'Case notes', kinds: ['note'] },
  {
    label: 'Eligibility, budgets and reviews',
    kinds: [
      'eligibility',
      'budget_started',
      'budget_signed_off',
      'review_completed',
      'care_service_started',
      'care_service_ended',
    ],
  },
  { label: 'Connections', kinds: ['connection'] },
  {
    label: 'Safeguarding',
    kinds: [
      'safeguarding_concern',
      'safeguarding_decision',
      'safeguarding_enquiry_opened',
      'safeguarding_enquiry_concluded',
    ],
  },
  { label: 'Warnings', kinds: ['warning_added', 'warning_ended'] },
  { label: 'Mental capacity', kinds: ['capacity_assessment', 'best_interests_decision'] },
];
