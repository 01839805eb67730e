import {
  contacts,
  contingencySpends,
  conversations,
  intensivePlans,
  peerSignOffs,
  people,
  stories,
  storyContacts,
  storyEvents,
  storyRequests,
  staffUsers,
  teamMembers,
  teams,
  touchpoints,
  type Database,
  type Tx,
} from '@threefold/db';
import {
  concludeProblems,
  contingencySpendProblems,
  conversationOutputsProblems,
  conversationThreeGate,
  dateInEngland,
  intensivePlanProblems,
  isRole,
  permissionsOfRoles,
  touchpointGaps,
  type Conversation as RuleConversation,
  type ConversationKind,
  type RuleProblem,
} from '@threefold/domain';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { asUser as asColleague, type Principal, type UserPrincipal } from '../../auth/principal.js';
import type { Config } from '../../config.js';
import { AppProblem, invalidField, notFound, ruleBreach } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import { staleVersion } from '../../platform/concurrency.js';
import type { ConversationBody, ConversationChangesBody, StoryBody } from './schemas.js';

type ConversationRow = typeof conversations.$inferSelect;
type PlanRow = typeof intensivePlans.$inferSelect;
type Audit = (
  tx: Tx,
  e: { action: string; resourceType: string; resourceId: string; personId: string | null },
) => Promise<void>;

/** A request on a story and the event that answers it. */
const requestAnswers = {
  peer_review_requested: 'peer_review_given',
  risk_panel_requested: 'risk_panel_held',
} as const;
type RequestKind = keyof typeof requestAnswers;
export type StoryActionKind = 'pick_up' | 'invite' | 'hand_on' | RequestKind | (typeof requestAnswers)[RequestKind];

type RequestRow = typeof storyRequests.$inferSelect;
const requestView = (r: RequestRow) => ({ kind: r.kind, byId: r.byId, note: r.note, at: r.at.toISOString() });
const requestOf = (kind: RequestKind | (typeof requestAnswers)[RequestKind]) =>
  kind === 'peer_review_requested' || kind === 'peer_review_given' ? ('peer_review' as const) : ('risk_panel' as const);

