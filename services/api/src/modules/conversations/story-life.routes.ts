import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { IdParams, IfMatchHeader, problems, ref } from '../../schemas/common.js';
import { Story } from './schemas.js';
import { StoryLifeService } from './story-life.js';
import { CloseStory, ReopenStory } from './story-life.schemas.js';
import { StoryService } from './stories.js';

const tags = ['conversations'];
const write = { permission: 'conversations:write' as const, staffOnly: true };

/** A story's whole life: closing it with the person's own words, and reopening it. */
export const storyLifeRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app) => {
  const db = app.dbClient.db;
  const stories = new StoryService(db);
  const life = new StoryLifeService(db);

  app.post(
    '/v1/stories/:id/close',
    {
      config: { access: write },
      schema: {
        operationId: 'closeStory',
        tags,
        summary: 'Close a story, asking whether it resolved what mattered',
        description:
          'With a reason from the fixed list and the person’s answer to “Did this resolve what mattered to you?” in their own ' +
          'words (`personsWords`, required unless `not_asked`). The stage the story reached is recorded with it. Needs ' +
          '`If-Match`. `409 story_closed` when already closed; `409 story_cannot_close` lists every broken rule in `rules` ' +
          '(“resolved in conversation N” needs conversation N concluded resolved; long-term support needs conversation 3; ' +
          'neither while a conversation is open; a person who died or a duplicate is `not_asked`). A closed story takes no ' +
          'new conversation, touchpoint, spend or request. Emits `story.closed`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(CloseStory),
        response: { 200: ref(Story), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      await life.close(request.actor, request.params.id, expectedVersion(request, request.params.id), request.body);
      const story = await stories.story(request.actor, request.params.id);
      return sendWithEtag(reply, story.id, story.version, story);
    },
  );

  app.post(
    '/v1/stories/:id/reopen',
    {
      config: { access: write },
      schema: {
        operationId: 'reopenStory',
        tags,
        summary: 'Reopen a closed story',
        description:
          'With the reason why; the colleague who reopens it holds it. Needs `If-Match`. `409 story_cannot_reopen` when it ' +
          'is open, or when the person already has another open story. Emits `story.reopened`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(ReopenStory),
        response: { 200: ref(Story), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      await life.reopen(request.actor, request.params.id, expectedVersion(request, request.params.id), request.body);
      const story = await stories.story(request.actor, request.params.id);
      return sendWithEtag(reply, story.id, story.version, story);
    },
  );
};
