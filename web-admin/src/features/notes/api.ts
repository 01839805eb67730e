import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';
import { accessReasonHeader } from '@/api/accessReason';

export type Note = Schemas['Note'];
export type NewNote = Schemas['NewNote'];
export type NoteChanges = Schemas['NoteChanges'];
export type NoteVersion = Schemas['NoteVersion'];
export type NoteKind = Note['kind'];

/** Case notes on the console's typed client. Reads skip the browser's cache, so an ETag is the one just read. */
export function notesApi(client: ThreefoldClient) {
  return {
    list: (personId: string, accessReason?: string, cursor?: string) =>
      settle(
        client.GET('/v1/people/{id}/notes', {
          params: {
            path: { id: personId },
            query: { limit: 50, ...(cursor ? { cursor } : {}) },
            header: accessReasonHeader(accessReason),
          },
          cache: 'no-store',
        }),
      ),
    get: (id: string, accessReason?: string) =>
      settle(
        client.GET('/v1/notes/{id}', {
          params: { path: { id }, header: accessReasonHeader(accessReason) },
          cache: 'no-store',
        }),
      ),
    write: (personId: string, body: NewNote, accessReason?: string) =>
      settle(
        client.POST('/v1/people/{id}/notes', {
          params: { path: { id: personId }, header: accessReasonHeader(accessReason) },
          body,
        }),
      ),
    change: (id: string, etag: string, body: NoteChanges, accessReason?: string) =>
      settle(
        client.PATCH('/v1/notes/{id}', {
          params: { path: { id }, header: { 'if-match': etag, ...accessReasonHeader(accessReason) } },
          body,
        }),
      ),
    /** What a note may be linked to: the person's stories and conversations, concerns and enquiries. */
    stories: (personId: string) =>
      settle(client.GET('/v1/people/{id}/stories', { params: { path: { id: personId } }, cache: 'no-store' })),
    safeguarding: (personId: string) =>
      settle(client.GET('/v1/people/{id}/safeguarding', { params: { path: { id: personId } }, cache: 'no-store' })),
  };
}

export type NotesApi = ReturnType<typeof notesApi>;

export function useNotesApi(): NotesApi {
  return notesApi(useApi());
}
