import { storyStages } from '@threefold/domain';
import { Type } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { StoryCard } from './board.schemas.js';

// The caseload list: stories I hold, my teams' stories, or every story I may see.

export const CaseloadQuery = Strict({
  scope: Type.Optional(
    StringEnum(['mine', 'team', 'all'] as const, {
      default: 'mine',
      description:
        '`mine`: stories I hold; `team`: my teams’ stories; `all`: every story I may see (restricted people’s only with `people:restricted`).',
    }),
  ),
  stage: Type.Optional(StringEnum(storyStages, { description: 'Only stories at this stage.' })),
  waitingLongerThan: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 3650,
      format: 'int32',
      description: 'Only stories waiting more than this many whole days.',
    }),
  ),
  status: Type.Optional(StringEnum(['open', 'closed'] as const, { default: 'open' })),
  ...PageQuery,
});

export const Caseload = Strict(
  { items: Type.Array(ref(StoryCard), { maxItems: 200 }), nextCursor: NextCursor },
  {
    $id: 'Caseload',
    title: 'Caseload',
    description: 'Stories, most urgent first (the board’s order), a page at a time.',
  },
);

export const caseloadSchemas = [Caseload];
