import { randomUUID } from 'node:crypto';
import type { DbOrTx, Tx } from '@threefold/db';
import { kindOfStage, storyStage, type ConversationKind, type StoryStage } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import type { Actor } from '../../platform/actor.js';
import { staffRepository } from '../staff/repository.js';
import { conversationRepository } from './conversation.repository.js';
import { storyRepository } from './story.repository.js';

/** An open case from a council's file, its person already imported. */
export interface ImportedStory {
  id: string;
  personId: string;
  stage: StoryStage;
  openedAt: Date;
  /** The colleague holding it (found by email), or null to leave it on the team's board. */
  heldById: string | null;
  whatMatters: string | null;
}

/** Which of these people already have an open story (one person, one open story). */
export function peopleWithOpenStory(db: DbOrTx, personIds: string[]): Promise<Set<string>> {
  return storyRepository.peopleWithOpenStory(db, personIds);
}

/** Active colleagues by lower-cased email (the holder an imported case names). */
export function colleaguesByEmail(db: DbOrTx, emails: string[]): Promise<Map<string, string>> {
  return staffRepository.activeByEmails(db, emails);
}

/**
 * Records open cases from an import in `tx`: each a story opened when the council opened it, in
 * the holder's team (or the importing colleague's), with an `opened` entry by the importing
 * colleague; at a conversation stage, that conversation open and started when the case opened,
 * led by the holder (or the importing colleague), so the story stands at the council's stage.
 * The import audits the batch.
 */
export async function recordImportedStories(tx: Tx, actor: Actor, batch: ImportedStory[]): Promise<void> {
  const user = asUser(actor.principal, 'Cases are imported by colleagues.');
  const holders = batch.flatMap((s) => (s.heldById ? [s.heldById] : []));
  const teamsOf = await staffRepository.teamIdsOf(tx, [...new Set([...holders, user.userId])]);
  const now = actor.now();
  for (const story of batch) {
    const teamId = (story.heldById ? teamsOf.get(story.heldById)?.[0] : undefined) ?? teamsOf.get(user.userId)?.[0];
    await storyRepository.insert(tx, {
      id: story.id,
      personId: story.personId,
      teamId: teamId ?? null,
      heldById: story.heldById,
      openedAt: story.openedAt,
    });
    await storyRepository.addEvent(tx, {
      storyId: story.id,
      kind: 'opened',
      byId: user.userId,
      note: 'imported from the council',
      at: now,
    });
    const kind = kindOfStage(story.stage);
    if (kind)
      await conversationRepository.insert(tx, {
        storyId: story.id,
        kind,
        authorId: story.heldById ?? user.userId,
        status: 'open',
        whatMatters: story.whatMatters ?? '',
        startedAt: story.openedAt,
      });
  }
}

/** Each story's stage now (the conversation that started last) and what matters as that conversation holds it, for a hand-back. */
export async function stagesOfStories(
  db: DbOrTx,
  storyIds: string[],
): Promise<Map<string, { stage: StoryStage; whatMatters: string | null }>> {
  const rows = await conversationRepository.stagesOfStories(db, storyIds);
  return new Map(
    storyIds.map((id) => {
      const mine = rows.filter((r) => r.storyId === id).map((r) => ({ ...r, kind: r.kind as ConversationKind }));
      const stage = storyStage(mine);
      const current = mine.filter((r) => r.kind === kindOfStage(stage)).sort((a, b) => +b.startedAt - +a.startedAt)[0];
      return [id, { stage, whatMatters: current?.whatMatters || null }];
    }),
  );
}

/** Where a live budget imported for a person sits: the story and conversation 3 it belongs to. */
export interface ImportedBudgetPlace {
  storyId: string;
  conversationId: string;
  teamId: string | null;
}

/**
 * The story and conversation 3 for a live budget imported for this person, in `tx`: their open
 * story (an imported open case, say) and its latest conversation 3; a conversation 3 opened on
 * that story when it has none (started when the budget started, by the importing colleague);
 * with no open story, a new one opened at conversation 3 on the budget's start, as an imported case.
 */
export async function placeForImportedBudget(
  tx: Tx,
  actor: Actor,
  personId: string,
  startedAt: Date,
): Promise<ImportedBudgetPlace> {
  const user = asUser(actor.principal, 'Budgets are imported by colleagues.');
  const kind = kindOfStage('conversation_3')!;
  const open = await storyRepository.openOfPerson(tx, personId);
  if (open) {
    const story = (await storyRepository.find(tx, open.id))!;
    const third = (await conversationRepository.ofStory(tx, open.id)).filter((c) => c.kind === kind).at(-1);
    const conversationId =
      third?.id ??
      (
        await conversationRepository.insert(tx, {
          storyId: open.id,
          kind,
          authorId: story.heldById ?? user.userId,
          status: 'open',
          whatMatters: '',
          startedAt,
        })
      ).id;
    return { storyId: open.id, conversationId, teamId: story.teamId };
  }
  const storyId = randomUUID();
  await recordImportedStories(tx, actor, [
    { id: storyId, personId, stage: 'conversation_3', openedAt: startedAt, heldById: null, whatMatters: null },
  ]);
  const story = (await storyRepository.find(tx, storyId))!;
  const third = (await conversationRepository.ofStory(tx, storyId)).find((c) => c.kind === kind)!;
  return { storyId, conversationId: third.id, teamId: story.teamId };
}
