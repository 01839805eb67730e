import {
  conversations,
  delegatedLimits,
  eligibilityDeterminations,
  people,
  personalBudgets,
  reviews,
  stories,
  type Database,
  type StoredFundingSource,
  type StoredManagement,
  type StoredPlanLine,
  type Tx,
} from '@threefold/db';
import {
  budgetStatement,
  dateInEngland,
  delegatedLimitProblem,
  effectiveDelegatedLimit,
  firstReviewWindow,
  fundingProblems,
  longTermSupportProblem,
  managementProblems,
  nextReviewProblem,
  planLineProblems,
  planLineWeeklyCost,
  plannedReviewWindow,
  planTotals,
  reviewBudgetProblem,
  reviewTiming,
  unplannedReviewWindow,
  type ConversationKind,
  type IsoDate,
  type PlanLine as RulePlanLine,
  type Role,
  type RuleProblem,
  type UnplannedReviewReason,
} from '@threefold/domain';
import { and, asc, eq, gt, inArray, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { asUser, type Principal } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, ruleBreach, type FieldIssue } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { MAX_WEEKLY_PENCE, type PersonalBudgetBody, type ReviewBody } from './schemas.js';

type BudgetRow = typeof personalBudgets.$inferSelect;
type ReviewRow = typeof reviews.$inferSelect;
type Audit = (
  tx: Tx,
  e: { action: string; resourceType: string; resourceId: string; personId: string | null },
) => Promise<void>;

export interface PlanLineInputBody {
  what: string;
  provider: StoredPlanLine['provider'];
  providerName?: string | undefined;
  paid: boolean;
  unitCostPence: number;
  unitCostId?: string | null | undefined;
  unit?: string | undefined;
  unitsPerWeek: number;
  frequency: StoredPlanLine['frequency'];
}
export interface ManagementBody {
  method: StoredManagement['method'];
  directPayment?:
    { section: 's31' | 's32'; authorisedPerson?: string | null | undefined; conditions: string[] } | null | undefined;
  parts?: StoredManagement['parts'] | undefined;
}
export interface BudgetChanges {
  goodLife?: string | undefined;
  planLines?: PlanLineInputBody[] | undefined;
  fundingSources?:
    { kind: StoredFundingSource['kind']; weeklyPence: number; description?: string | undefined }[] | undefined;
  management?: ManagementBody | null | undefined;
}

function rulePlanLine(line: StoredPlanLine): RulePlanLine {
  return {
    what: line.what,
    provider: line.provider,
    paid: line.paid,
    unitCostPence: line.unitCostPence,
    unitsPerWeek: line.unitsPerWeek,
    frequency: line.frequency,
  };
}

function ruleManagement(m: StoredManagement) {
  return {
    method: m.method,
    directPayment: m.directPayment
      ? {
          section: m.directPayment.section,
          authorisedPerson: m.directPayment.authorisedPerson ?? undefined,
          conditions: m.directPayment.conditions,
        }
      : undefined,
    parts: m.parts,
  };
}

/** Everything that stops a draft being signed off, in plain words. */
export function signOffReadiness(row: Pick<BudgetRow, 'planLines' | 'fundingSources' | 'management'>): RuleProblem[] {
  const out: RuleProblem[] = [];
  const lines = row.planLines.map(rulePlanLine);
  const total = planTotals(lines).weeklyPence;
  if (lines.length === 0) out.push({ code: 'plan_has_no_lines', detail: 'The support plan has no lines yet.' });
  out.push(...fundingProblems(total, row.fundingSources));
  if (!row.management) out.push({ code: 'management_missing', detail: 'Say how the budget will be managed.' });
  else out.push(...managementProblems(ruleManagement(row.management), total));
  return out;
}

function reviewWindowOf(row: Pick<ReviewRow, 'dueFrom' | 'dueBy'>) {
  return { dueFrom: row.dueFrom, dueBy: row.dueBy };
}

export function todayInEngland(): IsoDate {
  return dateInEngland(new Date());
}

export class BudgetService {
  constructor(
    private readonly db: Database,
    private readonly today: () => IsoDate = todayInEngland,
  ) {}

  // ——— Budgets ———

