import type { Database, DbOrTx } from '@threefold/db';
import { closeProblems, reopenProblems, stageReached } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, notFound, ruleBreach } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { conversationRepository } from './conversation.repository.js';
import type { CloseStoryBody, ReopenStoryBody, StoryClosureBody } from './story-life.schemas.js';
import { storyRepository } from './story.repository.js';

type StoryRow = NonNullable<Awaited<ReturnType<typeof storyRepository.find>>>;

/** The refusal for any new work on a closed story: reopen it first. */
export const storyClosed = () =>
  new AppProblem(409, 'story_closed', 'Story closed', 'This story is closed: reopen it to add to it.');

/** New work (a conversation, touchpoint, spend, request, pick-up) goes only to an open story. */
export function assertStoryOpen(story: Pick<StoryRow, 'status'>): void {
  if (story.status !== 'open') throw storyClosed();
}

/** How a closed story ended, for the story's view; null while it is open. */
export function closureView(row: StoryRow): StoryClosureBody | null {
  if (row.status !== 'closed' || !row.closedAt || !row.closedReason || !row.closedStage || !row.resolvedWhatMattered)
    return null;
  return {
    reason: row.closedReason,
    stage: row.closedStage,
    resolvedWhatMattered: row.resolvedWhatMattered,
    personsWords: row.personsWords,
    note: row.closedNote,
    closedAt: row.closedAt.toISOString(),
    closedById: row.closedById,
  };
}

/**
 * Closing and reopening a story. Each happens under a lock on the story, against the version the
 * colleague read (`If-Match`), and writes its history entry, its event and its audit row with it.
 */
export class StoryLifeService {
  constructor(private readonly db: Database) {}

  async close(actor: Actor, storyId: string, expected: number, input: CloseStoryBody): Promise<void> {
    const user = asUser(actor.principal, 'Stories are closed by colleagues.');
    await this.db.transaction(async (tx) => {
      const story = await storyRepository.lock(tx, storyId);
      if (!story) throw notFound('story');
      await this.checkPerson(tx, story.personId, user.permissions);
      if (story.version !== expected) throw staleVersion();
      const conversations = await conversationRepository.ofStory(tx, storyId);
      const problems = closeProblems(
        {
          status: story.status,
          conversations: conversations.map((c) => ({
            kind: c.kind as 1 | 2 | 3,
            status: c.status,
            resolved: c.resolved,
          })),
        },
        input,
      );
      if (problems.some((p) => p.code === 'already_closed')) throw storyClosed();
      if (problems.length) throw ruleBreach('story_cannot_close', 'The story cannot close like this', problems);
      const stage = stageReached(conversations.map((c) => ({ kind: c.kind as 1 | 2 | 3 })));
      const personsWords = input.personsWords?.trim() || null;
      const note = input.note?.trim() || null;
      await storyRepository.update(tx, storyId, {
        status: 'closed',
        closedAt: actor.now(),
        closedById: user.userId,
        closedReason: input.reason,
        closedStage: stage,
        resolvedWhatMattered: input.resolvedWhatMattered,
        personsWords,
        closedNote: note,
        version: story.version + 1,
      });
      await storyRepository.addEvent(tx, {
        storyId,
        kind: 'closed',
        byId: user.userId,
        note: [input.reason, note].filter(Boolean).join(': '),
        at: actor.now(),
      });
      await recordEvent(tx, {
        type: 'story.closed',
        subjectType: 'story',
        subjectId: storyId,
        data: { personId: story.personId, reason: input.reason, stage },
      });
      await actor.audit(tx, {
        action: 'story.close',
        resourceType: 'story',
        resourceId: storyId,
        personId: story.personId,
      });
    });
  }

  async reopen(actor: Actor, storyId: string, expected: number, input: ReopenStoryBody): Promise<void> {
    const user = asUser(actor.principal, 'Stories are reopened by colleagues.');
    await this.db.transaction(async (tx) => {
      const found = await storyRepository.find(tx, storyId);
      if (!found) throw notFound('story');
      // The person's stories are locked first (as a new contact does), so a contact cannot open a
      // second story while this one reopens.
      await storyRepository.lockStoriesOfPerson(tx, found.personId);
      const story = (await storyRepository.lock(tx, storyId))!;
      await this.checkPerson(tx, story.personId, user.permissions);
      if (story.version !== expected) throw staleVersion();
      const open = await storyRepository.openOfPerson(tx, story.personId);
      const problems = reopenProblems({ status: story.status, otherOpenStory: Boolean(open && open.id !== storyId) });
      if (problems.length) throw ruleBreach('story_cannot_reopen', 'The story cannot reopen', problems);
      await storyRepository.update(tx, storyId, {
        status: 'open',
        closedAt: null,
        closedById: null,
        closedReason: null,
        closedStage: null,
        resolvedWhatMattered: null,
        personsWords: null,
        closedNote: null,
        heldById: user.userId,
        version: story.version + 1,
      });
      await storyRepository.addEvent(tx, {
        storyId,
        kind: 'reopened',
        byId: user.userId,
        note: input.reason.trim(),
        at: actor.now(),
      });
      await recordEvent(tx, {
        type: 'story.reopened',
        subjectType: 'story',
        subjectId: storyId,
        data: { personId: story.personId },
      });
      await actor.audit(tx, {
        action: 'story.reopen',
        resourceType: 'story',
        resourceId: storyId,
        personId: story.personId,
      });
    });
  }

  /** A restricted person's story is not found by a colleague who may not see restricted records. */
  private async checkPerson(
    tx: Parameters<typeof storyRepository.find>[0],
    personId: string,
    permissions: ReadonlySet<string>,
  ) {
    const person = await storyRepository.personToOpenFor(tx, personId);
    if (!person || (person.restricted && !permissions.has('people:restricted'))) throw notFound('story');
  }
}

/**
 * The end of support (the person died or moved away): every open story of the person closes with
 * that reason, in the caller's transaction, with its history entry, `story.closed` and audit.
 * The person's answer is `not_asked`; the stage is where each story had reached. Returns the ids.
 */
export async function closeStoriesForEndOfSupport(
  tx: DbOrTx,
  actor: Actor,
  personId: string,
  reason: 'died' | 'moved_away',
  note: string | null,
): Promise<string[]> {
  const byId = actor.principal.kind === 'user' ? actor.principal.userId : null;
  const open = await storyRepository.openIdsOfPerson(tx, personId);
  for (const { id } of open) {
    const story = (await storyRepository.lock(tx, id))!;
    if (story.status !== 'open') continue;
    const conversations = await conversationRepository.ofStory(tx, id);
    const stage = stageReached(conversations.map((c) => ({ kind: c.kind as 1 | 2 | 3 })));
    await storyRepository.update(tx, id, {
      status: 'closed',
      closedAt: actor.now(),
      closedById: byId,
      closedReason: reason,
      closedStage: stage,
      resolvedWhatMattered: 'not_asked',
      personsWords: null,
      closedNote: note,
      version: story.version + 1,
    });
    await storyRepository.addEvent(tx, {
      storyId: id,
      kind: 'closed',
      byId,
      note: [reason, note].filter(Boolean).join(': '),
      at: actor.now(),
    });
    await recordEvent(tx, {
      type: 'story.closed',
      subjectType: 'story',
      subjectId: id,
      data: { personId, reason, stage },
    });
    await actor.audit(tx, { action: 'story.close', resourceType: 'story', resourceId: id, personId });
  }
  return open.map((s) => s.id);
}
