import { Type } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { Id, Instant } from './schema-fields.js';

// The team's board, the requests that put a story on it, and the colleagues a story can be shared with.

export const StoryRequest = Strict(
  {
    kind: StringEnum(['peer_review', 'risk_panel'] as const),
    byId: Type.Union([Id, Type.Null()]),
    note: Type.String({ maxLength: 4000 }),
    at: Instant,
  },
  {
    $id: 'StoryRequest',
    title: 'StoryRequest',
    description: 'An open request on a story for a peer review or a risk panel: it stays open until one is recorded.',
  },
);

export const BoardItem = Strict(
  {
    storyId: Id,
    personId: Id,
    personName: Type.String({ maxLength: 210 }),
    openedAt: Instant,
    heldById: Type.Union([Id, Type.Null()], {
      description: 'Null when nobody holds it; set when it is on the board for an open request.',
    }),
    openRequests: Type.Array(ref(StoryRequest), { maxItems: 2 }),
    latestConversationKind: Type.Union([Type.Integer({ minimum: 1, maximum: 3, format: 'int32' }), Type.Null()]),
    lastNote: Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]),
  },
  { $id: 'BoardItem', title: 'BoardItem' },
);

export const Board = Strict(
  { items: Type.Array(ref(BoardItem), { maxItems: 1000 }) },
  {
    $id: 'Board',
    title: 'Board',
    description: 'Stories nobody holds (oldest first), then held stories asking for a peer review or a risk panel.',
  },
);

export const Colleague = Strict(
  {
    id: Id,
    displayName: Type.String({ maxLength: 200 }),
    teamIds: Type.Array(Id, { maxItems: 50 }),
    qualified: Type.Boolean({ description: 'A qualified social worker: may give a peer sign-off.' }),
  },
  { $id: 'Colleague', title: 'Colleague' },
);

export const ColleagueList = Strict(
  { items: Type.Array(ref(Colleague), { maxItems: 2000 }) },
  { $id: 'ColleagueList', title: 'ColleagueList', description: 'Active colleagues, by name.' },
);
