import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConversationKind } from '@threefold/domain';
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
  IntensivePlan,
  NewContingencySpend,
  BoardQuery,
  NewAssessmentRequest,
  NewPeerStep,
  NewStory,
  NewTouchpoint,
  StartConversation,
  Story,
  StoryAction,
  TouchpointLog,
} from './schemas.js';
import { BoardService } from './board.js';
import { caseloadRoutes } from './caseload.routes.js';
import { PeerStepService } from './peer-step.js';
import { ConversationTwoService } from './conversation-two.js';
import { ConversationService } from './conversations.js';
import { StoryService } from './stories.js';

const tags = ['conversations'];
const read = { permission: 'conversations:read' as const };
const write = { permission: 'conversations:write' as const };

export const conversationRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const db = app.dbClient.db;
  const stories = new StoryService(db);
  const conversations = new ConversationService(db);
  const conversationTwo = new ConversationTwoService(db, config, conversations);
  const board = new BoardService(db, config);
  const peerSteps = new PeerStepService(db);

  await app.register(caseloadRoutes, { config });

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
      const id = await stories.open(request.actor, request.body);
      return reply.code(201).send(await stories.story(request.actor, id));
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
          'With its peer steps, whether you may give one, what happened on it, the contingency money spent and whether conversation 3 may open.',
        params: IdParams,
        response: { 200: ref(Story), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const story = await stories.story(request.actor, request.params.id);
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
      const items = await stories.storiesOf(request.actor, request.params.id);
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
      const conversation = await conversations.start(
        request.actor,
        request.params.id,
        request.body.kind as ConversationKind,
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
      const { view, personId } = await conversations.conversation(request.actor, request.params.id);
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
      const view = await conversations.record(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
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
    async (request) => conversations.conclude(request.actor, request.params.id, request.body),
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
    async (request) => conversationTwo.setIntensivePlan(request.actor, request.params.id, request.body),
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
      const log = await conversationTwo.touchpointLog(request.actor, request.params.id);
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
      reply.code(201).send(await conversationTwo.addTouchpoint(request.actor, request.params.id, request.body)),
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
      const ledger = await conversationTwo.ledger(request.actor, request.params.id);
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
      reply.code(201).send(await conversationTwo.addSpend(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/v1/stories/:id/assessment-request',
    {
      config: { access: write },
      schema: {
        operationId: 'requestAssessmentNow',
        tags,
        summary: 'The person asks for an assessment now',
        description:
          'The person, or someone for them, asks to go straight to the eligibility assessment (Care Act 2014 s9(3): the duty ' +
          'to assess applies whatever the practice’s view of the need). Recorded on the story once, with who asked and why ' +
          '(`409 assessment_already_requested` after); conversation 3 then opens for this story without conversations 1 ' +
          'and 2 or the peer step. The gate stays for every other story. Emits `story.assessment-requested`.',
        params: IdParams,
        body: ref(NewAssessmentRequest),
        response: { 201: ref(Story), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      await stories.requestAssessment(request.actor, request.params.id, request.body);
      return reply.code(201).send(await stories.story(request.actor, request.params.id));
    },
  );

  app.post(
    '/v1/stories/:id/peer-steps',
    {
      config: { access: write },
      schema: {
        operationId: 'givePeerStep',
        tags,
        summary: 'Give a peer step: a fresh look at the story',
        description:
          'By a colleague who neither holds the story nor led one of its conversations (`409 peer_step_by_author` otherwise). ' +
          'Outcome `exhausted` signs off that conversations 1 (and 2) were exhausted — what the conversation 3 gate accepts — ' +
          'and only a qualified practitioner may give it (`403 peer_step_not_qualified`); `not_exhausted` and `advice` ' +
          'are recorded and open nothing. Answers an open request for a peer step; who, when, the outcome and why show on ' +
          'the story’s history.',
        params: IdParams,
        body: ref(NewPeerStep),
        response: { 201: ref(Story), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      await peerSteps.give(request.actor, request.params.id, request.body);
      return reply.code(201).send(await stories.story(request.actor, request.params.id));
    },
  );

  app.get(
    '/v1/teams/:id/board',
    {
      config: { access: { permission: 'teams:read' } },
      schema: {
        operationId: 'getTeamBoard',
        tags: ['teams'],
        summary: 'The team’s board: stories that need someone',
        description:
          'The team’s open stories that need someone — nobody holds them, they ask for a peer step or a risk panel, or ' +
          'their holder is disabled (`holderDisabled`) — most urgent first, with stage, days waiting, urgency, the holder’s ' +
          'name, open requests and the last note. Restricted people’s stories only with `people:restricted`. ' +
          'Keyset-paged: pass `nextCursor` as `cursor`. `404` for an unknown team.',
        params: IdParams,
        querystring: BoardQuery,
        response: { 200: ref(Board), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const items = await board.board(request.actor, request.params.id, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
      await request.audit({ action: 'board.read', resourceType: 'team', resourceId: request.params.id });
      return items;
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
    async (request) => board.colleagues(request.actor),
  );

  const actions = {
    'pick-up': ['pick_up', 'pickUpStory', 'Pick up a story from the board'],
    invite: ['invite', 'inviteColleague', 'Invite a colleague to a story'],
    'hand-on': ['hand_on', 'handOnStory', 'Hand a story on with a note (back to the board)'],
    'peer-step-request': ['peer_step_requested', 'requestPeerStep', 'Ask for a peer step on a story'],
    'risk-panel': ['risk_panel_requested', 'requestRiskPanel', 'Ask a risk panel to support a difficult story'],
    'risk-panel/held': ['risk_panel_held', 'recordRiskPanel', 'Record what the risk panel asked for agreed'],
  } as const;
  const actionRules: Record<string, string> = {
    invite: ' `colleagueId` must be an active colleague other than you whose roles can read stories (400 otherwise).',
    'hand-on': ' Needs a `note`.',
    'peer-step-request':
      ' Optional: any colleague may give a peer step unasked. `409 request_already_open` while one is still open; it shows on the team board until given.',
    'risk-panel': ' `409 request_already_open` while one is still open; it shows on the team board until recorded.',
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
        await stories.act(request.actor, request.params.id, kind, request.body);
        return stories.story(request.actor, request.params.id);
      },
    );
  }
};