const noAdvocacyNeed = {
  substantialDifficulty: { understanding: false, retaining: false, weighing: false, communicating: false },
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

const asUser = (principal: Principal): UserPrincipal => asColleague(principal, 'Conversations are held by colleagues.');

function ruleView(row: ConversationRow): RuleConversation {
  return {
    id: row.id,
    kind: row.kind as ConversationKind,
    authorId: row.authorId,
    status: row.status,
    startedAt: row.startedAt,
    ...(row.concludedAt ? { concludedAt: row.concludedAt } : {}),
    ...(row.resolved !== null ? { resolved: row.resolved } : {}),
    ...(row.unresolvedReason ? { unresolvedReason: row.unresolvedReason } : {}),
    strengths: row.strengths,
    participants: row.participants,
    advocacy: (row.advocacy as unknown as RuleConversation['advocacy'] | undefined)?.substantialDifficulty
      ? (row.advocacy as unknown as RuleConversation['advocacy'])
      : noAdvocacyNeed,
  };
}

/**
 * Outputs as stored, in today's shape: parts recorded in an earlier shape (plain-text steps, a
 * risk with one `howEnabled`) are read into the structured one rather than failing the read.
 */
function outputsView(raw: Record<string, unknown>): ConversationBody['outputs'] {
  const out = raw as {
    desiredOutcomes?: string[];
    personalDevelopmentPlan?: {
      goals?: string[];
      steps?: (string | { step: string; who?: string; byWhen?: string })[];
    };
    circleOfSupport?: {
      members?: { name: string; role?: string; agreed?: string }[];
      agreement?: string;
      reviewOn?: string;
    };
    riskEnablementPlan?: {
      risks?: {
        risk: string;
        whatMatters?: string;
        mitigations?: string[];
        howEnabled?: string;
        who?: string;
        reviewOn?: string;
      }[];
    };
  };
  const view: ConversationBody['outputs'] = {};
  if (out.desiredOutcomes) view.desiredOutcomes = out.desiredOutcomes;
  if (out.personalDevelopmentPlan)
    view.personalDevelopmentPlan = {
      goals: out.personalDevelopmentPlan.goals ?? [],
      steps: (out.personalDevelopmentPlan.steps ?? []).map((s) =>
        typeof s === 'string'
          ? { step: s, who: '' }
          : { step: s.step, who: s.who ?? '', ...(s.byWhen ? { byWhen: s.byWhen } : {}) },
      ),
    };
  if (out.circleOfSupport)
    view.circleOfSupport = {
      members: (out.circleOfSupport.members ?? []).map((m) => ({
        name: m.name,
        role: m.role ?? '',
        agreed: m.agreed ?? '',
      })),
      agreement: out.circleOfSupport.agreement ?? '',
      ...(out.circleOfSupport.reviewOn ? { reviewOn: out.circleOfSupport.reviewOn } : {}),
    };
  if (out.riskEnablementPlan)
    view.riskEnablementPlan = {
      risks: (out.riskEnablementPlan.risks ?? []).map((r) => ({
        risk: r.risk,
        whatMatters: r.whatMatters ?? '',
        mitigations: r.mitigations ?? (r.howEnabled ? [r.howEnabled] : []),
        who: r.who ?? '',
        reviewOn: r.reviewOn ?? '',
      })),
    };
  return view;
}

export function conversationView(row: ConversationRow, plan: PlanRow | null): ConversationBody {
  const advocacy = row.advocacy as unknown as ConversationBody['advocacy'];
  return {
    id: row.id,
    storyId: row.storyId,
    kind: row.kind,
    authorId: row.authorId,
    status: row.status,
    participants: row.participants,
    whatMatters: row.whatMatters,
    strengths: row.strengths,
    advocacy: advocacy && 'substantialDifficulty' in advocacy ? advocacy : null,
    outputs: outputsView(row.outputs),
    notes: row.notes,
    resolved: row.resolved,
    unresolvedReason: row.unresolvedReason,
    intensivePlan: plan
      ? { startsOn: plan.startsOn, endsOn: plan.endsOn, whatMustChange: plan.whatMustChange, actions: plan.actions }
      : null,
    startedAt: row.startedAt.toISOString(),
    concludedAt: row.concludedAt?.toISOString() ?? null,
    version: row.version,
  };
}

export class ConversationService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {}

  private caps() {
    return {
      perSpendPence: this.config.CONTINGENCY_PER_SPEND_PENCE,
      perStoryPence: this.config.CONTINGENCY_PER_STORY_PENCE,
    };
  }

  async openStory(
    input: { personId: string; contactId?: string | undefined; teamId?: string | undefined },
    principal: Principal,
    audit: Audit,
  ) {
    const user = asUser(principal);
    return this.db.transaction(async (tx) => {
      const [person] = await tx
        .select({ id: people.id, restricted: people.restricted })
        .from(people)
        .where(eq(people.id, input.personId));
      if (!person || (person.restricted && !user.permissions.has('people:restricted')))
        throw invalidField('personId', 'is not a known person');
      const teamId = input.teamId ?? user.teamIds[0] ?? null;
      if (teamId) {
        const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
        if (!team) throw invalidField('teamId', 'is not a known team');
      }
      if (input.contactId) {
        const [contact] = await tx
          .select({ personId: contacts.personId, storyId: storyContacts.storyId })
          .from(contacts)
          .leftJoin(storyContacts, eq(storyContacts.contactId, contacts.id))
          .where(eq(contacts.id, input.contactId));
        if (!contact || contact.personId !== input.personId)
          throw invalidField('contactId', 'is not a contact about this person');
        if (contact.storyId) throw invalidField('contactId', 'already led into a story');
      }
      const [story] = await tx
        .insert(stories)
        .values({ personId: input.personId, contactId: input.contactId ?? null, teamId, heldById: user.userId })
        .returning();
      if (input.contactId) await tx.insert(storyContacts).values({ contactId: input.contactId, storyId: story!.id });
      await tx.insert(storyEvents).values({ storyId: story!.id, kind: 'opened', byId: user.userId });
      await recordEvent(tx, {
        type: 'story.opened',
        subjectType: 'story',
        subjectId: story!.id,
        data: { personId: input.personId, contactId: input.contactId ?? null },
      });
      await audit(tx, { action: 'story.open', resourceType: 'story', resourceId: story!.id, personId: input.personId });
      return story!.id;
    });
  }

  private async storyRow(id: string, tx: Database | Tx = this.db) {
    const [row] = await tx.select().from(stories).where(eq(stories.id, id));
    if (!row) throw notFound('story');
    return row;
  }

  async story(id: string): Promise<StoryBody> {
    const row = await this.storyRow(id);
    const [convs, plans, signOffs, events, spent, linked, requests] = await Promise.all([
      this.db.select().from(conversations).where(eq(conversations.storyId, id)).orderBy(asc(conversations.startedAt)),
      this.db
        .select({ p: intensivePlans })
        .from(intensivePlans)
        .innerJoin(conversations, eq(conversations.id, intensivePlans.conversationId))
        .where(eq(conversations.storyId, id)),
      this.db.select().from(peerSignOffs).where(eq(peerSignOffs.storyId, id)).orderBy(asc(peerSignOffs.at)),
      this.db.select().from(storyEvents).where(eq(storyEvents.storyId, id)).orderBy(asc(storyEvents.at)),
      this.db.execute<{ total: number }>(
        sql`select coalesce(sum(amount_pence), 0)::int as total from contingency_spends where story_id = ${id}`,
      ),
      this.db
        .select({ contactId: storyContacts.contactId })
        .from(storyContacts)
        .where(eq(storyContacts.storyId, id))
        .orderBy(asc(storyContacts.at)),
      this.db
        .select()
        .from(storyRequests)
        .where(and(eq(storyRequests.storyId, id), isNull(storyRequests.answeredAt)))
        .orderBy(asc(storyRequests.at)),
    ]);
    const planOf = new Map(plans.map(({ p }) => [p.conversationId, p]));
    return {
      id: row.id,
      personId: row.personId,
      teamId: row.teamId,
      contactId: row.contactId,
      contactIds: linked.map((l) => l.contactId),
      status: row.status,
      heldById: row.heldById,
      openedAt: row.openedAt.toISOString(),
      conversations: convs.map((c) => conversationView(c, planOf.get(c.id) ?? null)),
      peerSignOffs: signOffs.map((s) => ({
        id: s.id,
        byId: s.byId,
        qualified: s.qualified,
        conversationIds: s.conversationIds,
        note: s.note,
        at: s.at.toISOString(),
      })),
      events: events.map((e) => ({
        kind: e.kind,
        byId: e.byId,
        colleagueId: e.colleagueId,
        note: e.note,
        at: e.at.toISOString(),
      })),
      openRequests: requests.map(requestView),
      conversation3Gate: this.gate(convs, signOffs),
      contingencySpentPence: spent.rows[0]?.total ?? 0,
      version: row.version,
    };
  }

  private gate(convs: ConversationRow[], signOffs: (typeof peerSignOffs.$inferSelect)[]) {
    const result = conversationThreeGate({
      conversations: convs.map(ruleView),
      peerSignOffs: signOffs.map((s) => ({
        byUserId: s.byId,
        byQualified: s.qualified,
        conversationIds: s.conversationIds,
        at: s.at,
      })),
    });
    return { open: result.open, unmet: result.unmet.map((u) => ({ code: u.code, detail: u.detail })) };
  }

  async storiesOf(personId: string) {
    const rows = await this.db
      .select({ id: stories.id })
      .from(stories)
      .where(eq(stories.personId, personId))
      .orderBy(desc(stories.openedAt));
    return Promise.all(rows.map((r) => this.story(r.id)));
  }

  /** Conversation 3 opens only through the gate; 1 and 2 may start at any time on an open story. */
  async startConversation(storyId: string, kind: ConversationKind, principal: Principal, audit: Audit) {
    const user = asUser(principal);
    return this.db.transaction(async (tx) => {
      const [story] = await tx.select().from(stories).where(eq(stories.id, storyId)).for('update');
      if (!story) throw notFound('story');
      if (story.status !== 'open') throw new AppProblem(409, 'story_closed', 'Story closed', 'This story is closed.');
      if (kind === 3) {
        const convs = await tx.select().from(conversations).where(eq(conversations.storyId, storyId));
        const signOffs = await tx.select().from(peerSignOffs).where(eq(peerSignOffs.storyId, storyId));
        const gate = this.gate(convs, signOffs);
        if (!gate.open) throw ruleBreach('conversation_3_gate_closed', 'Conversation 3 cannot open yet', gate.unmet);
      }
      const [row] = await tx.insert(conversations).values({ storyId, kind, authorId: user.userId }).returning();
      await tx
        .update(stories)
        .set({ heldById: story.heldById ?? user.userId, version: story.version + 1 })
        .where(eq(stories.id, storyId));
      await recordEvent(tx, {
        type: 'conversation.started',
        subjectType: 'conversation',
        subjectId: row!.id,
        data: { kind, storyId },
      });
      if (kind === 3) {
        await recordEvent(tx, {
          type: 'conversation3.gate-passed',
          subjectType: 'story',
          subjectId: storyId,
          data: { conversationId: row!.id },
        });
      }
      await audit(tx, {
        action: 'conversation.start',
        resourceType: 'conversation',
        resourceId: row!.id,
        personId: story.personId,
      });
      return conversationView(row!, null);
    });
  }

  async conversation(id: string) {
    const [row] = await this.db.select().from(conversations).where(eq(conversations.id, id));
    if (!row) throw notFound('conversation');
    const [plan] = await this.db.select().from(intensivePlans).where(eq(intensivePlans.conversationId, id));
    const story = await this.storyRow(row.storyId);
    return { view: conversationView(row, plan ?? null), personId: story.personId };
  }

  async record(id: string, expected: number, changes: ConversationChangesBody, principal: Principal, audit: Audit) {
    asUser(principal);
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
      if (!current) throw notFound('conversation');
      if (current.version !== expected) throw staleVersion();
      if (current.status === 'concluded')
        throw new AppProblem(409, 'already_concluded', 'Already concluded', 'A concluded conversation cannot change.');
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
      const [row] = await tx
        .update(conversations)
        .set({
          ...(changes.participants ? { participants: changes.participants } : {}),
          ...(changes.whatMatters !== undefined ? { whatMatters: changes.whatMatters } : {}),
          ...(changes.strengths ? { strengths: changes.strengths } : {}),
          ...(changes.advocacy ? { advocacy: changes.advocacy } : {}),
          ...(changes.outputs ? { outputs: changes.outputs } : {}),
          ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
          version: current.version + 1,
        })
        .where(eq(conversations.id, id))
        .returning();
      const [plan] = await tx.select().from(intensivePlans).where(eq(intensivePlans.conversationId, id));
      const story = await this.storyRow(current.storyId, tx);
      await audit(tx, {
        action: 'conversation.update',
        resourceType: 'conversation',
        resourceId: id,
        personId: story.personId,
      });
      return conversationView(row!, plan ?? null);
    });
  }

  async conclude(
    id: string,
    outcome: { resolved: boolean; unresolvedReason?: string | undefined },
    principal: Principal,
    audit: Audit,
  ) {
    asUser(principal);
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
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
      const [row] = await tx
        .update(conversations)
        .set({
          status: 'concluded',
          resolved: outcome.resolved,
          unresolvedReason: outcome.resolved ? null : (outcome.unresolvedReason ?? null),
          concludedAt: new Date(),
          version: current.version + 1,
        })
        .where(eq(conversations.id, id))
        .returning();
      const story = await this.storyRow(current.storyId, tx);
      await recordEvent(tx, {
        type: 'conversation.concluded',
        subjectType: 'conversation',
        subjectId: id,
        data: { kind: current.kind, storyId: current.storyId, resolved: outcome.resolved },
      });
      await audit(tx, {
        action: 'conversation.conclude',
        resourceType: 'conversation',
        resourceId: id,
        personId: story.personId,
      });
      const [plan] = await tx.select().from(intensivePlans).where(eq(intensivePlans.conversationId, id));
      return conversationView(row!, plan ?? null);
    });
  }

  async setIntensivePlan(
    id: string,
    plan: {
      startsOn: string;
      endsOn: string;
      whatMustChange: string;
      actions: { action: string; who: string; by?: string | undefined }[];
    },
    principal: Principal,
    audit: Audit,
  ) {
    asUser(principal);
    const { view, personId } = await this.conversation(id);
    if (view.kind !== 2)
      throw new AppProblem(
        409,
        'not_conversation_2',
        'Not conversation 2',
        'Only conversation 2 has an intensive support plan.',
      );
    if (view.status === 'concluded')
      throw new AppProblem(409, 'already_concluded', 'Already concluded', 'A concluded conversation cannot change.');
    const problems = intensivePlanProblems(plan, this.config.INTENSIVE_PLAN_MAX_DAYS);
    if (problems.length) throw ruleBreach(problems[0]!.code, 'Intensive plan refused', problems);
    return this.db.transaction(async (tx) => {
      const values = {
        startsOn: plan.startsOn,
        endsOn: plan.endsOn,
        whatMustChange: plan.whatMustChange,
        actions: plan.actions,
        updatedAt: new Date(),
      };
      await tx
        .insert(intensivePlans)
        .values({ conversationId: id, ...values })
        .onConflictDoUpdate({ target: intensivePlans.conversationId, set: values });
      await audit(tx, { action: 'intensive_plan.set', resourceType: 'conversation', resourceId: id, personId });
      return {
        startsOn: plan.startsOn,
        endsOn: plan.endsOn,
        whatMustChange: plan.whatMustChange,
        actions: plan.actions,
      };
    });
  }

  async touchpointLog(id: string) {
    const { view } = await this.conversation(id);
    const rows = await this.db
      .select()
      .from(touchpoints)
      .where(eq(touchpoints.conversationId, id))
      .orderBy(asc(touchpoints.at));
    const start = view.intensivePlan?.startsOn ?? dateInEngland(new Date(view.startedAt));
    const gaps = touchpointGaps(
      rows.map((r) => r.at),
      start,
      view.concludedAt ? new Date(view.concludedAt) : new Date(),
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
    id: string,
    input: { at?: string | undefined; how: string; note?: string | undefined },
    principal: Principal,
    audit: Audit,
  ) {
    const user = asUser(principal);
    const { view, personId } = await this.conversation(id);
    if (view.kind !== 2)
      throw new AppProblem(409, 'not_conversation_2', 'Not conversation 2', 'Touchpoints belong to conversation 2.');
    const at = input.at ? new Date(input.at) : new Date();
    if (at.getTime() > Date.now() + 5 * 60_000) throw invalidField('at', 'cannot be in the future');
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(touchpoints)
        .values({ conversationId: id, at, byId: user.userId, how: input.how, note: input.note ?? '' })
        .returning();
      await audit(tx, { action: 'touchpoint.create', resourceType: 'touchpoint', resourceId: row!.id, personId });
    });
    return this.touchpointLog(id);
  }

  async ledger(id: string) {
    const { view } = await this.conversation(id);
    const rows = await this.db
      .select()
      .from(contingencySpends)
      .where(eq(contingencySpends.conversationId, id))
      .orderBy(asc(contingencySpends.recordedAt));
    const total = await this.db.execute<{ total: number }>(
      sql`select coalesce(sum(amount_pence), 0)::int as total from contingency_spends where story_id = ${view.storyId}`,
    );
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
      storySpentPence: total.rows[0]?.total ?? 0,
      perSpendCapPence: caps.perSpendPence,
      perStoryCapPence: caps.perStoryPence,
    };
  }

  /** Spends are checked against both caps under a lock on the story, so two at once cannot exceed them. */
  async addSpend(
    id: string,
    input: { amountPence: number; purpose: string; spentOn?: string | undefined },
    principal: Principal,
    audit: Audit,
  ) {
    const user = asUser(principal);
    const { view, personId } = await this.conversation(id);
    if (view.kind !== 2)
      throw new AppProblem(
        409,
        'not_conversation_2',
        'Not conversation 2',
        'Contingency money belongs to conversation 2.',
      );
    await this.db.transaction(async (tx) => {
      await tx.select({ id: stories.id }).from(stories).where(eq(stories.id, view.storyId)).for('update');
      const total = await tx.execute<{ total: number }>(
        sql`select coalesce(sum(amount_pence), 0)::int as total from contingency_spends where story_id = ${view.storyId}`,
      );
      const problems = contingencySpendProblems(
        { amountPence: input.amountPence },
        total.rows[0]?.total ?? 0,
        this.caps(),
      );
      if (problems.length) throw ruleBreach(problems[0]!.code, 'Spend refused', problems);
      const [row] = await tx
        .insert(contingencySpends)
        .values({
          conversationId: id,
          storyId: view.storyId,
          amountPence: input.amountPence,
          purpose: input.purpose,
          spentOn: input.spentOn ?? dateInEngland(new Date()),
          byId: user.userId,
        })
        .returning();
      await audit(tx, {
        action: 'contingency_spend.create',
        resourceType: 'contingency_spend',
        resourceId: row!.id,
        personId,
      });
    });
    return this.ledger(id);
  }

  /** A qualified colleague who held none of the conversations confirms 1 (and 2) are exhausted. */
  async signOff(storyId: string, note: string, principal: Principal, audit: Audit) {
    const user = asUser(principal);
    return this.db.transaction(async (tx) => {
      const [story] = await tx.select().from(stories).where(eq(stories.id, storyId)).for('update');
      if (!story) throw notFound('story');
      const convs = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.storyId, storyId), sql`${conversations.kind} in (1, 2)`));
      const authored = convs.filter((c) => c.authorId === user.userId);
      if (authored.length) {
        throw ruleBreach('peer_sign_off_by_author', 'Not a peer', [
          {
            code: 'peer_sign_off_by_author',
            detail: 'A peer sign-off must come from a colleague who did not hold these conversations.',
          },
        ]);
      }
      const [row] = await tx
        .insert(peerSignOffs)
        .values({
          storyId,
          byId: user.userId,
          qualified: user.permissions.has('conversations:peer-sign-off'),
          conversationIds: convs.map((c) => c.id),
          note,
        })
        .returning();
      const gate = this.gate(
        await tx.select().from(conversations).where(eq(conversations.storyId, storyId)),
        await tx.select().from(peerSignOffs).where(eq(peerSignOffs.storyId, storyId)),
      );
      await audit(tx, {
        action: 'peer_sign_off.create',
        resourceType: 'story',
        resourceId: storyId,
        personId: story.personId,
      });
      return { id: row!.id, gate };
    });
  }

  async board(teamId: string) {
    type Row = {
      story_id: string;
      person_id: string;
      given_name: string;
      family_name: string;
      opened_at: Date;
      held_by_id: string | null;
      kind: number | null;
      note: string | null;
    };
    const columns = sql`s.id as story_id, s.person_id, p.given_name, p.family_name, s.opened_at, s.held_by_id,
             (select c.kind from conversations c where c.story_id = s.id order by c.started_at desc limit 1) as kind,
             (select e.note from story_events e where e.story_id = s.id and e.note <> '' order by e.at desc limit 1) as note`;
    const [waiting, asking] = await Promise.all([
      this.db.execute<Row>(sql`
        select ${columns}
          from stories s join people p on p.id = s.person_id
         where s.team_id = ${teamId} and s.status = 'open' and s.held_by_id is null and not p.restricted
         order by s.opened_at
         limit 500`),
      // Held stories with a request nobody has answered yet: from the partial index of open requests,
      // so the cost follows the requests open in the practice, not every one ever answered.
      this.db.execute<Row>(sql`
        select ${columns}
          from stories s join people p on p.id = s.person_id
         where s.id = any(array(select r.story_id from story_requests r where r.answered_at is null))
           and s.team_id = ${teamId} and s.status = 'open' and s.held_by_id is not null and not p.restricted
         order by s.opened_at
         limit 500`),
    ]);
    const rows = [...waiting.rows, ...asking.rows];
    const ids = rows.map((r) => r.story_id);
    const requests = ids.length
      ? await this.db
          .select()
          .from(storyRequests)
          .where(and(inArray(storyRequests.storyId, ids), isNull(storyRequests.answeredAt)))
          .orderBy(asc(storyRequests.at))
      : [];
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

  /**
   * Pick up, invite a colleague, hand on with a note (back to the board), ask for a peer review or
   * risk panel, or record one that was asked for.
   */
  async act(
    storyId: string,
    kind: StoryActionKind,
    input: { note?: string | undefined; colleagueId?: string | undefined },
    principal: Principal,
    audit: Audit,
  ) {
    const user = asUser(principal);
    return this.db.transaction(async (tx) => {
      const [story] = await tx.select().from(stories).where(eq(stories.id, storyId)).for('update');
      if (!story) throw notFound('story');
      if (kind === 'pick_up' && story.heldById)
        throw new AppProblem(409, 'already_held', 'Already with someone', 'A colleague already holds this story.');
      if (kind === 'hand_on' && !input.note?.trim())
        throw invalidField('note', 'say what the next colleague needs to know');
      if (kind === 'invite') await this.checkInvitee(tx, input.colleagueId, user.userId);
      if ((kind === 'peer_review_given' || kind === 'risk_panel_held') && !input.note?.trim())
        throw invalidField('note', 'say what was found and agreed');
      if (kind in requestAnswers || kind === 'peer_review_given' || kind === 'risk_panel_held') {
        const wanted = requestOf(kind as RequestKind);
        const what = wanted === 'peer_review' ? 'peer review' : 'risk panel';
        const [open] = await tx
          .select()
          .from(storyRequests)
          .where(
            and(eq(storyRequests.storyId, storyId), eq(storyRequests.kind, wanted), isNull(storyRequests.answeredAt)),
          );
        if (kind in requestAnswers) {
          if (open)
            throw new AppProblem(
              409,
              'request_already_open',
              'Already asked',
              `A ${what} is already asked for on this story.`,
            );
          await tx.insert(storyRequests).values({ storyId, kind: wanted, byId: user.userId, note: input.note ?? '' });
        } else {
          if (!open)
            throw new AppProblem(
              409,
              'no_open_request',
              'Nothing asked',
              `Nobody has asked for a ${what} on this story.`,
            );
          if (kind === 'peer_review_given' && (open.byId === user.userId || story.heldById === user.userId))
            throw new AppProblem(
              409,
              'peer_review_by_holder',
              'Not a peer',
              'A peer review comes from a colleague who neither holds this story nor asked for the review.',
            );
          await tx
            .update(storyRequests)
            .set({ answeredAt: new Date(), answeredById: user.userId, answer: input.note!.trim() })
            .where(eq(storyRequests.id, open.id));
        }
      }
      const heldById = kind === 'pick_up' ? user.userId : kind === 'hand_on' ? null : story.heldById;
      await tx
        .update(stories)
        .set({ heldById, version: story.version + 1 })
        .where(eq(stories.id, storyId));
      await tx
        .insert(storyEvents)
        .values({ storyId, kind, byId: user.userId, colleagueId: input.colleagueId ?? null, note: input.note ?? '' });
      await audit(tx, {
        action: `story.${kind}`,
        resourceType: 'story',
        resourceId: storyId,
        personId: story.personId,
      });
    });
  }

  /** Active colleagues, to invite onto a story and to name on its timeline. */
  async colleagues() {
    const rows = await this.db
      .select({
        id: staffUsers.id,
        displayName: staffUsers.displayName,
        roles: staffUsers.roles,
        teamIds: sql<
          string[]
        >`coalesce(array_agg(${teamMembers.teamId}) filter (where ${teamMembers.teamId} is not null), '{}')`,
      })
      .from(staffUsers)
      .leftJoin(teamMembers, eq(teamMembers.userId, staffUsers.id))
      .where(isNull(staffUsers.disabledAt))
      .groupBy(staffUsers.id)
      .orderBy(asc(staffUsers.displayName))
      .limit(2000);
    return {
      items: rows.map((r) => ({
        id: r.id,
        displayName: r.displayName,
        teamIds: r.teamIds,
        qualified: permissionsOfRoles(r.roles.filter(isRole)).has('conversations:peer-sign-off'),
      })),
    };
  }

  /** An invited colleague is an active member of staff, and not the one inviting. */
  private async checkInvitee(tx: Tx, colleagueId: string | undefined, inviterId: string) {
    if (!colleagueId) throw invalidField('colleagueId', 'is required to invite a colleague');
    if (colleagueId === inviterId) throw invalidField('colleagueId', 'is you: invite someone else');
    const [colleague] = await tx
      .select({ id: staffUsers.id, disabledAt: staffUsers.disabledAt })
      .from(staffUsers)
      .where(eq(staffUsers.id, colleagueId));
    if (!colleague || colleague.disabledAt) throw invalidField('colleagueId', 'is not a colleague in the practice');
  }
}
