import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';
import { accessReasonHeader } from '@/api/accessReason';

export type CapacityAssessment = Schemas['CapacityAssessment'];
export type NewCapacityAssessment = Schemas['NewCapacityAssessment'];
export type BestInterestsDecision = Schemas['BestInterestsDecision'];
export type NewBestInterestsDecision = Schemas['NewBestInterestsDecision'];

/** Mental capacity assessments and best-interests decisions, on the console's typed client. */
export function capacityApi(client: ThreefoldClient) {
  return {
    ofPerson: (personId: string, reason?: string) =>
      settle(
        client.GET('/v1/people/{id}/capacity', {
          params: { path: { id: personId }, header: accessReasonHeader(reason) },
          cache: 'no-store',
        }),
      ),
    assess: (body: NewCapacityAssessment, reason?: string) =>
      settle(client.POST('/v1/capacity-assessments', { params: { header: accessReasonHeader(reason) }, body })),
    decide: (body: NewBestInterestsDecision, reason?: string) =>
      settle(client.POST('/v1/best-interests-decisions', { params: { header: accessReasonHeader(reason) }, body })),
  };
}

export function useCapacityApi() {
  return capacityApi(useApi());
}

/** MCA 2005: the kinds of decision, in the practice's words. */
export const decisionAreaChoices = [
  { value: 'care_and_support', label: 'Care and support' },
  { value: 'accommodation', label: 'Where to live' },
  { value: 'finances', label: 'Money and property' },
  { value: 'safeguarding', label: 'Keeping safe (safeguarding)' },
  { value: 'medical_treatment', label: 'Medical treatment' },
  { value: 'contact_with_others', label: 'Contact with other people' },
  { value: 'other', label: 'Another decision' },
] as const;

/** MCA 2005 s3(1)(a)–(d). */
export const inabilityChoices = [
  { value: 'understand', label: 'Understand the information relevant to the decision' },
  { value: 'retain', label: 'Retain that information' },
  { value: 'useOrWeigh', label: 'Use or weigh it as part of deciding' },
  { value: 'communicate', label: 'Communicate the decision, by any means' },
] as const;

export const outcomeLabel = (outcome: string) =>
  outcome === 'lacks_capacity' ? 'Lacks capacity for this decision' : 'Has capacity for this decision';
