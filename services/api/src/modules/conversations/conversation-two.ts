import type { Database } from '@threefold/db';
import { contingencySpendProblems, dateInEngland, intensivePlanProblems, touchpointGaps } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import type { Config } from '../../config.js';
import { AppProblem, invalidField, ruleBreach } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { conversationRepository } from './conversation.repository.js';
import type { ConversationService } from './conversations.js';
import { assertStoryOpen } from './story-life.js';
import { storyRepository } from './story.repository.js';

const colleagueOf = (actor: Actor) => asUser(actor.principal, 'Conversations are held by colleagues.');

const notConversationTwo = (detail: string) => new AppProblem(409, 'not_conversation_2', 'Not conversation 2', detail);

/** Conversation 2, when the person is at risk: the intensive plan, touchpoints and contingency money. */
export class ConversationTwoService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly conversations: ConversationService,
  ) {}

  private caps() {
    return {
      perSpendPence: this.config.CONTINGENCY_PER_SPEND_PENCE,
      perStoryPence: this.config.CONTINGENCY_PER_STORY_PENCE,
    };
  }

  async setIntensivePlan(
    actor: Actor,
    id: string,
    plan: {
      startsOn: string;
      endsOn: string;
      whatMustChange: string;
      actions: { action: string; who: string; by?: string | undefined }[];
    },
  ) {
    colleagueOf(actor);
    const { view, personId } = await this.conversations.conversation(actor, id);
    if (view.kind !== 2) throw notConversationTwo('Only conversation 2 has an intensive support plan.');
    if (view.status === 'concluded')
      throw new AppProblem(409, 'already_concluded', 'Already concluded', 'A concluded conversation cannot change.');
    const problems = intensivePlanProblems(plan, this.config.INTENSIVE_PLAN_MAX_DAYS);
    if (problems.length) throw ruleBreach(problems[0]!.code, 'Intensive plan refused', problems);
    return this.db.transaction(async (tx) => {
      assertStoryOpen((await storyRepository.lock(tx, view.storyId))!);
      await conversationRepository.savePlan(tx, id, {
        startsOn: plan.startsOn,
        endsOn: plan.endsOn,
        whatMustChange: plan.whatMustChange,
        actions: plan.actions,
        updatedAt: actor.now(),
      });
      await actor.audit(tx, { action: 'intensive_plan.set', resourceType: 'conversation', resourceId: id, personId });
      return {
        startsOn: plan.startsOn,
        endsOn: plan.endsOn,
        whatMustChange: plan.whatMustChange,
        actions: plan.actions,
      };
    });
  }

  /** Every touchpoint and each gap too long between them, the one still open at the actor's moment included. */
  async touchpointLog(actor: Actor, id: string) {
    const { view } = await this.conversations.conversation(actor, id);
    const rows = await conversationRepository.touchpointsOf(this.db, id);
    const start = view.intensivePlan?.startsOn ?? dateInEngland(new Date(view.startedAt));
    const gaps = touchpointGaps(
      rows.map((r) => r.at),
      start,
      view.concludedAt ? new Date(view.concludedAt) : actor.now(),
      this.config.TOUCHPOINT_MAX_GAP_DAYS,
      view.intensivePlan?.endsOn,
    );
    return {
      items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), byId: r.byId, how: r.how as 'visit', note: r.note })),
      gaps,
      maxGapDays: this.config.TOUCHPOINT_MAX_GAP_DAYS,
    };
  }

  async addTouchpoint(
    actor: Actor,
    id: string,
    input: { at?: string | undefined; how: string; note?: string | undefined },
  ) {
    const user = colleagueOf(actor);
    const { view, personId } = await this.conversations.conversation(actor, id);
    if (view.kind !== 2) throw notConversationTwo('Touchpoints belong to conversation 2.');
    const now = actor.now();
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + 5 * 60_000) throw invalidField('at', 'cannot be in the future');
    await this.db.transaction(async (tx) => {
      assertStoryOpen((await storyRepository.lock(tx, view.storyId))!);
      const row = await conversationRepository.insertTouchpoint(tx, {
        conversationId: id,
        at,
        byId: user.userId,
        how: input.how,
        note: input.note ?? '',
      });
      await actor.audit(tx, { action: 'touchpoint.create', resourceType: 'touchpoint', resourceId: row.id, personId });
    });
    return this.touchpointLog(actor, id);
  }

  async ledger(actor: Actor, id: string) {
    const { view } = await this.conversations.conversation(actor, id);
    const [rows, storySpentPence] = await Promise.all([
      conversationRepository.spendsOf(this.db, id),
      conversationRepository.sumContingencyForStory(this.db, view.storyId),
    ]);
    const caps = this.caps();
    return {
      items: rows.map((r) => ({
        id: r.id,
        amountPence: r.amountPence,
        purpose: r.purpose,
        spentOn: r.spentOn,
        byId: r.byId,
        recordedAt: r.recordedAt.toISOString(),
      })),
      storySpentPence,
      perSpendCapPence: caps.perSpendPence,
      perStoryCapPence: caps.perStoryPence,
    };
  }

  /** Spends are checked against both caps under a lock on the story, so two at once cannot exceed them. */
  async addSpend(
    actor: Actor,
    id: string,
    input: { amountPence: number; purpose: string; spentOn?: string | undefined },
  ) {
    const user = colleagueOf(actor);
    const { view, personId } = await this.conversations.conversation(actor, id);
    if (view.kind !== 2) throw notConversationTwo('Contingency money belongs to conversation 2.');
    await this.db.transaction(async (tx) => {
      assertStoryOpen((await storyRepository.lock(tx, view.storyId))!);
      const spent = await conversationRepository.sumContingencyForStory(tx, view.storyId);
      const problems = contingencySpendProblems({ amountPence: input.amountPence }, spent, this.caps());
      if (problems.length) throw ruleBreach(problems[0]!.code, 'Spend refused', problems);
      const row = await conversationRepository.insertSpend(tx, {
        conversationId: id,
        storyId: view.storyId,
        amountPence: input.amountPence,
        purpose: input.purpose,
        spentOn: input.spentOn ?? dateInEngland(actor.now()),
        byId: user.userId,
      });
      await actor.audit(tx, {
        action: 'contingency_spend.create',
        resourceType: 'contingency_spend',
        resourceId: row.id,
        personId,
      });
    });
    return this.ledger(actor, id);
  }
}
