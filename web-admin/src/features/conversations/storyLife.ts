import type { Schemas } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';
import type { Story } from './api';

export { answerLabels, closeReasonLabels, stageLabels } from '@/format/stories';

export type CloseStoryBody = Schemas['CloseStory'];
export type CloseReason = CloseStoryBody['reason'];
export type ResolvedWhatMattered = CloseStoryBody['resolvedWhatMattered'];
export type StoryStage = Schemas['StoryClosure']['stage'];

/** The story's ETag as the API sends it: the version the colleague read. */
export const storyEtag = (story: Pick<Story, 'id' | 'version'>) => `"${story.id}.v${story.version}"`;

/** Closing and reopening a story. */
export function useStoryLifeApi() {
  const client = useApi();
  return {
    close: (story: Story, body: CloseStoryBody) =>
      settle(
        client.POST('/v1/stories/{id}/close', {
          params: { path: { id: story.id }, header: { 'if-match': storyEtag(story) } },
          body,
        }),
      ),
    reopen: (story: Story, reason: string) =>
      settle(
        client.POST('/v1/stories/{id}/reopen', {
          params: { path: { id: story.id }, header: { 'if-match': storyEtag(story) } },
          body: { reason },
        }),
      ),
  };
}

/** Why closing or reopening was refused, in plain words; anything else uses the API's own detail. */
const ruleTexts: Record<string, string> = {
  conversation_not_held: 'That conversation has not been held and concluded on this story.',
  conversation_not_resolved: 'That conversation concluded unresolved: choose the reason that says how the story ended.',
  conversation_still_open: 'A conversation is still open: conclude it first, or choose another reason.',
  conversation_3_not_held: 'Long-term support is arranged in conversation 3, which this story has not had.',
  persons_words_required: 'Write down what they said, in their own words.',
  persons_words_not_asked: 'They were not asked, so leave their words empty and say why in the note.',
  cannot_be_asked: 'When the person died, or the story is a duplicate, choose “Not asked”.',
  not_closed: 'This story is already open.',
  person_has_open_story: 'They already have an open story: carry on there instead.',
};
export const storyLifeRuleText = (rule: { code: string; detail?: string }) =>
  ruleTexts[rule.code] ?? rule.detail ?? rule.code;
