import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type Review = Schemas['Review'];
export type CompleteReview = Schemas['CompleteReview'];

/** Reviews of support plans, on the console's typed client. */
export function reviewsApi(client: ThreefoldClient) {
  return {
    list: (query: { teamId?: string; budgetId?: string; status?: 'open' | 'due' | 'overdue' | 'completed' }) =>
      settle(client.GET('/v1/reviews', { params: { query }, cache: 'no-store' })),
    get: (id: string) => settle(client.GET('/v1/reviews/{id}', { params: { path: { id } }, cache: 'no-store' })),
    complete: (id: string, etag: string, body: CompleteReview) =>
      settle(
        client.POST('/v1/reviews/{id}/complete', { params: { path: { id }, header: { 'if-match': etag } }, body }),
      ),
    withPanel: () =>
      settle(
        client.GET('/v1/personal-budgets', { params: { query: { status: 'awaiting_panel' } }, cache: 'no-store' }),
      ),
    request: (body: Schemas['NewUnplannedReview']) => settle(client.POST('/v1/reviews', { body })),
    budget: (id: string) =>
      settle(client.GET('/v1/personal-budgets/{id}', { params: { path: { id } }, cache: 'no-store' })),
  };
}

export type ReviewsApi = ReturnType<typeof reviewsApi>;

export function useReviewsApi(): ReviewsApi {
  return reviewsApi(useApi());
}

export const kindWords: Readonly<Record<Review['kind'], string>> = {
  first: 'First review (6–8 weeks)',
  planned: 'Planned review',
  unplanned: 'Unplanned review',
};

export const reasonWords: Readonly<Record<NonNullable<Review['reason']>, string>> = {
  hospital: 'A stay in hospital',
  change_in_carer_circumstances: 'A change in the carer’s circumstances',
  safeguarding_concern: 'A safeguarding concern',
  provider_failure: 'The provider could not carry on',
  person_or_family_request: 'The person or their family asked',
  other: 'Something else',
};

export const outcomeWords: Readonly<Record<NonNullable<Review['outcome']>, string>> = {
  fully_met: 'Fully met',
  partially_met: 'Partially met',
  not_met: 'Not met',
};
