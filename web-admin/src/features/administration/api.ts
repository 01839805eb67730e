import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type StaffUser = Schemas['StaffUser'];
export type NewStaffUser = Schemas['NewStaffUser'];
export type StaffUserChanges = Schemas['StaffUserChanges'];
export type Team = Schemas['Team'];
export type MachineClient = Schemas['MachineClient'];
export type NewMachineClient = Schemas['NewMachineClient'];
export type MachineClientChanges = Schemas['MachineClientChanges'];
export type MachineClientWithSecret = Schemas['MachineClientWithSecret'];

/** How many rows a list asks for at a time. */
export const PAGE_SIZE = 50;

const page = (cursor: string | undefined) => ({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });

/**
 * The administration calls, on the console's typed client. Reads of things that can be changed
 * skip the browser's cache, so the ETag sent back with a change is the one just read.
 */
export function adminApi(client: ThreefoldClient) {
  return {
    /** Colleagues by email address; with `q`, only those whose name or email address contains it (the server searches). */
    listUsers: (cursor?: string, q?: string) =>
      settle(
        client.GET('/v1/admin/users', {
          params: { query: { ...page(cursor), ...(q ? { q } : {}) } },
          cache: 'no-store',
        }),
      ),
    getUser: (id: string) =>
      settle(client.GET('/v1/admin/users/{id}', { params: { path: { id } }, cache: 'no-store' })),
    createUser: (body: NewStaffUser) => settle(client.POST('/v1/admin/users', { body })),
    updateUser: (id: string, etag: string, body: StaffUserChanges) =>
      settle(client.PATCH('/v1/admin/users/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body })),
    resetPassword: (id: string) =>
      settle(client.POST('/v1/admin/users/{id}/password-reset', { params: { path: { id } } })),
    resetAuthenticator: (id: string) =>
      settle(client.POST('/v1/admin/users/{id}/authenticator-reset', { params: { path: { id } } })),
    endSessions: (id: string) => settle(client.DELETE('/v1/admin/users/{id}/sessions', { params: { path: { id } } })),

    listTeams: () => settle(client.GET('/v1/teams', { cache: 'no-store' })),
    getTeam: (id: string) =>
      settle(client.GET('/v1/admin/teams/{id}', { params: { path: { id } }, cache: 'no-store' })),
    /** The key makes a retry (a double click, a dropped connection) create the team once. */
    createTeam: (body: Schemas['NewTeam'], idempotencyKey: string) =>
      settle(client.POST('/v1/admin/teams', { params: { header: { 'idempotency-key': idempotencyKey } }, body })),
    updateTeam: (id: string, etag: string, body: Schemas['TeamChanges']) =>
      settle(client.PATCH('/v1/admin/teams/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body })),

    listClients: (cursor?: string) =>
      settle(client.GET('/v1/admin/clients', { params: { query: page(cursor) }, cache: 'no-store' })),
    getClient: (id: string) =>
      settle(client.GET('/v1/admin/clients/{id}', { params: { path: { id } }, cache: 'no-store' })),
    createClient: (body: NewMachineClient) => settle(client.POST('/v1/admin/clients', { body })),
    updateClient: (id: string, etag: string, body: MachineClientChanges) =>
      settle(client.PATCH('/v1/admin/clients/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body })),
    rotateSecret: (id: string) => settle(client.POST('/v1/admin/clients/{id}/secret', { params: { path: { id } } })),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

export function useAdminApi(): AdminApi {
  return adminApi(useApi());
}
