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
