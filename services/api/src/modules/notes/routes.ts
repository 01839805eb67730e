import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { IdParams, IfMatchHeader, problems, ref } from '../../schemas/common.js';
import { NewNote, Note, NoteChanges, NotePage, NoteQuery, NoteWithHistory } from './schemas.js';
import { NotesService } from './service.js';

const tags = ['notes'];
const read = { permission: 'notes:read' as const };
const write = { permission: 'notes:write' as const };
const reasonHeader = {
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted person’s notes are being opened (break glass); recorded in the audit trail.',
    }),
  ),
};
const ReasonHeader = Type.Object(reasonHeader);

export const noteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new NotesService(app.dbClient.db);

  app.post(
    '/v1/people/:id/notes',
    {
      config: { access: write },
      schema: {
        operationId: 'writeCaseNote',
        tags,
        summary: 'Write a case note about a person',
        description:
          'A visit, call, meeting, letter, observation or management oversight, written for the person to read; optionally ' +
          'about one of their stories, conversations, safeguarding concerns or enquiries. Saved as a `draft` (the author’s ' +
          'alone, so nothing typed is lost when a session ends) unless `status: final`.',
        params: IdParams,
        headers: ReasonHeader,
        body: ref(NewNote),
        response: { 201: ref(Note), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const note = await service.write(
        request.actor,
        request.params.id,
        request.body,
        request.headers['x-access-reason'],
      );
      reply.code(201).header('etag', etagOf(note.id, note.version)).header('location', `/v1/notes/${note.id}`);
      return note;
    },
  );

  app.get(
    '/v1/people/:id/notes',
    {
      config: { access: read },
      schema: {
        operationId: 'listCaseNotes',
        tags,
        summary: 'A person’s case notes, newest first',
        description:
          'Only what the reader may see: their own drafts, and notes under the same rules as their parent (restricted people, ' +
          'safeguarding). Every note listed is audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        querystring: NoteQuery,
        response: { 200: ref(NotePage), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) =>
      service.list(
        request.actor,
        request.params.id,
        { ...request.query, limit: request.query.limit ?? 50 },
        request.headers['x-access-reason'],
      ),
  );

  app.get(
    '/v1/notes/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getCaseNote',
        tags,
        summary: 'A case note and every version of it',
        description: 'With its ETag for changes; its history shows each final version with why it was amended.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(NoteWithHistory), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const found = await service.get(request.actor, request.params.id, request.headers['x-access-reason']);
      return sendWithEtag(reply, found.note.id, found.note.version, found);
    },
  );

  app.patch(
    '/v1/notes/:id',
    {
      config: { access: write },
      schema: {
        operationId: 'changeCaseNote',
        tags,
        summary: 'Edit or finalise a draft, or amend a final note',
        description:
          'Needs `If-Match`. A draft changes in place (its author only) and `finalise: true` makes it part of the record. A ' +
          'final note is never edited in place: new text with an `amendmentReason` appends a version, and the earlier ' +
          'one stays in its history (`409` names the rule otherwise).',
        params: IdParams,
        headers: Type.Object({ ...IfMatchHeader.properties, ...reasonHeader }),
        body: ref(NoteChanges),
        response: { 200: ref(Note), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request, request.params.id);
      const note = await service.change(
        request.actor,
        request.params.id,
        expected,
        request.body,
        request.headers['x-access-reason'],
      );
      return sendWithEtag(reply, note.id, note.version, note);
    },
  );
};
