import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';
import { accessReasonHeader } from '@/api/accessReason';

export type DocumentRecord = Schemas['Document'];

/** The link that opens a document's bytes (the API checks who may, and audits it). */
export const contentUrl = (id: string) => `/v1/documents/${encodeURIComponent(id)}/content`;

/** Documents on the console's typed client; an upload is sent as multipart form data. */
export function documentsApi(client: ThreefoldClient) {
  return {
    /** With `reason` when the person's record is restricted (it goes to the audit trail). */
    list: (personId: string, reason?: string) =>
      settle(
        client.GET('/v1/people/{id}/documents', {
          params: { path: { id: personId }, header: accessReasonHeader(reason) },
          cache: 'no-store',
        }),
      ),
    upload: (fields: { personId: string; conversationId?: string; title?: string }, file: File, reason?: string) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) if (value) form.append(key, value);
      form.append('file', file, file.name);
      return settle(
        client.POST('/v1/documents', {
          params: { header: accessReasonHeader(reason) },
          // The contract's body is multipart: the browser writes it (and its boundary) from the form.
          body: form as unknown as Schemas['NewDocumentUpload'],
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
    },
  };
}

export const useDocumentsApi = () => documentsApi(useApi());
