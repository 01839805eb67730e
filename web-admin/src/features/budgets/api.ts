import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type PersonalBudget = Schemas['PersonalBudget'];
export type PersonalBudgetChanges = Schemas['PersonalBudgetChanges'];
export type PlanLineInput = Schemas['PlanLineInput'];
export type FundingSource = Schemas['FundingSource'];
export type BudgetManagement = Schemas['BudgetManagement'];
export type Determination = Schemas['EligibilityDetermination'];
export type UnitCost = Schemas['UnitCost'];
export type DelegatedLimits = Schemas['DelegatedLimits'];
export type SignOffLimit = Schemas['SignOffLimit'];

/** Personal budgets, the determination they start from and the reference unit costs, on the console's typed client. */
export function budgetsApi(client: ThreefoldClient) {
  return {
    get: (id: string) =>
      settle(client.GET('/v1/personal-budgets/{id}', { params: { path: { id } }, cache: 'no-store' })),
    ofPerson: (personId: string) =>
      settle(client.GET('/v1/personal-budgets', { params: { query: { personId } }, cache: 'no-store' })),
    start: (body: { conversationId: string; determinationId: string }) =>
      settle(client.POST('/v1/personal-budgets', { body })),
    change: (id: string, etag: string, body: PersonalBudgetChanges) =>
      settle(
        client.PATCH('/v1/personal-budgets/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body }),
      ),
    signOff: (id: string, etag: string) =>
      settle(
        client.POST('/v1/personal-budgets/{id}/sign-off', { params: { path: { id }, header: { 'if-match': etag } } }),
      ),
    determination: (id: string) =>
      settle(client.GET('/v1/eligibility-determinations/{id}', { params: { path: { id } }, cache: 'no-store' })),
    unitCosts: () => settle(client.GET('/v1/reference/unit-costs', { cache: 'no-store' })),
    limits: () => settle(client.GET('/v1/reference/delegated-limits', { cache: 'no-store' })),
    myLimit: () => settle(client.GET('/v1/personal-budgets/my-sign-off-limit', { cache: 'no-store' })),
    setLimits: (body: DelegatedLimits) => settle(client.PUT('/v1/reference/delegated-limits', { body })),
  };
}

export type BudgetsApi = ReturnType<typeof budgetsApi>;

export function useBudgetsApi(): BudgetsApi {
  return budgetsApi(useApi());
}
