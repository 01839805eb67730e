import type { Database } from '@threefold/db';
import { asUser } from '../../auth/principal.js';
import { AppProblem, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { cancelReviewsForEndOfSupport } from '../budgets/reviews.js';
import { notifyPartnersOfEndOfSupport } from '../connections/service.js';
import { closeStoriesForEndOfSupport } from '../conversations/story-life.js';
import { cancelTasksForEndOfSupport } from '../tasks/service.js';
import { careRepository as repo } from './repository.js';
import type { EndOfSupportView, NewEndOfSupportBody } from './schemas.js';
import { CareServicesService } from './services.js';

/**
 * The end of support: a person died or moved away. One action, one transaction: their open
 * stories close, services end, reviews and tasks are cancelled — each through the module that
 * owns it, with that module's history, events and audit — and `person.deceased` or
 * `person.moved_away` tells the council and, addressed to each, every partner that received the
 * person through a connection.
 */
export class EndOfSupportService {
  private readonly services: CareServicesService;
  constructor(private readonly db: Database) {
    this.services = new CareServicesService(db);
  }

  async end(actor: Actor, personId: string, input: NewEndOfSupportBody): Promise<EndOfSupportView> {
    asUser(actor.principal, 'Support is ended by colleagues.');
    const died = input.reason === 'deceased';
    const note = input.note?.trim() || null;
    return this.db.transaction(async (tx) => {
      const person = await repo.personOf(tx, personId);
      if (!person || (person.restricted && !actor.principal.permissions.has('people:restricted'))) {
        throw notFound('person');
      }
      if (await repo.endingOf(tx, personId)) {
        throw new AppProblem(
          409,
          'support_already_ended',
          'Support already ended',
          'This person’s support has already ended.',
        );
      }
      const ending = await repo.insertEnding(tx, {
        personId,
        reason: input.reason,
        endedOn: input.on,
        note: note ?? '',
        byId: actor.principal.kind === 'user' ? actor.principal.userId : null,
        at: actor.now(),
      });
      const storiesClosed = await closeStoriesForEndOfSupport(tx, actor, personId, died ? 'died' : 'moved_away', note);
      const open = await repo.openServicesOfPerson(tx, personId, input.on);
      for (const row of open) {
        await this.services.endRow(tx, actor, row, input.on, died ? 'deceased' : 'moved_to_another_council', note);
      }
      const reviewsCancelled = await cancelReviewsForEndOfSupport(
        tx,
        actor,
        personId,
        died ? 'Cancelled: the person died.' : 'Cancelled: the person moved away.',
      );
      const tasksCancelled = await cancelTasksForEndOfSupport(tx, actor, personId);
      const type = died ? 'person.deceased' : 'person.moved_away';
      await recordEvent(tx, { type, subjectType: 'person', subjectId: personId, data: { on: input.on } });
      const partnersNotified = await notifyPartnersOfEndOfSupport(tx, personId, type, input.on);
      await actor.audit(tx, {
        action: died ? 'person.end_of_support.deceased' : 'person.end_of_support.moved_away',
        resourceType: 'person',
        resourceId: personId,
        personId,
      });
      return {
        id: ending.id,
        personId,
        reason: input.reason,
        on: input.on,
        storiesClosed,
        servicesEnded: open.map((s) => s.id),
        reviewsCancelled,
        tasksCancelled,
        partnersNotified,
      };
    });
  }
}
