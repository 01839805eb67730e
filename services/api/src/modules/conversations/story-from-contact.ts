import { stories, storyContacts, storyEvents, type Tx } from '@threefold/db';
import type { ContactOutcome } from '@threefold/domain';
import { and, desc, eq, sql } from 'drizzle-orm';
import { recordEvent } from '../../outbox/record-event.js';

type AuditInTx = (
  tx: Tx,
  e: { action: string; resourceType: string; resourceId: string; personId: string | null },
) => Promise<void>;

/** The front-door outcomes that mean a conversation with the person: each leads into their story. */
export function leadsToConversation(outcome: ContactOutcome | null | undefined): boolean {
  return (
    outcome === 'progressed_to_conversation_1' ||
    outcome === 'progressed_to_conversation_2' ||
    outcome === 'progressed_to_conversation_3'
  );
}

/**
 * A contact progressed to a conversation opens the person's story, linked to that contact, or —
 * when the person already has an open story — joins it (one person, one open story). Runs in the
 * contact's transaction, so the contact, the story and `story.opened` commit together or not at
 * all. A colleague who records it holds the story; a contact from a council system leaves it on
 * the team's board for someone to pick up.
 */
export async function storyForContact(
  tx: Tx,
  input: { personId: string; contactId: string; teamId: string | null; byUserId: string | null },
  audit: AuditInTx,
): Promise<{ storyId: string; opened: boolean }> {
  // Two contacts about the same person at once must not open two stories.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`story-of:${input.personId}`}, 0))`);
  const [open] = await tx
    .select({ id: stories.id })
    .from(stories)
    .where(and(eq(stories.personId, input.personId), eq(stories.status, 'open')))
    .orderBy(desc(stories.openedAt))
    .limit(1);
  if (open) {
    await tx.insert(storyContacts).values({ contactId: input.contactId, storyId: open.id });
    await tx.insert(storyEvents).values({
      storyId: open.id,
      kind: 'contact',
      byId: input.byUserId,
      note: '',
    });
    await audit(tx, {
      action: 'story.contact',
      resourceType: 'story',
      resourceId: open.id,
      personId: input.personId,
    });
    return { storyId: open.id, opened: false };
  }
  const [story] = await tx
    .insert(stories)
    .values({
      personId: input.personId,
      contactId: input.contactId,
      teamId: input.teamId,
      heldById: input.byUserId,
    })
    .returning({ id: stories.id });
  await tx.insert(storyContacts).values({ contactId: input.contactId, storyId: story!.id });
  await tx.insert(storyEvents).values({ storyId: story!.id, kind: 'opened', byId: input.byUserId });
  await recordEvent(tx, {
    type: 'story.opened',
    subjectType: 'story',
    subjectId: story!.id,
    data: { personId: input.personId, contactId: input.contactId },
  });
  await audit(tx, { action: 'story.open', resourceType: 'story', resourceId: story!.id, personId: input.personId });
  return { storyId: story!.id, opened: true };
}
