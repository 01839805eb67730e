import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type CareService = Schemas['CareService'];
export type NewCareService = Schemas['NewCareService'];
export type Provider = Schemas['Provider'];
export type BudgetPeriodStatement = Schemas['BudgetPeriodStatement'];

/** Care services, providers and a budget's statement, on the console's typed client. */
export function careApi(client: ThreefoldClient) {
  return {
    ofBudget: (budgetId: string) =>
      settle(client.GET('/v1/care-services', { params: { query: { budgetId } }, cache: 'no-store' })),
    ofPerson: (personId: string) =>
      settle(client.GET('/v1/care-services', { params: { query: { personId } }, cache: 'no-store' })),
    start: (body: NewCareService) => settle(client.POST('/v1/care-services', { body })),
    suspend: (id: string, body: Schemas['CareServiceSuspend']) =>
      settle(client.POST('/v1/care-services/{id}/suspend', { params: { path: { id } }, body })),
    resume: (id: string, on: string) =>
      settle(client.POST('/v1/care-services/{id}/resume', { params: { path: { id } }, body: { on } })),
    end: (id: string, body: Schemas['CareServiceEnd']) =>
      settle(client.POST('/v1/care-services/{id}/end', { params: { path: { id } }, body })),
    providers: () =>
      settle(client.GET('/v1/providers', { params: { query: { status: 'active', limit: 200 } }, cache: 'no-store' })),
    statement: (budgetId: string, from: string, to: string) =>
      settle(
        client.GET('/v1/personal-budgets/{id}/statement', {
          params: { path: { id: budgetId }, query: { from, to } },
          cache: 'no-store',
        }),
      ),
  };
}

export function useCareApi() {
  return careApi(useApi());
}

export const statusWords: Record<CareService['status'], string> = {
  planned: 'Starts later',
  live: 'Live',
  suspended: 'Suspended',
  ended: 'Ended',
};

export const partWords: Record<CareService['part'], string> = {
  direct_payment: 'Direct payment',
  council_managed: 'Council-managed',
  individual_service_fund: 'Individual service fund',
};

export const endReasonWords: Record<NonNullable<CareService['endReason']>, string> = {
  needs_met: 'Needs met',
  deceased: 'The person died',
  moved_to_another_council: 'Moved to another council',
  moved_into_nhs_care: 'Moved into NHS care',
  no_longer_eligible: 'No longer eligible',
  declined: 'Declined',
  replaced_by_new_plan: 'Replaced by a new plan',
};

export const suspensionWords: Record<CareService['suspensions'][number]['reason'], string> = {
  hospital_stay: 'Hospital stay',
  respite: 'Respite',
  person_away: 'Away',
  other: 'Other',
};
