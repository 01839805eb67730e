import { caseloadSchemas } from './caseload.schemas.js';
import { Board, Colleague, ColleagueList, StoryCard, StoryRequest, Urgency } from './board.schemas.js';
import {
  ContingencyLedger,
  ContingencySpend,
  NewContingencySpend,
  NewTouchpoint,
  Touchpoint,
  TouchpointLog,
} from './conversation-two.schemas.js';
import {
  Advocacy,
  AdvocacyResult,
  ConcludeConversation,
  Conversation,
  ConversationChanges,
  ConversationOutputs,
  IntensivePlan,
  Participant,
  Strengths,
} from './conversation.schemas.js';
import {
  AssessmentRequest,
  Gate,
  NewAssessmentRequest,
  NewPeerStep,
  NewStory,
  PeerStep,
  StartConversation,
  Story,
  StoryAction,
} from './story.schemas.js';

export * from './board.schemas.js';
export * from './conversation-two.schemas.js';
export * from './conversation.schemas.js';
export * from './story.schemas.js';

export const conversationSchemas = [
  Strengths,
  Participant,
  Advocacy,
  AdvocacyResult,
  ConversationOutputs,
  IntensivePlan,
  Conversation,
  ConversationChanges,
  ConcludeConversation,
  StoryRequest,
  Gate,
  NewAssessmentRequest,
  AssessmentRequest,
  Story,
  NewStory,
  StartConversation,
  Touchpoint,
  NewTouchpoint,
  TouchpointLog,
  ContingencySpend,
  NewContingencySpend,
  ContingencyLedger,
  PeerStep,
  NewPeerStep,
  Urgency,
  StoryCard,
  Board,
  Colleague,
  ColleagueList,
  StoryAction,
  ...caseloadSchemas,
];