  async create(input: { conversationId: string; determinationId: string }, principal: Principal, audit: Audit) {
    const user = asUser(principal);
    return this.db.transaction(async (tx) => {
      const [conversation] = await tx
        .select({
          id: conversations.id,
          kind: conversations.kind,
          storyId: stories.id,
          personId: stories.personId,
          teamId: stories.teamId,
        })
        .from(conversations)
        .innerJoin(stories, eq(stories.id, conversations.storyId))
        .where(eq(conversations.id, input.conversationId));
      if (!conversation) throw invalidField('conversationId', 'is not a known conversation');
      const kindProblem = longTermSupportProblem(conversation.kind as ConversationKind);
      if (kindProblem) throw ruleBreach(kindProblem.code, 'Not from this conversation', [kindProblem]);
      const [determination] = await tx
        .select()
        .from(eligibilityDeterminations)
        .where(eq(eligibilityDeterminations.id, input.determinationId));
      if (!determination) throw invalidField('determinationId', 'is not a known eligibility determination');
      if (determination.personId !== conversation.personId) {
        throw invalidField('determinationId', 'is about someone other than the person in this conversation');
      }
      if (!determination.eligible || determination.indicativeWeeklyPence === null) {
        throw ruleBreach('determination_not_eligible', 'No eligible needs', [
          {
            code: 'determination_not_eligible',
            detail: 'This determination found no eligible needs, so it gives no indicative budget to start from.',
          },
        ]);
      }
      const [row] = await tx
        .insert(personalBudgets)
        .values({
          personId: conversation.personId,
          storyId: conversation.storyId,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          determinationId: determination.id,
          indicativeWeeklyPence: determination.indicativeWeeklyPence,
          createdById: user.userId,
        })
        .returning();
      await audit(tx, {
        action: 'budget.create',
        resourceType: 'personal_budget',
        resourceId: row!.id,
        personId: row!.personId,
      });
      return this.view(row!, tx);
    });
  }

