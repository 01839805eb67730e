import { Type } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { storyStages, urgencyLevels } from '@threefold/domain';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { Id, Instant } from './schema-fields.js';

// The team's board, the requests that put a story on it, and the colleagues a story can be shared with.

export const StoryRequest = Strict(
  {
    kind: StringEnum(['peer_step', 'risk_panel'] as const),
    byId: Type.Union([Id, Type.Null()]),
    note: Type.String({ maxLength: 4000 }),
    at: Instant,
  },
  {
    $id: 'StoryRequest',
    title: 'StoryRequest',
    description: 'An open request on a story for a peer step or a risk panel: it stays open until one is given.',
  },
);

export const StoryStageField = StringEnum(storyStages, {
  description:
    'Where the story stands: the conversation that started last, or `contact` while none has. Not the first contact’s outcome.',
});

export const Urgency = Strict(
  {
    level: StringEnum(urgencyLevels, {
      description:
        'Most urgent first: conversation 2 touchpoints overdue, conversation 2, waiting longer than the limit (14 days), the rest.',
    }),
    touchpointOverdue: Type.Boolean({ description: 'Conversation 2 is open and its touchpoints have fallen behind.' }),
    atRiskUnheld: Type.Boolean({
      description: 'A person at risk (conversation 2) whose story nobody holds for longer than the touchpoint gap.',
    }),
  },
  { $id: 'Urgency', title: 'Urgency' },
);

export const StoryCard = Strict(
  {
    storyId: Id,
    personId: Id,
    personName: Type.String({ maxLength: 210 }),
    teamId: Type.Union([Id, Type.Null()]),
    status: StringEnum(['open', 'closed'] as const),
    openedAt: Instant,
    stage: StoryStageField,
    daysWaiting: Type.Integer({
      minimum: 0,
      maximum: 100000,
      format: 'int32',
      description:
        'Whole days waiting: since it went on the board (opened unheld, handed on, or its holder disabled) when nobody active ' +
        'holds it; since its last activity (an event, a conversation started or concluded, a touchpoint) when someone does.',
    }),
    waitingSince: Instant,
    urgency: ref(Urgency),
    heldById: Type.Union([Id, Type.Null()], { description: 'Null when nobody holds it.' }),
    holderName: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    holderDisabled: Type.Boolean({
      description: 'Held by a colleague whose account is disabled: back on the team’s board until someone picks it up.',
    }),
    openRequests: Type.Array(ref(StoryRequest), { maxItems: 2 }),
    lastNote: Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]),
  },
  {
    $id: 'StoryCard',
    title: 'StoryCard',
    description:
      'A story as the board and the caseload show it: stage, how long it has waited, urgency and who holds it.',
  },
);

export const Board = Strict(
  { items: Type.Array(ref(StoryCard), { maxItems: 200 }), nextCursor: NextCursor },
  {
    $id: 'Board',
    title: 'Board',
    description:
      'The team’s open stories that need someone — nobody holds them, they ask for a peer step or a risk panel, or their ' +
      'holder is disabled — most urgent first, a page at a time.',
  },
);

export const BoardQuery = Strict({ ...PageQuery });

export const Colleague = Strict(
  {
    id: Id,
    displayName: Type.String({ maxLength: 200 }),
    teamIds: Type.Array(Id, { maxItems: 50 }),
    qualified: Type.Boolean({
      description: 'A qualified social worker: their peer step can sign off conversations 1 and 2.',
    }),
    seesConversations: Type.Boolean({
      description:
        'Their roles let them read stories and conversations, so they can be invited to one (an administrator or auditor cannot).',
    }),
  },
  { $id: 'Colleague', title: 'Colleague' },
);

export const ColleagueList = Strict(
  { items: Type.Array(ref(Colleague), { maxItems: 2000 }) },
  { $id: 'ColleagueList', title: 'ColleagueList', description: 'Active colleagues, by name.' },
);
