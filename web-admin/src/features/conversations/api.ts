import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type Story = Schemas['Story'];
export type Conversation = Schemas['Conversation'];
export type ConversationChanges = Schemas['ConversationChanges'];
export type Strengths = Schemas['Strengths'];
export type Advocacy = Schemas['Advocacy'];
export type Participant = Schemas['Participant'];
export type IntensivePlan = Schemas['IntensivePlan'];
export type TouchpointLog = Schemas['TouchpointLog'];
export type ContingencyLedger = Schemas['ContingencyLedger'];
export type StoryCard = Schemas['StoryCard'];
export type PeerStep = Schemas['PeerStep'];
export type PeerStepOutcome = PeerStep['outcome'];
export type StoryStage = StoryCard['stage'];
export type Colleague = Schemas['Colleague'];
export type StoryRequest = Schemas['StoryRequest'];
/** Story actions that take a note (and, to invite, a colleague). */
export type StoryActionPath = 'invite' | 'peer-step-request' | 'risk-panel' | 'risk-panel/held';
export type ConversationKind = 1 | 2 | 3;

/** The calls for stories and their conversations, on the console's typed client. */
export function conversationsApi(client: ThreefoldClient) {
  return {
    personStories: (personId: string) =>
      settle(client.GET('/v1/people/{id}/stories', { params: { path: { id: personId } }, cache: 'no-store' })),
    openStory: (personId: string) => settle(client.POST('/v1/stories', { body: { personId } })),
    /** The contact a story began with: what mattered to them then starts conversation 1. */
    contact: (id: string) => settle(client.GET('/v1/contacts/{id}', { params: { path: { id } }, cache: 'no-store' })),
    story: (id: string) => settle(client.GET('/v1/stories/{id}', { params: { path: { id } }, cache: 'no-store' })),
    start: (storyId: string, kind: ConversationKind) =>
      settle(client.POST('/v1/stories/{id}/conversations', { params: { path: { id: storyId } }, body: { kind } })),
    get: (id: string) => settle(client.GET('/v1/conversations/{id}', { params: { path: { id } }, cache: 'no-store' })),
    record: (id: string, etag: string, body: ConversationChanges) =>
      settle(client.PATCH('/v1/conversations/{id}', { params: { path: { id }, header: { 'if-match': etag } }, body })),
    conclude: (id: string, body: { resolved: boolean; unresolvedReason?: string }) =>
      settle(client.POST('/v1/conversations/{id}/conclude', { params: { path: { id } }, body })),
    setPlan: (id: string, body: IntensivePlan) =>
      settle(client.PUT('/v1/conversations/{id}/intensive-plan', { params: { path: { id } }, body })),
    touchpoints: (id: string) =>
      settle(client.GET('/v1/conversations/{id}/touchpoints', { params: { path: { id } }, cache: 'no-store' })),
    logTouchpoint: (id: string, body: Schemas['NewTouchpoint']) =>
      settle(client.POST('/v1/conversations/{id}/touchpoints', { params: { path: { id } }, body })),
    spends: (id: string) =>
      settle(client.GET('/v1/conversations/{id}/contingency-spends', { params: { path: { id } }, cache: 'no-store' })),
    spend: (id: string, body: Schemas['NewContingencySpend']) =>
      settle(client.POST('/v1/conversations/{id}/contingency-spends', { params: { path: { id } }, body })),
    board: (teamId: string, cursor?: string | null) =>
      settle(
        client.GET('/v1/teams/{id}/board', {
          params: { path: { id: teamId }, query: cursor ? { cursor } : {} },
          cache: 'no-store',
        }),
      ),
    caseload: (query: {
      scope: 'mine' | 'team' | 'all';
      stage?: StoryStage | undefined;
      waitingLongerThan?: number | undefined;
      cursor?: string | undefined;
    }) => settle(client.GET('/v1/stories', { params: { query }, cache: 'no-store' })),
    pickUp: (storyId: string) =>
      settle(client.POST('/v1/stories/{id}/pick-up', { params: { path: { id: storyId } }, body: {} })),
    handOn: (storyId: string, note: string) =>
      settle(client.POST('/v1/stories/{id}/hand-on', { params: { path: { id: storyId } }, body: { note } })),
    colleagues: () => settle(client.GET('/v1/colleagues', { cache: 'no-store' })),
    act: (storyId: string, action: StoryActionPath, body: Schemas['StoryAction']) =>
      settle(client.POST(`/v1/stories/{id}/${action}`, { params: { path: { id: storyId } }, body })),
    givePeerStep: (storyId: string, body: { outcome: PeerStepOutcome; why: string }) =>
      settle(client.POST('/v1/stories/{id}/peer-steps', { params: { path: { id: storyId } }, body })),
    /** The person asks to go straight to the eligibility assessment (Care Act s9(3)). */
    requestAssessment: (storyId: string, body: Schemas['NewAssessmentRequest']) =>
      settle(client.POST('/v1/stories/{id}/assessment-request', { params: { path: { id: storyId } }, body })),
  };
}

export type ConversationsApi = ReturnType<typeof conversationsApi>;

export function useConversationsApi(): ConversationsApi {
  return conversationsApi(useApi());
}
