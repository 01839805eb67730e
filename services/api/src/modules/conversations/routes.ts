import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConversationKind } from '@threefold/domain';
import { principalOf } from '../../auth/principal.js';
import type { Config } from '../../config.js';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { Type } from 'typebox';
import { IdParams, IfMatchHeader, problems, ref, Strict } from '../../schemas/common.js';
import {
  Board,
  ColleagueList,
  ConcludeConversation,
  ContingencyLedger,
  Conversation,
  ConversationChanges,
  Gate,
  IntensivePlan,
  NewContingencySpend,
  NewPeerSignOff,
  NewStory,
  NewTouchpoint,
  StartConversation,
  Story,
  StoryAction,
  TouchpointLog,
} from './schemas.js';
import { ConversationService } from './service.js';

const tags = ['conversations'];
const read = { permission: 'conversations:read' as const };
const write = { permission: 'conversations:write' as const };

export const conversationRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const service = new ConversationService(app.dbClient.db, config);

  app.post(
    '/v1/stories',
    {
      config: { access: write },
      schema: {
        operationId: 'openStory',
        tags,
        summary: 'Open a person’s story',
        description: 'From a contact or from the person. The colleague who opens it holds it. Emits `story.opened`.',
        body: ref(NewStory),
        response: { 201: ref(Story), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const id = await service.openStory(request.body, principalOf(request), (tx, e) => request.auditInTx(tx, e));
      return reply.code(201).send(await service.story(id));
    },
  );

  app.get(
    '/v1/stories/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getStory',
        tags,
        summary: 'A story: its conversations as a timeline',
        description:
          'With peer sign-offs, what happened on it, the contingency money spent and whether conversation 3 may open.',
        params: IdParams,
        response: { 200: ref(Story), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const story = await service.story(request.params.id);
      await request.audit({
        action: 'story.read',
        resourceType: 'story',
        resourceId: story.id,
        personId: story.personId,
      });
      return sendWithEtag(reply, story.id, story.version, story);
    },
  );

  app.get(
    '/v1/people/:id/stories',
    {
      config: { access: read },
      schema: {
        operationId: 'listPersonStories',
        tags,
        summary: 'A person’s stories, newest first',
        description: 'Each with its conversations in order: the person’s timeline.',
        params: IdParams,
        response: {
          200: Strict({ items: Type.Array(ref(Story), { maxItems: 100 }) }),
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      const items = await service.storiesOf(request.params.id);
      await request.audit({
        action: 'story.list',
        resourceType: 'person',
        resourceId: request.params.id,
        personId: request.params.id,
      });
      return { items };
    },
  );

  app.post(
    '/v1/stories/:id/conversations',
    {
      config: { access: write },
      schema: {
        operationId: 'startConversation',
        tags,
        summary: 'Start conversation 1, 2 or 3',
        description:
          'Conversation 3 opens only when conversation 1 (and 2, where it happened) concluded unresolved with a reason and a ' +
          'qualified peer who held neither signed that off; otherwise `409 conversation_3_gate_closed` lists every unmet condition in `rules`.',
        params: IdParams,
        body: ref(StartConversation),
        response: { 201: ref(Conversation), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const conversation = await service.startConversation(
        request.params.id,
        request.body.kind as ConversationKind,
        principalOf(request),
        (tx, e) => request.auditInTx(tx, e),
      );
      reply.header('etag', etagOf(conversation.id, conversation.version));
      return reply.code(201).send(conversation);
    },
  );

  app.get(
    '/v1/conversations/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getConversation',
        tags,
        summary: 'A conversation',
        description: 'Who took part, what matters, strengths, the advocacy test, outputs and notes, with its ETag.',
        params: IdParams,
        response: { 200: ref(Conversation), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { view, personId } = await service.conversation(request.params.id);
      await request.audit({ action: 'conversation.read', resourceType: 'conversation', resourceId: view.id, personId });
      return sendWithEtag(reply, view.id, view.version, view);
    },
  );

  app.patch(
    '/v1/conversations/:id',
    {
      config: { access: write },
      schema: {
        operationId: 'recordConversation',
        tags,
        summary: 'Record what was said',
        description:
          'Participants, what matters, strengths in three domains, the advocacy test, outputs, notes. Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(ConversationChanges),
        response: { 200: ref(Conversation), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.record(
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
        principalOf(request),
        (tx, e) => request.auditInTx(tx, e),
      );
      return sendWithEtag(reply, view.id, view.version, view);
    },
  );

  app.post(
    '/v1/conversations/:id/conclude',
    {
      config: { access: write },
      schema: {
        operationId: 'concludeConversation',
        tags,
        summary: 'Conclude a conversation',
        description:
          'Refused (409, every broken rule in `rules`) without a strength recorded, without a participant, without a reason when ' +
          'unresolved, or when an independent advocate is required but not recorded. Emits `conversation.concluded`.',
        params: IdParams,
        body: ref(ConcludeConversation),
        response: { 200: ref(Conversation), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      service.conclude(request.params.id, request.body, principalOf(request), (tx, e) => request.auditInTx(tx, e)),
  );

  app.put(
    '/v1/conversations/:id/intensive-plan',
    {
      config: { access: write },
      schema: {
        operationId: 'setIntensivePlan',
        tags,
        summary: 'Conversation 2: the intensive support plan',
        description: `What must change to be safe, actions and who does what. Short-term by rule: \`409 horizon_too_long\` past the configured days (default 42).`,
        params: IdParams,
        body: ref(IntensivePlan),
        response: { 200: ref(IntensivePlan), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      service.setIntensivePlan(request.params.id, request.body, principalOf(request), (tx, e) =>
        request.auditInTx(tx, e),
      ),
  );

  app.get(
    '/v1/conversations/:id/touchpoints',
    {
      config: { access: read },
      schema: {
        operationId: 'listTouchpoints',
        tags,
        summary: 'Conversation 2: touchpoints and gaps',
        description:
          'Every touchpoint, and each gap longer than the configured interval (default 3 days), the open one included.',
        params: IdParams,
        response: { 200: ref(TouchpointLog), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const log = await service.touchpointLog(request.params.id);
      await request.audit({ action: 'touchpoint.list', resourceType: 'conversation', resourceId: request.params.id });
      return log;
    },
  );

  app.post(
    '/v1/conversations/:id/touchpoints',
    {
      config: { access: write },
      schema: {
        operationId: 'logTouchpoint',
        tags,
        summary: 'Conversation 2: log a touchpoint',
        description: 'A visit, call or message; answers the log with its gaps.',
        params: IdParams,
        body: ref(NewTouchpoint),
        response: { 201: ref(TouchpointLog), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.addTouchpoint(request.params.id, request.body, principalOf(request), (tx, e) =>
            request.auditInTx(tx, e),
          ),
        ),
  );

  app.get(
    '/v1/conversations/:id/contingency-spends',
    {
      config: { access: read },
      schema: {
        operationId: 'listContingencySpends',
        tags,
        summary: 'Conversation 2: contingency money',
        description: 'Spends from the practice fund, the story’s total and the caps.',
        params: IdParams,
        response: { 200: ref(ContingencyLedger), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const ledger = await service.ledger(request.params.id);
      await request.audit({
        action: 'contingency_spend.list',
        resourceType: 'conversation',
        resourceId: request.params.id,
      });
      return ledger;
    },
  );

  app.post(
    '/v1/conversations/:id/contingency-spends',
    {
      config: { access: write },
      schema: {
        operationId: 'recordContingencySpend',
        tags,
        summary: 'Conversation 2: spend a small amount',
        description:
          'Integer pence. Refused with `409 over_per_spend_cap` or `409 over_story_cap` (defaults £250 and £1,000).',
        params: IdParams,
        body: ref(NewContingencySpend),
        response: { 201: ref(ContingencyLedger), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.addSpend(request.params.id, request.body, principalOf(request), (tx, e) =>
            request.auditInTx(tx, e),
          ),
        ),
  );

  app.post(
    '/v1/stories/:id/peer-sign-offs',
    {
      config: { access: { permission: 'conversations:peer-sign-off' } },
      schema: {
        operationId: 'signOffAsPeer',
        tags,
        summary: 'Peer sign-off: conversations 1 (and 2) are exhausted',
        description:
          'By a qualified colleague who held none of the conversations (`409 peer_sign_off_by_author` otherwise). Answers the gate.',
        params: IdParams,
        body: ref(NewPeerSignOff),
        response: {
          201: Strict({ id: Type.String({ format: 'uuid', maxLength: 36 }), gate: ref(Gate) }),
          ...problems(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.signOff(request.params.id, request.body.note, principalOf(request), (tx, e) =>
            request.auditInTx(tx, e),
          ),
        ),
  );

  app.get(
    '/v1/teams/:id/board',
    {
      config: { access: { permission: 'teams:read' } },
      schema: {
        operationId: 'getTeamBoard',
        tags: ['teams'],
        summary: 'The team’s board: stories that need someone',
        description: 'Open stories nobody holds, oldest first, with the last note left on them.',
        params: IdParams,
        response: { 200: ref(Board), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const board = await service.board(request.params.id);
      await request.audit({ action: 'board.read', resourceType: 'team', resourceId: request.params.id });
      return board;
    },
  );

  app.get(
    '/v1/colleagues',
    {
      config: { access: { permission: 'teams:read' } },
      schema: {
        operationId: 'listColleagues',
        tags: ['teams'],
        summary: 'Colleagues',
        description: 'Active colleagues by name, with their teams: whom a story can be shared with.',
        response: { 200: ref(ColleagueList), ...problems(400, 401, 403, 429) },
      },
    },
    async () => service.colleagues(),
  );

  const actions = {
    'pick-up': ['pick_up', 'pickUpStory', 'Pick up a story from the board'],
    invite: ['invite', 'inviteColleague', 'Invite a colleague to a story'],
    'hand-on': ['hand_on', 'handOnStory', 'Hand a story on with a note (back to the board)'],
    'peer-review': ['peer_review_requested', 'requestPeerReview', 'Ask for a peer review of a difficult story'],
    'risk-panel': ['risk_panel_requested', 'requestRiskPanel', 'Ask a risk panel to support a difficult story'],
    'peer-review/given': ['peer_review_given', 'recordPeerReview', 'Record the peer review asked for on a story'],
    'risk-panel/held': ['risk_panel_held', 'recordRiskPanel', 'Record what the risk panel asked for agreed'],
  } as const;
  const actionRules: Record<string, string> = {
    invite: ' `colleagueId` must be an active colleague other than you (400 otherwise).',
    'hand-on': ' Needs a `note`.',
    'peer-review': ' `409 request_already_open` while one is still open; it shows on the team board until recorded.',
    'risk-panel': ' `409 request_already_open` while one is still open; it shows on the team board until recorded.',
    'peer-review/given':
      ' Needs a `note`. `409 no_open_request` when none was asked for; `409 peer_review_by_holder` from the holder or the asker.',
    'risk-panel/held': ' Needs a `note`. `409 no_open_request` when none was asked for.',
  };
  for (const [path, [kind, operationId, summary]] of Object.entries(actions)) {
    app.post(
      `/v1/stories/:id/${path}`,
      {
        config: { access: write },
        schema: {
          operationId,
          tags,
          summary,
          description:
            'Self-managed teams: nobody hands work out; colleagues pick it up, invite each other and hand on with a note.' +
            (actionRules[path] ?? ''),
          params: IdParams,
          body: ref(StoryAction),
          response: { 200: ref(Story), ...problems(400, 401, 403, 404, 409, 429) },
        },
      },
      async (request) => {
        await service.act(request.params.id, kind, request.body, principalOf(request), (tx, e) =>
          request.auditInTx(tx, e),
        );
        return service.story(request.params.id);
      },
    );
  }
};