  private async row(id: string, tx: Database | Tx = this.db, lock = false): Promise<BudgetRow> {
    const query = tx.select().from(personalBudgets).where(eq(personalBudgets.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('personal budget');
    return row;
  }

  /** A budget; a restricted person's budgets are as hidden as the person from colleagues without access. */
  async get(id: string, principal?: Principal): Promise<PersonalBudgetBody> {
    const row = await this.row(id);
    if (principal && !principal.permissions.has('people:restricted')) {
      const [person] = await this.db
        .select({ restricted: people.restricted })
        .from(people)
        .where(eq(people.id, row.personId));
      if (person?.restricted) throw notFound('personal budget');
    }
    return this.view(row);
  }

  async list(
    query: {
      status?: BudgetRow['status'] | undefined;
      personId?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
    principal: Principal,
  ) {
    const after = decodeCursor<[string, string]>(query.cursor, 2);
    const conditions: SQL[] = [];
    if (query.status) conditions.push(eq(personalBudgets.status, query.status));
    if (query.personId) conditions.push(eq(personalBudgets.personId, query.personId));
    if (!principal.permissions.has('people:restricted')) conditions.push(eq(people.restricted, false));
    if (after) {
      const at = new Date(after[0]);
      conditions.push(
        or(
          gt(personalBudgets.createdAt, at),
          and(eq(personalBudgets.createdAt, at), gt(personalBudgets.id, after[1])),
        )!,
      );
    }
    const rows = (
      await this.db
        .select({ b: personalBudgets })
        .from(personalBudgets)
        .innerJoin(people, eq(people.id, personalBudgets.personId))
        .where(and(...conditions))
        .orderBy(asc(personalBudgets.createdAt), asc(personalBudgets.id))
        .limit(query.limit + 1)
    ).map((r) => r.b);
    const page = pageOf(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
    return { items: await Promise.all(page.items.map((r) => this.view(r))), nextCursor: page.nextCursor };
  }

  async update(id: string, expected: number, changes: BudgetChanges, principal: Principal, audit: Audit) {
    asUser(principal);
    const values: Partial<typeof personalBudgets.$inferInsert> = {};
    if (changes.goodLife !== undefined) values.goodLife = changes.goodLife;
    if (changes.planLines !== undefined) {
      const errors: FieldIssue[] = [];
      const lines: StoredPlanLine[] = changes.planLines.map((l) => ({
        what: l.what.trim(),
        provider: l.provider,
        providerName: l.providerName?.trim() ?? '',
        paid: l.paid,
        unitCostPence: l.unitCostPence,
        unitCostId: l.unitCostId ?? null,
        unit: l.unit?.trim() || 'hour',
        unitsPerWeek: l.unitsPerWeek,
        frequency: l.frequency,
      }));
      lines.forEach((line, i) => {
        for (const p of planLineProblems(rulePlanLine(line))) {
          errors.push({
            in: 'body',
            field: `planLines.${i}.${p.field}`,
            pointer: `/planLines/${i}/${p.field}`,
            message: p.message,
          });
        }
      });
      if (errors.length > 0)
        throw new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', errors);
      const total = planTotals(lines.map(rulePlanLine)).weeklyPence;
      if (total > MAX_WEEKLY_PENCE)
        throw invalidField('planLines', `add up to more than £${MAX_WEEKLY_PENCE / 100} a week`);
      values.planLines = lines;
      values.weeklyTotalPence = total;
    }
    if (changes.fundingSources !== undefined) {
      values.fundingSources = changes.fundingSources.map((s) => ({
        kind: s.kind,
        weeklyPence: s.weeklyPence,
        description: s.description?.trim() ?? '',
      }));
    }
    if (changes.management !== undefined) {
      const m = changes.management;
      values.management = m
        ? {
            method: m.method,
            directPayment: m.directPayment
              ? {
                  section: m.directPayment.section,
                  authorisedPerson: m.directPayment.authorisedPerson?.trim() || null,
                  conditions: m.directPayment.conditions,
                }
              : null,
            parts: m.method === 'mixed' ? (m.parts ?? []) : [],
          }
        : null;
    }
    return this.db.transaction(async (tx) => {
      const current = await this.row(id, tx, true);
      if (current.status !== 'draft') {
        throw new AppProblem(
          409,
          'budget_not_editable',
          'Not editable',
          current.status === 'signed_off'
            ? 'This budget is signed off. Changes come through a review.'
            : 'This budget is with the council’s panel. It can be changed again if the panel returns it.',
        );
      }
      const [row] = await tx
        .update(personalBudgets)
        .set({ ...values, updatedAt: new Date(), version: sql`${personalBudgets.version} + 1` })
        .where(and(eq(personalBudgets.id, id), eq(personalBudgets.version, expected)))
        .returning();
      if (!row) throw staleVersion();
      await audit(tx, {
        action: 'budget.update',
        resourceType: 'personal_budget',
        resourceId: id,
        personId: row.personId,
      });
      return this.view(row, tx);
    });
  }

  private async roleLimits(tx: Database | Tx): Promise<Record<string, number>> {
    const rows = await tx.select().from(delegatedLimits);
    return Object.fromEntries(rows.map((r) => [r.role, r.weeklyLimitPence]));
  }

  /**
   * Sign-off by a colleague whose delegated weekly limit covers the total. Above it, the budget
   * goes to the council's panel — that referral is committed — and the caller is told so (409).
   */
  async signOff(id: string, expected: number, principal: Principal, audit: Audit) {
    const user = asUser(principal);
    const referral = await this.db.transaction(async (tx) => {
      const row = await this.row(id, tx, true);
      if (row.version !== expected) throw staleVersion();
      if (row.status !== 'draft') {
        throw new AppProblem(
          409,
          'budget_not_draft',
          'Already decided',
          row.status === 'signed_off'
            ? 'This budget is already signed off.'
            : 'This budget is waiting for the council’s panel.',
        );
      }
      const notReady = signOffReadiness(row);
      if (notReady.length > 0) throw ruleBreach('budget_not_ready', 'Not ready to sign off', notReady);
      const limit = effectiveDelegatedLimit(user.roles, await this.roleLimits(tx), user.delegatedWeeklyLimitPence);
      const overLimit = delegatedLimitProblem(row.weeklyTotalPence, limit);
      if (overLimit) {
        await tx
          .update(personalBudgets)
          .set({
            status: 'awaiting_panel',
            referredAt: new Date(),
            referredById: user.userId,
            panelDecision: null,
            panelNote: null,
            panelDecidedAt: null,
            updatedAt: new Date(),
            version: sql`${personalBudgets.version} + 1`,
          })
          .where(eq(personalBudgets.id, id));
        await recordEvent(tx, {
          type: 'budget.referred-to-panel',
          subjectType: 'personal_budget',
          subjectId: id,
          data: { personId: row.personId, weeklyPence: row.weeklyTotalPence },
        });
        await audit(tx, {
          action: 'budget.refer_to_panel',
          resourceType: 'personal_budget',
          resourceId: id,
          personId: row.personId,
        });
        return overLimit;
      }
      await this.goLive(tx, row, { signedOffById: user.userId });
      await audit(tx, {
        action: 'budget.sign_off',
        resourceType: 'personal_budget',
        resourceId: id,
        personId: row.personId,
      });
      return null;
    });
    if (referral) {
      throw ruleBreach(
        referral.code,
        'Referred to the council’s panel',
        [referral],
        'It has gone to the council’s panel for a decision.',
      );
    }
    return this.get(id);
  }

  /** Signed off: the plan goes live today and its first review is set 6–8 weeks out. */
  private async goLive(tx: Tx, row: BudgetRow, by: { signedOffById: string | null; panelClientId?: string }) {
    const liveOn = this.today();
    await tx
      .update(personalBudgets)
      .set({
        status: 'signed_off',
        signedOffAt: new Date(),
        signedOffById: by.signedOffById,
        agreedWeeklyPence: row.weeklyTotalPence,
        liveOn,
        updatedAt: new Date(),
        version: sql`${personalBudgets.version} + 1`,
      })
      .where(eq(personalBudgets.id, row.id));
    const window = firstReviewWindow(liveOn);
    await tx.insert(reviews).values({
      budgetId: row.id,
      personId: row.personId,
      teamId: row.teamId,
      kind: 'first',
      dueFrom: window.dueFrom,
      dueBy: window.dueBy,
    });
    await recordEvent(tx, {
      type: 'budget.signed-off',
      subjectType: 'personal_budget',
      subjectId: row.id,
      data: {
        personId: row.personId,
        weeklyPence: row.weeklyTotalPence,
        by: by.signedOffById ? 'practice' : 'council_panel',
        liveOn,
      },
    });
  }

  async panelDecision(
    id: string,
    body: { decision: 'approved' | 'returned'; note: string },
    principal: Principal,
    audit: Audit,
  ) {
    const clientId = principal.kind === 'client' ? principal.clientId : null;
    await this.db.transaction(async (tx) => {
      const row = await this.row(id, tx, true);
      if (row.status !== 'awaiting_panel') {
        throw new AppProblem(
          409,
          'budget_not_awaiting_panel',
          'Not with the panel',
          'This budget is not waiting for a panel decision.',
        );
      }
      await tx
        .update(personalBudgets)
        .set({
          panelDecision: body.decision,
          panelNote: body.note,
          panelDecidedAt: new Date(),
          panelClientId: clientId,
          ...(body.decision === 'returned'
            ? { status: 'draft' as const, version: sql`${personalBudgets.version} + 1` }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(personalBudgets.id, id));
      if (body.decision === 'approved') await this.goLive(tx, row, { signedOffById: null });
      await audit(tx, {
        action: `budget.panel_${body.decision}`,
        resourceType: 'personal_budget',
        resourceId: id,
        personId: row.personId,
      });
    });
    return this.get(id);
  }

  async view(row: BudgetRow, tx: Database | Tx = this.db): Promise<PersonalBudgetBody> {
    const lines = row.planLines.map(rulePlanLine);
    const totals = planTotals(lines);
    const notReady = row.status === 'draft' ? signOffReadiness(row) : [];
    const [person] = await tx.select({ name: this.personName }).from(people).where(eq(people.id, row.personId));
    const [next] = await tx
      .select({ id: reviews.id, kind: reviews.kind, dueFrom: reviews.dueFrom, dueBy: reviews.dueBy })
      .from(reviews)
      .where(and(eq(reviews.budgetId, row.id), eq(reviews.status, 'open')))
      .orderBy(asc(reviews.dueFrom))
      .limit(1);
    return {
      id: row.id,
      personId: row.personId,
      personName: person?.name ?? '',
      storyId: row.storyId,
      teamId: row.teamId,
      conversationId: row.conversationId,
      determinationId: row.determinationId,
      status: row.status,
      indicativeWeeklyPence: row.indicativeWeeklyPence,
      goodLife: row.goodLife,
      planLines: row.planLines.map((l) => ({ ...l, weeklyPence: planLineWeeklyCost(rulePlanLine(l)) })),
      fundingSources: row.fundingSources.map((s) => ({
        kind: s.kind,
        weeklyPence: s.weeklyPence,
        description: s.description,
      })),
      management: row.management,
      totals: { ...totals, differenceFromIndicativePence: totals.weeklyPence - row.indicativeWeeklyPence },
      statement: budgetStatement(lines, row.fundingSources),
      readyToSignOff: row.status === 'draft' && notReady.length === 0,
      notReadyBecause: notReady.map((p) => ({ code: p.code, detail: p.detail })),
      referredAt: row.referredAt?.toISOString() ?? null,
      panel:
        row.panelDecision && row.panelDecidedAt
          ? { decision: row.panelDecision, note: row.panelNote ?? '', decidedAt: row.panelDecidedAt.toISOString() }
          : null,
      signedOffAt: row.signedOffAt?.toISOString() ?? null,
      signedOffById: row.signedOffById,
      agreedWeeklyPence: row.agreedWeeklyPence,
      liveOn: row.liveOn,
      nextReview: next ?? null,
      createdAt: row.createdAt.toISOString(),
      version: row.version,
    };
  }

  // ——— Delegated limits ———

  async limits() {
    const rows = await this.db.select().from(delegatedLimits).orderBy(asc(delegatedLimits.role));
    return { limits: rows.map((r) => ({ role: r.role as Role, weeklyLimitPence: r.weeklyLimitPence })) };
  }

  async replaceLimits(limits: { role: Role; weeklyLimitPence: number }[], principal: Principal) {
    const user = asUser(principal);
    const roles = limits.map((l) => l.role);
    const duplicate = roles.find((r, i) => roles.indexOf(r) !== i);
    if (duplicate) throw invalidField('limits', `lists ${duplicate} twice`);
    await this.db.transaction(async (tx) => {
      if (roles.length > 0) await tx.delete(delegatedLimits).where(notInArray(delegatedLimits.role, roles));
      else await tx.delete(delegatedLimits);
      for (const l of limits) {
        await tx
          .insert(delegatedLimits)
          .values({ role: l.role, weeklyLimitPence: l.weeklyLimitPence, updatedById: user.userId })
          .onConflictDoUpdate({
            target: delegatedLimits.role,
            set: { weeklyLimitPence: l.weeklyLimitPence, updatedById: user.userId, updatedAt: new Date() },
          });
      }
    });
    return this.limits();
  }

  // ——— Reviews ———

  private reviewView(row: ReviewRow, personName: string, today: IsoDate): ReviewBody {
    return {
      id: row.id,
      budgetId: row.budgetId,
      personId: row.personId,
      personName,
      teamId: row.teamId,
      kind: row.kind,
      reason: row.reason as UnplannedReviewReason | null,
      requestNote: row.requestNote,
      dueFrom: row.dueFrom,
      dueBy: row.dueBy,
      status: row.status,
      timing: row.status === 'open' ? reviewTiming(reviewWindowOf(row), today) : null,
      outcome: row.outcome,
      notes: row.notes,
      weeklyBeforePence: row.weeklyBeforePence,
      weeklyAfterPence: row.weeklyAfterPence,
      completedOn: row.completedOn,
      completedById: row.completedById,
      nextReviewId: row.nextReviewId,
      version: row.version,
    };
  }

  private personName = sql<string>`coalesce(${people.preferredName}, ${people.givenName}) || ' ' || ${people.familyName}`;

  async review(id: string, principal: Principal): Promise<ReviewBody> {
    const [found] = await this.db
      .select({ r: reviews, name: this.personName, restricted: people.restricted })
      .from(reviews)
      .innerJoin(people, eq(people.id, reviews.personId))
      .where(eq(reviews.id, id));
    if (!found || (found.restricted && !principal.permissions.has('people:restricted'))) throw notFound('review');
    return this.reviewView(found.r, found.name, this.today());
  }

  /**
   * Reviews for a team or a budget. `due` = in its window on the day, `overdue` = past it; both
   * are open. Ordered by the date each must be done by, so the most pressing come first.
   */
  async reviews(
    query: {
      teamId?: string | undefined;
      budgetId?: string | undefined;
      status?: 'open' | 'due' | 'overdue' | 'completed' | undefined;
      asOf?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
    principal: Principal,
  ) {
    const today = query.asOf ?? this.today();
    const after = decodeCursor<[string, string]>(query.cursor, 2);
    const conditions: SQL[] = [];
    if (query.teamId) conditions.push(eq(reviews.teamId, query.teamId));
    if (query.budgetId) conditions.push(eq(reviews.budgetId, query.budgetId));
    if (!principal.permissions.has('people:restricted')) conditions.push(eq(people.restricted, false));
    if (query.status === 'completed') conditions.push(eq(reviews.status, 'completed'));
    else if (query.status) conditions.push(eq(reviews.status, 'open'));
    if (query.status === 'due') conditions.push(sql`${reviews.dueFrom} <= ${today} and ${reviews.dueBy} >= ${today}`);
    if (query.status === 'overdue') conditions.push(lt(reviews.dueBy, today));
    if (after) {
      conditions.push(or(gt(reviews.dueBy, after[0]), and(eq(reviews.dueBy, after[0]), gt(reviews.id, after[1])))!);
    }
    const rows = await this.db
      .select({ r: reviews, name: this.personName })
      .from(reviews)
      .innerJoin(people, eq(people.id, reviews.personId))
      .where(and(...conditions))
      .orderBy(asc(reviews.dueBy), asc(reviews.id))
      .limit(query.limit + 1);
    const page = pageOf(rows, query.limit, (x) => [x.r.dueBy, x.r.id]);
    return { items: page.items.map((x) => this.reviewView(x.r, x.name, today)), nextCursor: page.nextCursor };
  }

  async requestUnplannedReview(
    input: { budgetId: string; reason: UnplannedReviewReason; note?: string | undefined },
    principal: Principal,
    audit: Audit,
  ) {
    asUser(principal);
    const id = await this.db.transaction(async (tx) => {
      const [budget] = await tx.select().from(personalBudgets).where(eq(personalBudgets.id, input.budgetId));
      if (!budget) throw invalidField('budgetId', 'is not a known personal budget');
      if (budget.status !== 'signed_off') {
        throw new AppProblem(409, 'budget_not_live', 'Plan not live', 'Only a signed-off plan is reviewed.');
      }
      const window = unplannedReviewWindow(this.today());
      const [row] = await tx
        .insert(reviews)
        .values({
          budgetId: budget.id,
          personId: budget.personId,
          teamId: budget.teamId,
          kind: 'unplanned',
          reason: input.reason,
          requestNote: input.note ?? '',
          dueFrom: window.dueFrom,
          dueBy: window.dueBy,
          dueNotifiedAt: new Date(),
        })
        .returning();
      // Asked for today, so due today: `review.due` goes now rather than waiting for the worker.
      await recordEvent(tx, {
        type: 'review.due',
        subjectType: 'review',
        subjectId: row!.id,
        data: { budgetId: budget.id, personId: budget.personId, kind: 'unplanned', reason: input.reason },
      });
      await audit(tx, {
        action: 'review.request',
        resourceType: 'review',
        resourceId: row!.id,
        personId: budget.personId,
      });
      return row!.id;
    });
    return this.review(id, principal);
  }

  async completeReview(
    id: string,
    expected: number,
    body: {
      outcome: 'fully_met' | 'partially_met' | 'not_met';
      notes: string;
      weeklyPence: number;
      nextReviewOn: string;
    },
    principal: Principal,
    audit: Audit,
  ) {
    const user = asUser(principal);
    const today = this.today();
    await this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(reviews).where(eq(reviews.id, id)).for('update');
      if (!row) throw notFound('review');
      if (row.version !== expected) throw staleVersion();
      if (row.status !== 'open') {
        throw new AppProblem(409, 'review_already_completed', 'Already completed', 'This review is already completed.');
      }
      const budget = await this.row(row.budgetId, tx, true);
      const current = budget.agreedWeeklyPence ?? budget.weeklyTotalPence;
      const found: (RuleProblem | null)[] = [
        reviewBudgetProblem(current, body.weeklyPence),
        nextReviewProblem(today, body.nextReviewOn),
      ];
      const problems = found.filter((p): p is RuleProblem => p !== null);
      if (problems.length > 0) throw ruleBreach(problems[0]!.code, 'Review refused', problems);

      // One planned review is open at a time: completing any review moves it to the date set now.
      const window = plannedReviewWindow(body.nextReviewOn);
      const [openPlanned] = await tx
        .select({ id: reviews.id })
        .from(reviews)
        .where(
          and(
            eq(reviews.budgetId, budget.id),
            eq(reviews.status, 'open'),
            ne(reviews.id, id),
            inArray(reviews.kind, ['first', 'planned']),
          ),
        )
        .limit(1);
      let nextId: string;
      if (openPlanned) {
        await tx
          .update(reviews)
          .set({
            kind: 'planned',
            dueFrom: window.dueFrom,
            dueBy: window.dueBy,
            dueNotifiedAt: null,
            version: sql`${reviews.version} + 1`,
          })
          .where(eq(reviews.id, openPlanned.id));
        nextId = openPlanned.id;
      } else {
        const [next] = await tx
          .insert(reviews)
          .values({ budgetId: budget.id, personId: budget.personId, teamId: budget.teamId, kind: 'planned', ...window })
          .returning({ id: reviews.id });
        nextId = next!.id;
      }
      await tx
        .update(reviews)
        .set({
          status: 'completed',
          outcome: body.outcome,
          notes: body.notes,
          weeklyBeforePence: current,
          weeklyAfterPence: body.weeklyPence,
          completedOn: today,
          completedAt: new Date(),
          completedById: user.userId,
          nextReviewId: nextId,
          version: sql`${reviews.version} + 1`,
        })
        .where(eq(reviews.id, id));
      if (body.weeklyPence !== current) {
        await tx
          .update(personalBudgets)
          .set({
            agreedWeeklyPence: body.weeklyPence,
            updatedAt: new Date(),
            version: sql`${personalBudgets.version} + 1`,
          })
          .where(eq(personalBudgets.id, budget.id));
      }
      await recordEvent(tx, {
        type: 'review.completed',
        subjectType: 'review',
        subjectId: id,
        data: {
          budgetId: budget.id,
          personId: budget.personId,
          outcome: body.outcome,
          weeklyBeforePence: current,
          weeklyAfterPence: body.weeklyPence,
          nextReviewOn: body.nextReviewOn,
        },
      });
      await audit(tx, { action: 'review.complete', resourceType: 'review', resourceId: id, personId: budget.personId });
    });
    return this.review(id, principal);
  }
}

/**
 * Publish `review.due` once for every open review whose window has opened. Rows are claimed with
 * SKIP LOCKED and marked in the same transaction as their events, so two API instances never
 * publish the same review twice.
 */
export async function markReviewsDue(db: Database, today: IsoDate, batch = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx.execute<{ id: string; budget_id: string; person_id: string; kind: string }>(sql`
      update reviews r set due_notified_at = now()
      where r.id in (
        select id from reviews
        where status = 'open' and due_notified_at is null and due_from <= ${today}
        order by due_from
        limit ${batch}
        for update skip locked
      )
      returning r.id, r.budget_id, r.person_id, r.kind`);
    for (const r of claimed.rows) {
      await recordEvent(tx, {
        type: 'review.due',
        subjectType: 'review',
        subjectId: r.id,
        data: { budgetId: r.budget_id, personId: r.person_id, kind: r.kind },
      });
    }
    return claimed.rows.length;
  });
}
