import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type PracticeInsights = Schemas['PracticeInsights'];
export type DataQualityReport = Schemas['DataQualityReport'];
export type Team = Schemas['Team'];

export interface InsightsFilter {
  from: string;
  to: string;
  teamId: string;
}

/** The practice data and the returns' data quality report, on the console's typed client. */
export function insightsApi(client: ThreefoldClient) {
  return {
    teams: () => settle(client.GET('/v1/teams', { cache: 'no-store' })),
    practice: (filter: InsightsFilter) =>
      settle(
        client.GET('/v1/insights/practice', {
          params: {
            query: { from: filter.from, to: filter.to, ...(filter.teamId ? { teamId: filter.teamId } : {}) },
          },
          cache: 'no-store',
        }),
      ),
    dataQuality: (cursor?: string) =>
      settle(
        client.GET('/v1/returns/data-quality', {
          params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } },
          cache: 'no-store',
        }),
      ),
  };
}

export type InsightsApi = ReturnType<typeof insightsApi>;

export function useInsightsApi(): InsightsApi {
  return insightsApi(useApi());
}
