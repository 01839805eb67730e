import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';
import { accessReasonHeader } from '@/api/accessReason';

export type Determination = Schemas['EligibilityDetermination'];
export type NewDetermination = Schemas['NewEligibilityDetermination'];
export type RasTable = Schemas['RasTable'];
export type RasTableChanges = Schemas['RasTableChanges'];
export type UnitCost = Schemas['UnitCost'];
export type UnitCostChanges = Schemas['UnitCostChanges'];

/** Where the letter is, without its format (PrintLinks adds `?format=pdf` or `html`). */
export function letterPath(id: string): string {
  return `/v1/eligibility-determinations/${encodeURIComponent(id)}/letter`;
}

/** Where the letter is, as the browser opens it (the session cookie goes with it). */
export function letterUrl(id: string, format: 'html' | 'pdf'): string {
  return `${letterPath(id)}?format=${format}`;
}

/** Eligibility determinations and the reference data that prices them, on the console's typed client. */
export function eligibilityApi(client: ThreefoldClient) {
  return {
    determine: (body: NewDetermination) => settle(client.POST('/v1/eligibility-determinations', { body })),
    /** With `reason` when the person's record is restricted (it goes to the audit trail). */
    get: (id: string, reason?: string) =>
      settle(
        client.GET('/v1/eligibility-determinations/{id}', {
          params: { path: { id }, header: accessReasonHeader(reason) },
          cache: 'no-store',
        }),
      ),
    ofPerson: (personId: string) =>
      settle(client.GET('/v1/eligibility-determinations', { params: { query: { personId } }, cache: 'no-store' })),
    conversation: (id: string) =>
      settle(client.GET('/v1/conversations/{id}', { params: { path: { id } }, cache: 'no-store' })),
    story: (id: string) => settle(client.GET('/v1/stories/{id}', { params: { path: { id } }, cache: 'no-store' })),
    relationships: (personId: string) =>
      settle(client.GET('/v1/people/{id}/relationships', { params: { path: { id: personId } }, cache: 'no-store' })),
    /** The letter as HTML, for the preview. */
    letterHtml: async (id: string, reason?: string): Promise<string | null> => {
      try {
        const response = await fetch(letterUrl(id, 'html'), {
          credentials: 'same-origin',
          cache: 'no-store',
          headers: accessReasonHeader(reason),
        });
        return response.ok ? await response.text() : null;
      } catch {
        return null;
      }
    },
    ras: () => settle(client.GET('/v1/reference/ras', { cache: 'no-store' })),
    saveRas: (etag: string, body: RasTableChanges) =>
      settle(client.PUT('/v1/reference/ras', { params: { header: { 'if-match': etag } }, body })),
    unitCosts: (includeRetired = false) =>
      settle(client.GET('/v1/reference/unit-costs', { params: { query: { includeRetired } }, cache: 'no-store' })),
    addUnitCost: (body: UnitCostChanges) => settle(client.POST('/v1/reference/unit-costs', { body })),
    unitCost: (id: string) =>
      settle(client.GET('/v1/reference/unit-costs/{id}', { params: { path: { id } }, cache: 'no-store' })),
    changeUnitCost: (id: string, etag: string, body: UnitCostChanges) =>
      settle(
        client.PUT('/v1/reference/unit-costs/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body }),
      ),
    retireUnitCost: (id: string, etag: string) =>
      settle(
        client.DELETE('/v1/reference/unit-costs/{id}', { params: { path: { id }, header: { 'if-match': etag } } }),
      ),
  };
}

export type EligibilityApi = ReturnType<typeof eligibilityApi>;

export function useEligibilityApi(): EligibilityApi {
  return eligibilityApi(useApi());
}
