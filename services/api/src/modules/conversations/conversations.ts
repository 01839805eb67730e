import type { Database, DbOrTx } from '@threefold/db';
import {
  concludeProblems,
  conversationOutputsProblems,
  dateInEngland,
  type ConversationKind,
  type RuleProblem,
} from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, notFound, ruleBreach } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { conversationRepository } from './conversation.repository.js';
import type { ConversationChangesBody } from './schemas.js';
import { assertStoryOpen } from './story-life.js';
import { storyRepository } from './story.repository.js';
import { conversationView, gateOf, ruleView } from './views.js';

const colleagueOf = (actor: Actor) => asUser(actor.principal, 'Conversations are held by colleagues.');

const alreadyConcluded = () =>
  new AppProblem(409, 'already_concluded', 'Already concluded', 'A concluded conversation cannot change.');

/** A conversation's story, for whose person it is; every conversation has one. */
async function storyOf(db: DbOrTx, storyId: string) {
  const story = await storyRepository.find(db, storyId);
  if (!story) throw notFound('story');
  return story;
}

/** Starting, recording and concluding the three conversations. */
export class ConversationService {
  constructor(private readonly db: Database) {}

  /** Conversation 3 opens only through the gate; 1 and 2 may start at any time on an open story. */
  async start(actor: Actor, storyId: string, kind: ConversationKind) {
    const user = colleagueOf(actor);
    return this.db.transaction(async (tx) => {
      const story = await storyRepository.lock(tx, storyId);
      if (!story) throw notFound('story');
      assertStoryOpen(story);
      if (kind === 3) {
        const gate = gateOf(
          await conversationRepository.ofStory(tx, storyId),
          await storyRepository.signOffsOf(tx, storyId),
          story.assessmentRequestedAt !== null,
        );
        if (!gate.open) throw ruleBreach('conversation_3_gate_closed', 'Conversation 3 cannot open yet', gate.unmet);
      }
      const row = await conversationRepository.insert(tx, { storyId, kind, authorId: user.userId });
      await storyRepository.update(tx, storyId, {
        heldById: story.heldById ?? user.userId,
        version: story.version + 1,
      });
      await recordEvent(tx, {
        type: 'conversation.started',
        subjectType: 'conversation',
        subjectId: row.id,
        data: { kind, storyId },
      });
      if (kind === 3) {
        await recordEvent(tx, {
          type: 'conversation3.gate-passed',
          subjectType: 'story',
          subjectId: storyId,
          data: {
            conversationId: row.id,
            route: story.assessmentRequestedAt !== null ? 'assessment_requested' : 'peer_step',
          },
        });
      }
      await actor.audit(tx, {
        action: 'conversation.start',
        resourceType: 'conversation',
        resourceId: row.id,
        personId: story.personId,
      });
      return conversationView(row, null);
    });
  }

  async conversation(_actor: Actor, id: string) {
    const row = await conversationRepository.find(this.db, id);
    if (!row) throw notFound('conversation');
    const plan = await conversationRepository.planOf(this.db, id);
    const story = await storyOf(this.db, row.storyId);
    return { view: conversationView(row, plan), personId: story.personId };
  }

  async record(actor: Actor, id: string, expected: number, changes: ConversationChangesBody) {
    colleagueOf(actor);
    return this.db.transaction(async (tx) => {
      const current = await conversationRepository.lock(tx, id);
      if (!current) throw notFound('conversation');
      if (current.version !== expected) throw staleVersion();
      if (current.status === 'concluded') throw alreadyConcluded();
      if (changes.outputs) {
        const problems = conversationOutputsProblems(changes.outputs, dateInEngland(current.startedAt));
        if (problems.length)
          throw new AppProblem(
            400,
            'validation_failed',
            'Invalid request',
            'One or more fields are invalid.',
            problems.map((p) => ({
              in: 'body' as const,
              field: p.field,
              pointer: `/${p.field.split('.').join('/')}`,
              message: p.message,
            })),
          );
      }
      const row = await conversationRepository.update(tx, id, {
        ...(changes.participants ? { participants: changes.participants } : {}),
        ...(changes.whatMatters !== undefined ? { whatMatters: changes.whatMatters } : {}),
        ...(changes.strengths ? { strengths: changes.strengths } : {}),
        ...(changes.advocacy ? { advocacy: changes.advocacy } : {}),
        ...(changes.outputs ? { outputs: changes.outputs } : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
        version: current.version + 1,
      });
      const plan = await conversationRepository.planOf(tx, id);
      const story = await storyOf(tx, current.storyId);
      await actor.audit(tx, {
        action: 'conversation.update',
        resourceType: 'conversation',
        resourceId: id,
        personId: story.personId,
      });
      return conversationView(row, plan);
    });
  }

  async conclude(actor: Actor, id: string, outcome: { resolved: boolean; unresolvedReason?: string | undefined }) {
    colleagueOf(actor);
    return this.db.transaction(async (tx) => {
      const current = await conversationRepository.lock(tx, id);
      if (!current) throw notFound('conversation');
      const problems = concludeProblems(ruleView(current), {
        resolved: outcome.resolved,
        ...(outcome.unresolvedReason !== undefined ? { unresolvedReason: outcome.unresolvedReason } : {}),
      });
      const all: RuleProblem[] = [...problems];
      // Every conversation records the advocacy test (Care Act s67), even when the answer is "no difficulty".
      if (!(current.advocacy as { substantialDifficulty?: unknown }).substantialDifficulty) {
        all.push({
          code: 'advocacy_test_missing',
          detail:
            'Record whether the person would have substantial difficulty being involved, and whether someone appropriate can help.',
        });
      }
      if (all.length) throw ruleBreach(all[0]!.code, 'This conversation cannot conclude yet', all);
      const row = await conversationRepository.update(tx, id, {
        status: 'concluded',
        resolved: outcome.resolved,
        unresolvedReason: outcome.resolved ? null : (outcome.unresolvedReason ?? null),
        concludedAt: actor.now(),
        version: current.version + 1,
      });
      const story = await storyOf(tx, current.storyId);
      await recordEvent(tx, {
        type: 'conversation.concluded',
        subjectType: 'conversation',
        subjectId: id,
        data: { kind: current.kind, storyId: current.storyId, resolved: outcome.resolved },
      });
      await actor.audit(tx, {
        action: 'conversation.conclude',
        resourceType: 'conversation',
        resourceId: id,
        personId: story.personId,
      });
      return conversationView(row, await conversationRepository.planOf(tx, id));
    });
  }
}
