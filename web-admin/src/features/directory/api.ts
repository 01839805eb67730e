import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type DirectoryService = Schemas['DirectoryService'];
export type DirectoryOrganisation = Schemas['DirectoryOrganisation'];
export type DirectoryTaxonomy = Schemas['DirectoryTaxonomy'];
export type NewDirectoryService = Schemas['NewDirectoryService'];
export type Connection = Schemas['Connection'];
export type NewConnection = Schemas['NewConnection'];
export type ServicePage = Schemas['DirectoryServicePage'];

export interface DirectorySearch {
  q?: string;
  postcode?: string;
  radiusKm?: number;
  termId?: string;
  organisationId?: string;
  day?: 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
  time?: string;
  age?: number;
  limit?: number;
  cursor?: string;
}

/** The community directory and connections, on the console's typed client. */
export function directoryApi(client: ThreefoldClient) {
  return {
    search: (query: DirectorySearch) =>
      settle(client.GET('/v1/directory/services', { params: { query }, cache: 'no-store' })),
    service: (id: string) =>
      settle(client.GET('/v1/directory/services/{id}', { params: { path: { id } }, cache: 'no-store' })),
    createService: (body: NewDirectoryService) => settle(client.POST('/v1/directory/services', { body })),
    updateService: (id: string, etag: string, body: Schemas['DirectoryServiceChanges']) =>
      settle(
        client.PATCH('/v1/directory/services/{id}', {
          params: { path: { id }, header: { 'if-match': etag } },
          body,
        }),
      ),
    organisations: (kind?: 'partner' | 'community') =>
      settle(client.GET('/v1/directory/organisations', { params: { query: kind ? { kind } : {} }, cache: 'no-store' })),
    createOrganisation: (body: Schemas['NewDirectoryOrganisation']) =>
      settle(client.POST('/v1/directory/organisations', { body })),
    taxonomies: () => settle(client.GET('/v1/directory/taxonomies', { cache: 'no-store' })),
    importPostcodes: (csv: string) => settle(client.POST('/v1/directory/postcodes', { body: { csv } })),
    personConnections: (personId: string) =>
      settle(client.GET('/v1/connections', { params: { query: { personId, limit: 200 } }, cache: 'no-store' })),
    connect: (body: NewConnection) => settle(client.POST('/v1/connections', { body })),
    withdraw: (id: string, etag: string, reason: string) =>
      settle(
        client.POST('/v1/connections/{id}/withdraw', {
          params: { path: { id }, header: { 'if-match': etag } },
          body: { reason },
        }),
      ),
  };
}

export type DirectoryApi = ReturnType<typeof directoryApi>;

export function useDirectoryApi(): DirectoryApi {
  return directoryApi(useApi());
}

export const weekdayNames = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
} as const;

export const statusNames: Record<Connection['status'], string> = {
  offered: 'Offered — waiting for the organisation',
  accepted: 'Accepted by the organisation',
  declined: 'Declined',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

export const contactRouteNames: Record<NewConnection['contactRoute'], string> = {
  phone: 'Phone',
  email: 'Email',
  letter: 'Letter',
  visit: 'A visit',
  through_practice: 'Through the practice',
};

/** £4.50, "Free", or nothing when the cost is not known. */
export function costText(service: Pick<DirectoryService, 'costPence' | 'costOption'>): string {
  if (service.costPence === null) return '';
  if (service.costPence === 0) return 'Free';
  const pounds = `£${(service.costPence / 100).toFixed(2)}`;
  return service.costOption ? `${pounds} ${service.costOption}` : pounds;
}

/** "Ages 60+", "Ages 18–65", or nothing. */
export function agesText(service: Pick<DirectoryService, 'minimumAge' | 'maximumAge'>): string {
  const { minimumAge: min, maximumAge: max } = service;
  if (min === null && max === null) return '';
  if (max === null) return `Ages ${min}+`;
  if (min === null) return `Up to age ${max}`;
  return `Ages ${min}–${max}`;
}

/** What a connection needs before it can be sent: consent, or a lawful reason; and the ask. */
export function connectionProblems(form: {
  consent: boolean;
  overrideReason: string;
  ask: string;
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!form.consent && !form.overrideReason.trim())
    problems.consentToShare = 'Record the person’s consent to share, or the lawful reason to share without it';
  if (!form.ask.trim()) problems.ask = 'Say what you are asking the organisation to do';
  return problems;
}
