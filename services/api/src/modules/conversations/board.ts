import type { Database } from '@threefold/db';
import { isRole, permissionsOfRoles } from '@threefold/domain';
import type { Actor } from '../../platform/actor.js';
import { boardRepository } from './board.repository.js';
import { requestView } from './views.js';

/** The team's board (stories that need someone) and the colleagues a story can be shared with. */
export class BoardService {
  constructor(private readonly db: Database) {}

  /** Open stories nobody holds, oldest first, then held stories asking for a peer review or a risk panel. */
  async board(_actor: Actor, teamId: string) {
    const [waiting, asking] = await Promise.all([
      boardRepository.waiting(this.db, teamId),
      boardRepository.asking(this.db, teamId),
    ]);
    const rows = [...waiting, ...asking];
    const ids = rows.map((r) => r.story_id);
    const requests = ids.length ? await boardRepository.openRequestsOfStories(this.db, ids) : [];
    return {
      items: rows.map((r) => ({
        storyId: r.story_id,
        personId: r.person_id,
        personName: `${r.given_name} ${r.family_name}`,
        openedAt: new Date(r.opened_at).toISOString(),
        heldById: r.held_by_id,
        openRequests: requests.filter((q) => q.storyId === r.story_id).map(requestView),
        latestConversationKind: r.kind,
        lastNote: r.note,
      })),
    };
  }

  /** Active colleagues, to invite onto a story and to name on its timeline. */
  async colleagues(_actor: Actor) {
    const rows = await boardRepository.activeColleagues(this.db);
    return {
      items: rows.map((r) => ({
        id: r.id,
        displayName: r.displayName,
        teamIds: r.teamIds,
        qualified: permissionsOfRoles(r.roles.filter(isRole)).has('conversations:peer-sign-off'),
      })),
    };
  }
}
