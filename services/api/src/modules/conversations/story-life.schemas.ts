import { closeReasons, resolvedWhatMatteredAnswers, storyStages } from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { StringEnum, Strict } from '../../schemas/common.js';
import { Id, Instant } from './schema-fields.js';

/** A story's closing: why, how far it had come, and what the person said. */

export const CloseReason = StringEnum(closeReasons, {
  description:
    'Why the story closed: resolved in conversation 1, 2 or 3; long-term support arranged; moved away; died; declined ' +
    'further help; handed to another organisation; a duplicate.',
});
export const ResolvedWhatMattered = StringEnum(resolvedWhatMatteredAnswers, {
  description: '“Did this resolve what mattered to you?” — `not_asked` when the person could not be asked.',
});
export const StoryStage = StringEnum(storyStages, {
  description: 'How far the story had come when it closed: the contact only, or the furthest conversation held.',
});

export const CloseStory = Strict(
  {
    reason: CloseReason,
    resolvedWhatMattered: ResolvedWhatMattered,
    personsWords: Type.Optional(
      Type.String({
        maxLength: 4000,
        description: 'The person’s own words in answer to the question. Required unless `not_asked`.',
      }),
    ),
    note: Type.Optional(
      Type.String({ maxLength: 4000, description: 'Anything a colleague reading later should know.' }),
    ),
  },
  { $id: 'CloseStory', title: 'CloseStory' },
);
export type CloseStoryBody = Static<typeof CloseStory>;

export const ReopenStory = Strict(
  { reason: Type.String({ minLength: 1, maxLength: 4000, description: 'Why the story is opened again.' }) },
  { $id: 'ReopenStory', title: 'ReopenStory' },
);
export type ReopenStoryBody = Static<typeof ReopenStory>;

export const StoryClosure = Strict(
  {
    reason: CloseReason,
    stage: StoryStage,
    resolvedWhatMattered: ResolvedWhatMattered,
    personsWords: Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]),
    note: Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]),
    closedAt: Instant,
    closedById: Type.Union([Id, Type.Null()]),
  },
  {
    $id: 'StoryClosure',
    title: 'StoryClosure',
    description: 'How a closed story ended; null while the story is open.',
  },
);
export type StoryClosureBody = Static<typeof StoryClosure>;

export const storyLifeSchemas = [CloseStory, ReopenStory, StoryClosure];
