import type { Database } from '@threefold/db';
import { isStoryAuthor, type PeerStepOutcome } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, ruleBreach } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { conversationRepository } from './conversation.repository.js';
import { assertStoryOpen } from './story-life.js';
import { storyRepository } from './story.repository.js';

/**
 * The peer step: one fresh look at a story by a colleague who is not its author (neither its holder
 * nor anyone who led one of its conversations). Asking for one is optional (a story action); giving
 * one records who, when, the outcome and why, answers any open request, and — when the outcome is
 * `exhausted` — is the sign-off the conversation 3 gate accepts from a qualified peer.
 */
export class PeerStepService {
  constructor(private readonly db: Database) {}

  async give(actor: Actor, storyId: string, input: { outcome: PeerStepOutcome; why: string }) {
    const user = asUser(actor.principal, 'A peer step is given by a colleague.');
    const why = input.why.trim();
    if (!why) throw invalidField('why', 'say what you found');
    return this.db.transaction(async (tx) => {
      const story = await storyRepository.lock(tx, storyId);
      if (!story) throw notFound('story');
      assertStoryOpen(story);
      const convs = await conversationRepository.ofStory(tx, storyId);
      if (isStoryAuthor({ heldById: story.heldById, conversationAuthorIds: convs.map((c) => c.authorId) }, user.userId))
        throw ruleBreach('peer_step_by_author', 'Not a peer', [
          {
            code: 'peer_step_by_author',
            detail: 'A peer step comes from a colleague who neither holds this story nor led one of its conversations.',
          },
        ]);
      const qualified = user.permissions.has('conversations:peer-sign-off');
      if (input.outcome === 'exhausted' && !qualified)
        throw new AppProblem(
          403,
          'peer_step_not_qualified',
          'Not qualified to sign off',
          'Only a qualified practitioner can sign off that conversations 1 and 2 are exhausted; give advice instead.',
        );
      const row = await storyRepository.insertSignOff(tx, {
        storyId,
        byId: user.userId,
        qualified,
        outcome: input.outcome,
        conversationIds: convs.filter((c) => c.kind === 1 || c.kind === 2).map((c) => c.id),
        note: why,
      });
      const asked = await storyRepository.openRequest(tx, storyId, 'peer_review');
      if (asked)
        await storyRepository.answerRequest(tx, asked.id, {
          answeredAt: actor.now(),
          answeredById: user.userId,
          answer: why,
        });
      await storyRepository.addEvent(tx, { storyId, kind: `peer_step_${input.outcome}`, byId: user.userId, note: why });
      await storyRepository.update(tx, storyId, { version: story.version + 1 });
      await actor.audit(tx, {
        action: 'peer_step.create',
        resourceType: 'story',
        resourceId: storyId,
        personId: story.personId,
      });
      return row.id;
    });
  }
}
