import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type SessionSummary = Schemas['SessionSummary'];

/** A colleague's own account: their password and their sessions. Writes carry the CSRF token. */
export function accountApi(client: ThreefoldClient) {
  return {
    changePassword: (currentPassword: string, newPassword: string) =>
      settle(client.POST('/v1/me/password', { body: { currentPassword, newPassword } })),
    listSessions: () => settle(client.GET('/v1/me/sessions', { cache: 'no-store' })),
    endSession: (id: string) => settle(client.DELETE('/v1/me/sessions/{id}', { params: { path: { id } } })),
  };
}

export function useAccountApi() {
  return accountApi(useApi());
}
