import {
  contacts,
  conversations,
  people,
  safeguardingConcerns,
  safeguardingEnquiries,
  safeguardingInvolvements,
  staffUsers,
  stories,
  type Database,
  type DbOrTx,
  type Tx,
} from '@threefold/db';
import {
  advocateRequired,
  conclusionFieldProblems,
  conclusionProblems,
  dateInEngland,
  decideRoute,
  desiredOutcomesProblems,
  lastOverdueStart,
  workingDayClock,
  type AdvocacyNeed,
  type DesiredOutcomesStatus,
} from '@threefold/domain';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { actorOf, type Principal } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, type FieldIssue } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import type { Actor } from '../../platform/actor.js';
import { raiseConcern } from './concerns.js';
import { alreadyDecided, enquiryClosed, notInvolved, ruleBreach } from './errors.js';
import type {
  ConcernBody,
  ConclusionBody,
  DecisionBody,
  EnquiryBody,
  EnquiryChangesBody,
  NewConcernBody,
  PersonSafeguardingBody,
  ReducedViewBody,
} from './schemas.js';

type ConcernRow = typeof safeguardingConcerns.$inferSelect;
type EnquiryRow = typeof safeguardingEnquiries.$inferSelect;
type Audit = (
  tx: DbOrTx,
  e: { action: string; resourceType: string; resourceId: string; personId: string | null },
) => Promise<void>;

export interface SafeguardingSettings {
  decisionWorkingDays: number;
  enquiryWorkingDays: number;
  /** The clock the deadlines are read against (tests fix it). */
  now: () => Date;
}

type Access = 'full' | 'reduced' | 'hidden';

function fieldErrors(problems: Record<string, string>): AppProblem {
  const errors: FieldIssue[] = Object.entries(problems).map(([field, message]) => ({
    in: 'body',
    field,
    pointer: `/${field.split('.').join('/')}`,
    message,
  }));
  return new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', errors);
}

const englandDay = (column: SQL | typeof safeguardingConcerns.raisedAt) =>
  sql`(${column} at time zone 'Europe/London')::date`;

export class SafeguardingService {
  constructor(
    private readonly db: Database,
    private readonly settings: SafeguardingSettings,
  ) {}

  // ——— who may see what ———

  private async involvedEnquiryIds(tx: DbOrTx, principal: Principal, enquiryIds: string[]): Promise<Set<string>> {
    if (principal.kind !== 'user' || enquiryIds.length === 0) return new Set();
    const rows = await tx
      .select({ id: safeguardingInvolvements.enquiryId })
      .from(safeguardingInvolvements)
      .where(
        and(
          eq(safeguardingInvolvements.userId, principal.userId),
          inArray(safeguardingInvolvements.enquiryId, enquiryIds),
        ),
      );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Full detail for the safeguarding lead (`safeguarding:read`) and colleagues involved in the
   * enquiry; a reduced view for everyone else who may see the person; hidden when the person is
   * restricted and the caller may not see restricted records.
   */
  private access(principal: Principal, involved: boolean, restricted: boolean): Access {
    if (principal.permissions.has('safeguarding:read')) return 'full';
    if (involved) return 'full';
    if (restricted && !principal.permissions.has('people:restricted')) return 'hidden';
    return 'reduced';
  }

  /** Whom to ask: the colleague leading the enquiry, the lead who decided, or a safeguarding lead. */
  private async whoToAsk(tx: DbOrTx, enquiry: EnquiryRow | null, concern: ConcernRow | null) {
    const id = enquiry?.leadStaffId ?? concern?.decidedById ?? null;
    if (id) {
      const [u] = await tx
        .select({ id: staffUsers.id, name: staffUsers.displayName })
        .from(staffUsers)
        .where(eq(staffUsers.id, id));
      if (u) return { askUserId: u.id, askName: u.name };
    }
    const [lead] = await tx
      .select({ id: staffUsers.id, name: staffUsers.displayName })
      .from(staffUsers)
      .where(and(sql`'safeguarding_lead' = any(${staffUsers.roles})`, sql`${staffUsers.disabledAt} is null`))
      .orderBy(asc(staffUsers.displayName))
      .limit(1);
    return lead ? { askUserId: lead.id, askName: lead.name } : { askUserId: null, askName: 'the safeguarding lead' };
  }

  private async reduced(
    tx: DbOrTx,
    kind: 'concern' | 'enquiry',
    concern: ConcernRow | null,
    enquiry: EnquiryRow | null,
  ): Promise<ReducedViewBody> {
    const ask = await this.whoToAsk(tx, enquiry, concern);
    return {
      id: (kind === 'concern' ? concern!.id : enquiry!.id) as string,
      kind,
      personId: concern?.personId ?? enquiry?.personId ?? null,
      restricted: true,
      message: `A safeguarding matter exists. Ask ${ask.askName}.`,
      ...ask,
    };
  }

  // ——— views ———

  private concernView(row: ConcernRow, personName: string | null, enquiryId: string | null): ConcernBody {
    const decided = row.decidedAt && row.decisionRoute;
    const clock = workingDayClock(
      row.raisedAt,
      this.settings.decisionWorkingDays,
      row.decidedAt ?? this.settings.now(),
    );
    return {
      id: row.id,
      personId: row.personId,
      personName,
      contactId: row.contactId,
      conversationId: row.conversationId,
      raisedVia: row.raisedVia as ConcernBody['raisedVia'],
      summary: row.summary,
      raisedByKind: (row.raisedByKind as ConcernBody['raisedByKind']) ?? null,
      raisedByName: row.raisedByName,
      immediateSafety: row.immediateSafety as ConcernBody['immediateSafety'],
      immediateSafetyNote: row.immediateSafetyNote,
      suspectedRiskTypes: row.suspectedRiskTypes as ConcernBody['suspectedRiskTypes'],
      raisedAt: row.raisedAt.toISOString(),
      status: row.status as ConcernBody['status'],
      // Once decided the clock stops: it then says whether the decision was on time.
      decisionClock: clock,
      decision: decided
        ? {
            criteria: {
              hasCareAndSupportNeeds: row.hasCareAndSupportNeeds ?? false,
              experiencingOrAtRiskOfAbuseOrNeglect: row.experiencingOrAtRiskOfAbuseOrNeglect ?? false,
              unableToProtectThemselves: row.unableToProtectThemselves ?? false,
            },
            route: row.decisionRoute as NonNullable<ConcernBody['decision']>['route'],
            rationale: row.decisionRationale ?? '',
            noEnquiryReason: row.noEnquiryReason,
            otherActions: row.otherActions as NonNullable<ConcernBody['decision']>['otherActions'],
            decidedAt: row.decidedAt!.toISOString(),
            decidedById: row.decidedById!,
            onTime: !clock.overdue,
          }
        : null,
      enquiryId,
      version: row.version,
    };
  }

  private async enquiryView(tx: DbOrTx, row: EnquiryRow): Promise<EnquiryBody> {
    const [person] = row.personId
      ? await tx
          .select({ given: people.givenName, family: people.familyName })
          .from(people)
          .where(eq(people.id, row.personId))
      : [];
    const [lead] = row.leadStaffId
      ? await tx.select({ name: staffUsers.displayName }).from(staffUsers).where(eq(staffUsers.id, row.leadStaffId))
      : [];
    const involved = await tx
      .select({
        userId: safeguardingInvolvements.userId,
        name: staffUsers.displayName,
        role: safeguardingInvolvements.role,
        addedAt: safeguardingInvolvements.addedAt,
      })
      .from(safeguardingInvolvements)
      .innerJoin(staffUsers, eq(staffUsers.id, safeguardingInvolvements.userId))
      .where(eq(safeguardingInvolvements.enquiryId, row.id))
      .orderBy(asc(safeguardingInvolvements.addedAt));
    const advocacy = row.advocacy as AdvocacyNeed | null;
    return {
      id: row.id,
      concernId: row.concernId,
      personId: row.personId,
      personName: person ? `${person.given} ${person.family}` : null,
      kind: row.kind as EnquiryBody['kind'],
      leadKind: row.leadKind as EnquiryBody['leadKind'],
      leadStaffId: row.leadStaffId,
      leadStaffName: lead?.name ?? null,
      leadOrganisationName: row.leadOrganisationName,
      desiredOutcomesStatus: (row.desiredOutcomesStatus as DesiredOutcomesStatus | null) ?? null,
      desiredOutcomes: row.desiredOutcomes,
      desiredOutcomesNotAskedReason: row.desiredOutcomesNotAskedReason,
      mentalCapacity: row.mentalCapacity as EnquiryBody['mentalCapacity'],
      mentalCapacityNote: row.mentalCapacityNote,
      advocacy,
      advocateRequired: advocacy ? advocateRequired(advocacy) : false,
      advocateName: row.advocateName,
      appropriatePersonName: row.appropriatePersonName,
      safetyPlan: row.safetyPlan,
      status: row.status as EnquiryBody['status'],
      openedAt: row.openedAt.toISOString(),
      clock: workingDayClock(row.openedAt, this.settings.enquiryWorkingDays, row.concludedAt ?? this.settings.now()),
      involved: involved.map((i) => ({ ...i, addedAt: i.addedAt.toISOString() })),
      conclusion:
        row.status === 'concluded'
          ? {
              riskTypes: (row.riskTypes ?? []) as NonNullable<EnquiryBody['conclusion']>['riskTypes'],
              location: row.location as NonNullable<EnquiryBody['conclusion']>['location'],
              source: row.source as NonNullable<EnquiryBody['conclusion']>['source'],
              riskAssessment: row.riskAssessment as NonNullable<EnquiryBody['conclusion']>['riskAssessment'],
              result: (row.result as NonNullable<EnquiryBody['conclusion']>['result']) ?? null,
              outcomesAchieved:
                (row.outcomesAchieved as NonNullable<EnquiryBody['conclusion']>['outcomesAchieved']) ?? null,
              note: row.conclusionNote ?? '',
            }
          : null,
      endedEarlyReason: row.endedEarlyReason,
      concludedAt: row.concludedAt?.toISOString() ?? null,
      version: row.version,
    };
  }

  private async personName(tx: DbOrTx, personId: string | null): Promise<string | null> {
    if (!personId) return null;
    const [p] = await tx
      .select({ given: people.givenName, family: people.familyName })
      .from(people)
      .where(eq(people.id, personId));
    return p ? `${p.given} ${p.family}` : null;
  }

  private async restricted(tx: DbOrTx, personId: string | null): Promise<boolean> {
    if (!personId) return false;
    const [p] = await tx.select({ restricted: people.restricted }).from(people).where(eq(people.id, personId));
    return p?.restricted ?? false;
  }

  // ——— concerns ———

  async raiseConcern(actor: Actor, body: NewConcernBody): Promise<ConcernBody> {
    const { principal } = actor;
    if (body.contactId && body.conversationId)
      throw invalidField('conversationId', 'give either contactId or conversationId, not both');
    return this.db.transaction(async (tx) => {
      const [person] = await tx
        .select({ id: people.id, restricted: people.restricted, mergedIntoId: people.mergedIntoId })
        .from(people)
        .where(eq(people.id, body.personId));
      if (!person || (person.restricted && !principal.permissions.has('people:restricted')))
        throw invalidField('personId', 'is not a known person');
      const personId = person.mergedIntoId ?? person.id;
      if (body.contactId) {
        const [c] = await tx
          .select({ personId: contacts.personId })
          .from(contacts)
          .where(eq(contacts.id, body.contactId));
        if (!c) throw invalidField('contactId', 'is not a known contact');
        if (c.personId && c.personId !== person.id && c.personId !== personId)
          throw invalidField('contactId', 'is about someone else');
      }
      if (body.conversationId) {
        const [c] = await tx
          .select({ personId: stories.personId })
          .from(conversations)
          .innerJoin(stories, eq(stories.id, conversations.storyId))
          .where(eq(conversations.id, body.conversationId));
        if (!c) throw invalidField('conversationId', 'is not a known conversation');
        if (c.personId !== person.id && c.personId !== personId)
          throw invalidField('conversationId', 'is about someone else');
      }
      const row = await raiseConcern(tx, actor, {
        personId,
        contactId: body.contactId,
        conversationId: body.conversationId,
        summary: body.summary,
        raisedByKind: body.raisedByKind,
        raisedByName: body.raisedByName,
        immediateSafety: body.immediateSafety,
        immediateSafetyNote: body.immediateSafetyNote,
        suspectedRiskTypes: body.suspectedRiskTypes,
      });
      return this.concernView(row, await this.personName(tx, personId), null);
    });
  }

  async concern(
    id: string,
    principal: Principal,
    audit: Audit,
  ): Promise<{ full: ConcernBody } | { reduced: ReducedViewBody }> {
    const [row] = await this.db.select().from(safeguardingConcerns).where(eq(safeguardingConcerns.id, id));
    if (!row) throw notFound('safeguarding concern');
    const [enquiry] = await this.db.select().from(safeguardingEnquiries).where(eq(safeguardingEnquiries.concernId, id));
    const involved = enquiry
      ? (await this.involvedEnquiryIds(this.db, principal, [enquiry.id])).has(enquiry.id)
      : false;
    const access = this.access(principal, involved, await this.restricted(this.db, row.personId));
    if (access === 'hidden') throw notFound('safeguarding concern');
    await audit(this.db, {
      action: access === 'full' ? 'safeguarding_concern.read' : 'safeguarding_concern.read_reduced',
      resourceType: 'safeguarding_concern',
      resourceId: id,
      personId: row.personId,
    });
    if (access === 'reduced') return { reduced: await this.reduced(this.db, 'concern', row, enquiry ?? null) };
    return { full: this.concernView(row, await this.personName(this.db, row.personId), enquiry?.id ?? null) };
  }

  /** The lead's queue: awaiting a decision, oldest (so the overdue) first; or decided concerns by status. */
  async queue(
    q: { status?: string | undefined; overdue?: boolean | undefined; limit: number; cursor?: string | undefined },
    audit: Audit,
  ) {
    const status = q.status ?? 'awaiting_decision';
    const after = decodeCursor<[string, string]>(q.cursor, 2);
    const today = dateInEngland(this.settings.now());
    const cutoff = lastOverdueStart(today, this.settings.decisionWorkingDays);
    const isOverdue = and(
      eq(safeguardingConcerns.status, 'awaiting_decision'),
      sql`${englandDay(safeguardingConcerns.raisedAt)} <= ${cutoff}::date`,
    )!;
    const where: SQL[] = [eq(safeguardingConcerns.status, status)];
    if (q.overdue === true) where.push(isOverdue);
    if (q.overdue === false) where.push(sql`not (${isOverdue})`);
    if (after)
      where.push(
        sql`(${safeguardingConcerns.raisedAt}, ${safeguardingConcerns.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`,
      );
    const rows = await this.db
      .select({
        c: safeguardingConcerns,
        given: people.givenName,
        family: people.familyName,
        enquiryId: safeguardingEnquiries.id,
      })
      .from(safeguardingConcerns)
      .leftJoin(people, eq(people.id, safeguardingConcerns.personId))
      .leftJoin(safeguardingEnquiries, eq(safeguardingEnquiries.concernId, safeguardingConcerns.id))
      .where(and(...where))
      .orderBy(asc(safeguardingConcerns.raisedAt), asc(safeguardingConcerns.id))
      .limit(q.limit + 1);
    const [{ n } = { n: 0 }] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(safeguardingConcerns)
      .where(isOverdue);
    const page = pageOf(rows, q.limit, (r) => [r.c.raisedAt.toISOString(), r.c.id]);
    const items = page.items.map((r) =>
      this.concernView(r.c, r.given ? `${r.given} ${r.family}` : null, r.enquiryId ?? null),
    );
    await Promise.all(
      items.map((item) =>
        audit(this.db, {
          action: 'safeguarding_concern.list',
          resourceType: 'safeguarding_concern',
          resourceId: item.id,
          personId: item.personId,
        }),
      ),
    );
    return { items, overdueCount: n, nextCursor: page.nextCursor };
  }

  async decide(id: string, body: DecisionBody, principal: Principal, audit: Audit): Promise<ConcernBody> {
    if (principal.kind !== 'user')
      throw new AppProblem(403, 'forbidden', 'Forbidden', 'Decisions are made by colleagues.');
    const { route, problems } = decideRoute({
      criteria: body.criteria,
      route: body.route,
      noEnquiryReason: body.noEnquiryReason,
      otherActions: body.otherActions,
    });
    if (!route) throw ruleBreach('decision_refused', 'Decision refused', problems);
    const opensEnquiry = route !== 'no_enquiry';
    const leadKind = body.leadKind ?? 'practice';
    if (!opensEnquiry && (body.leadKind || body.leadStaffId || body.leadOrganisationName))
      throw invalidField('leadKind', 'a lead is named only when an enquiry opens');
    if (opensEnquiry && leadKind === 'other_organisation' && !body.leadOrganisationName?.trim())
      throw invalidField('leadOrganisationName', 'name the organisation the practice caused to enquire');
    if (leadKind === 'practice' && body.leadOrganisationName)
      throw invalidField('leadOrganisationName', 'is given only when another organisation leads the enquiry');
    const now = this.settings.now();
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(safeguardingConcerns).where(eq(safeguardingConcerns.id, id)).for('update');
      if (!row) throw notFound('safeguarding concern');
      if (row.status !== 'awaiting_decision') throw alreadyDecided();
      const leadStaffId = opensEnquiry ? (body.leadStaffId ?? principal.userId) : null;
      if (body.leadStaffId) {
        const [u] = await tx
          .select({ id: staffUsers.id })
          .from(staffUsers)
          .where(and(eq(staffUsers.id, body.leadStaffId), sql`${staffUsers.disabledAt} is null`));
        if (!u) throw invalidField('leadStaffId', 'is not a colleague');
      }
      const [updated] = await tx
        .update(safeguardingConcerns)
        .set({
          hasCareAndSupportNeeds: body.criteria.hasCareAndSupportNeeds,
          experiencingOrAtRiskOfAbuseOrNeglect: body.criteria.experiencingOrAtRiskOfAbuseOrNeglect,
          unableToProtectThemselves: body.criteria.unableToProtectThemselves,
          decisionRoute: route,
          decisionRationale: body.rationale,
          noEnquiryReason: route === 'no_enquiry' ? (body.noEnquiryReason ?? null) : null,
          otherActions: body.otherActions ?? [],
          decidedAt: now,
          decidedById: principal.userId,
          status: opensEnquiry ? 'enquiry' : 'no_enquiry',
          version: row.version + 1,
        })
        .where(eq(safeguardingConcerns.id, id))
        .returning();
      const clock = workingDayClock(row.raisedAt, this.settings.decisionWorkingDays, now);
      await recordEvent(tx, {
        type: 'safeguarding.decision-made',
        subjectType: 'safeguarding_concern',
        subjectId: id,
        data: { route, onTime: !clock.overdue },
      });
      await audit(tx, {
        action: 'safeguarding_concern.decide',
        resourceType: 'safeguarding_concern',
        resourceId: id,
        personId: row.personId,
      });
      let enquiryId: string | null = null;
      if (opensEnquiry) {
        const [enquiry] = await tx
          .insert(safeguardingEnquiries)
          .values({
            concernId: id,
            personId: row.personId,
            kind: route === 's42_enquiry' ? 's42' : 'other',
            leadKind,
            leadStaffId,
            leadOrganisationName: leadKind === 'other_organisation' ? body.leadOrganisationName! : null,
            openedAt: now,
          })
          .returning();
        enquiryId = enquiry!.id;
        if (leadStaffId)
          await tx
            .insert(safeguardingInvolvements)
            .values({ enquiryId, userId: leadStaffId, role: 'leads the enquiry', addedById: principal.userId });
        await recordEvent(tx, {
          type: 'safeguarding.enquiry-opened',
          subjectType: 'safeguarding_enquiry',
          subjectId: enquiryId,
          data: { concernId: id, kind: enquiry!.kind, leadKind },
        });
        await audit(tx, {
          action: 'safeguarding_enquiry.create',
          resourceType: 'safeguarding_enquiry',
          resourceId: enquiryId,
          personId: row.personId,
        });
      }
      return this.concernView(updated!, await this.personName(tx, row.personId), enquiryId);
    });
  }

  // ——— enquiries ———

  /** The enquiry if the caller may see it in full; otherwise the reduced view or 404. */
  private async enquiryFor(
    tx: DbOrTx,
    id: string,
    principal: Principal,
    lock = false,
  ): Promise<{ row: EnquiryRow; access: Access }> {
    const query = tx.select().from(safeguardingEnquiries).where(eq(safeguardingEnquiries.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('safeguarding enquiry');
    const involved = (await this.involvedEnquiryIds(tx, principal, [id])).has(id);
    const access = this.access(principal, involved, await this.restricted(tx, row.personId));
    if (access === 'hidden') throw notFound('safeguarding enquiry');
    return { row, access };
  }

  private async mustBeInvolved(tx: Tx, id: string, principal: Principal, audit: Audit) {
    const found = await this.enquiryFor(tx, id, principal, true);
    if (found.access !== 'full') {
      const ask = await this.whoToAsk(tx, found.row, null);
      await audit(this.db, {
        action: 'safeguarding_enquiry.write_refused',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: found.row.personId,
      });
      throw notInvolved(ask.askName);
    }
    if (found.row.status !== 'open') throw enquiryClosed();
    return found.row;
  }

  async enquiry(
    id: string,
    principal: Principal,
    audit: Audit,
  ): Promise<{ full: EnquiryBody } | { reduced: ReducedViewBody }> {
    const { row, access } = await this.enquiryFor(this.db, id, principal);
    await audit(this.db, {
      action: access === 'full' ? 'safeguarding_enquiry.read' : 'safeguarding_enquiry.read_reduced',
      resourceType: 'safeguarding_enquiry',
      resourceId: id,
      personId: row.personId,
    });
    if (access === 'reduced') return { reduced: await this.reduced(this.db, 'enquiry', null, row) };
    return { full: await this.enquiryView(this.db, row) };
  }

  /** Enquiries the caller may see in full: all of them for the lead, those they are involved in for others. */
  async enquiries(
    principal: Principal,
    q: { status?: string | undefined; limit: number; cursor?: string | undefined },
    audit: Audit,
  ) {
    const after = decodeCursor<[string, string]>(q.cursor, 2);
    const where: SQL[] = [];
    if (q.status) where.push(eq(safeguardingEnquiries.status, q.status));
    if (!principal.permissions.has('safeguarding:read')) {
      if (principal.kind !== 'user') return { items: [], nextCursor: null };
      where.push(
        sql`exists (select 1 from ${safeguardingInvolvements} i where i.enquiry_id = ${safeguardingEnquiries.id} and i.user_id = ${principal.userId})`,
      );
    }
    if (after)
      where.push(
        sql`(${safeguardingEnquiries.openedAt}, ${safeguardingEnquiries.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`,
      );
    const rows = await this.db
      .select()
      .from(safeguardingEnquiries)
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(safeguardingEnquiries.openedAt), asc(safeguardingEnquiries.id))
      .limit(q.limit + 1);
    const page = pageOf(rows, q.limit, (r) => [r.openedAt.toISOString(), r.id]);
    const items: EnquiryBody[] = [];
    for (const row of page.items) items.push(await this.enquiryView(this.db, row));
    await Promise.all(
      page.items.map((row) =>
        audit(this.db, {
          action: 'safeguarding_enquiry.list',
          resourceType: 'safeguarding_enquiry',
          resourceId: row.id,
          personId: row.personId,
        }),
      ),
    );
    return { items, nextCursor: page.nextCursor };
  }

  async recordEnquiry(
    id: string,
    /** The version the caller read (If-Match), asked only once they are known to be involved. */
    expectedVersion: () => number,
    body: EnquiryChangesBody,
    principal: Principal,
    audit: Audit,
  ): Promise<EnquiryBody> {
    return this.db.transaction(async (tx) => {
      const row = await this.mustBeInvolved(tx, id, principal, audit);
      const version = expectedVersion();
      if (row.version !== version) throw staleVersion();
      const status = body.desiredOutcomesStatus ?? (row.desiredOutcomesStatus as DesiredOutcomesStatus | null);
      const outcomes = body.desiredOutcomes ?? row.desiredOutcomes;
      const notAskedReason =
        body.desiredOutcomesNotAskedReason !== undefined
          ? body.desiredOutcomesNotAskedReason
          : row.desiredOutcomesNotAskedReason;
      if (status) {
        const problems = desiredOutcomesProblems({ status, outcomes, notAskedReason });
        if (Object.keys(problems).length) {
          throw fieldErrors(
            Object.fromEntries(
              Object.entries(problems).map(([k, v]) => [
                k === 'outcomes' ? 'desiredOutcomes' : 'desiredOutcomesNotAskedReason',
                v,
              ]),
            ),
          );
        }
      } else if (outcomes.length > 0) {
        throw invalidField('desiredOutcomesStatus', 'say whether the person was asked and expressed outcomes');
      }
      if (body.leadStaffId) {
        const [u] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, body.leadStaffId));
        if (!u) throw invalidField('leadStaffId', 'is not a colleague');
      }
      const [updated] = await tx
        .update(safeguardingEnquiries)
        .set({
          desiredOutcomesStatus: status,
          desiredOutcomes: outcomes.map((o) => o.trim()).filter(Boolean),
          desiredOutcomesNotAskedReason: notAskedReason ?? null,
          ...(body.mentalCapacity ? { mentalCapacity: body.mentalCapacity } : {}),
          ...(body.mentalCapacityNote !== undefined ? { mentalCapacityNote: body.mentalCapacityNote } : {}),
          ...(body.advocacy ? { advocacy: body.advocacy } : {}),
          ...(body.advocateName !== undefined ? { advocateName: body.advocateName } : {}),
          ...(body.appropriatePersonName !== undefined ? { appropriatePersonName: body.appropriatePersonName } : {}),
          ...(body.safetyPlan !== undefined ? { safetyPlan: body.safetyPlan } : {}),
          ...(body.leadStaffId !== undefined ? { leadStaffId: body.leadStaffId } : {}),
          version: row.version + 1,
        })
        .where(and(eq(safeguardingEnquiries.id, id), eq(safeguardingEnquiries.version, version)))
        .returning();
      if (!updated) throw staleVersion();
      if (body.leadStaffId)
        await tx
          .insert(safeguardingInvolvements)
          .values({
            enquiryId: id,
            userId: body.leadStaffId,
            role: 'leads the enquiry',
            addedById: actorOf(principal).actorId,
          })
          .onConflictDoNothing();
      await audit(tx, {
        action: 'safeguarding_enquiry.update',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.enquiryView(tx, updated);
    });
  }

  async involve(id: string, body: { userId: string; role: string }, principal: Principal, audit: Audit) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(safeguardingEnquiries).where(eq(safeguardingEnquiries.id, id));
      if (!row) throw notFound('safeguarding enquiry');
      const [u] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.id, body.userId), sql`${staffUsers.disabledAt} is null`));
      if (!u) throw invalidField('userId', 'is not a colleague');
      await tx
        .insert(safeguardingInvolvements)
        .values({ enquiryId: id, userId: body.userId, role: body.role, addedById: actorOf(principal).actorId })
        .onConflictDoUpdate({
          target: [safeguardingInvolvements.enquiryId, safeguardingInvolvements.userId],
          set: { role: body.role },
        });
      await audit(tx, {
        action: 'safeguarding_enquiry.involve',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.enquiryView(tx, row);
    });
  }

  async conclude(id: string, body: ConclusionBody, principal: Principal, audit: Audit): Promise<EnquiryBody> {
    const fields = conclusionFieldProblems(body);
    if (Object.keys(fields).length) throw fieldErrors(fields);
    return this.db.transaction(async (tx) => {
      const row = await this.mustBeInvolved(tx, id, principal, audit);
      const problems = conclusionProblems(
        {
          desiredOutcomesStatus: row.desiredOutcomesStatus as DesiredOutcomesStatus | null,
          advocacy: row.advocacy as AdvocacyNeed | null,
        },
        body,
      );
      if (problems.length) throw ruleBreach('conclusion_refused', 'Cannot conclude yet', problems);
      const [updated] = await tx
        .update(safeguardingEnquiries)
        .set({
          status: 'concluded',
          riskTypes: [...body.riskTypes],
          location: body.location,
          source: body.source,
          riskAssessment: body.riskAssessment,
          result: body.result ?? null,
          outcomesAchieved: body.outcomesAchieved ?? null,
          conclusionNote: body.note ?? '',
          concludedAt: this.settings.now(),
          concludedById: principal.kind === 'user' ? principal.userId : null,
          version: row.version + 1,
        })
        .where(eq(safeguardingEnquiries.id, id))
        .returning();
      await recordEvent(tx, {
        type: 'safeguarding.enquiry-concluded',
        subjectType: 'safeguarding_enquiry',
        subjectId: id,
        data: {
          kind: row.kind,
          endedAtPersonsRequest: false,
          result: body.result ?? null,
          outcomesAchieved: body.outcomesAchieved ?? null,
        },
      });
      await audit(tx, {
        action: 'safeguarding_enquiry.conclude',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.enquiryView(tx, updated!);
    });
  }

  /** The person asked for the enquiry to stop: recorded as such, with what they said. */
  async endEarly(id: string, reason: string, principal: Principal, audit: Audit): Promise<EnquiryBody> {
    if (!reason.trim()) throw invalidField('reason', 'say what the person asked');
    return this.db.transaction(async (tx) => {
      const row = await this.mustBeInvolved(tx, id, principal, audit);
      const [updated] = await tx
        .update(safeguardingEnquiries)
        .set({
          status: 'ended_at_persons_request',
          endedEarlyReason: reason,
          concludedAt: this.settings.now(),
          concludedById: principal.kind === 'user' ? principal.userId : null,
          version: row.version + 1,
        })
        .where(eq(safeguardingEnquiries.id, id))
        .returning();
      await recordEvent(tx, {
        type: 'safeguarding.enquiry-concluded',
        subjectType: 'safeguarding_enquiry',
        subjectId: id,
        data: { kind: row.kind, endedAtPersonsRequest: true, result: null, outcomesAchieved: null },
      });
      await audit(tx, {
        action: 'safeguarding_enquiry.end_early',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.enquiryView(tx, updated!);
    });
  }

  // ——— the person's page ———

  async ofPerson(personId: string, principal: Principal, audit: Audit): Promise<PersonSafeguardingBody> {
    const [person] = await this.db
      .select({ id: people.id, restricted: people.restricted })
      .from(people)
      .where(eq(people.id, personId));
    if (!person || (person.restricted && !principal.permissions.has('people:restricted'))) throw notFound('person');
    const concerns = await this.db
      .select()
      .from(safeguardingConcerns)
      .where(eq(safeguardingConcerns.personId, personId))
      .orderBy(asc(safeguardingConcerns.raisedAt))
      .limit(100);
    const enquiries = concerns.length
      ? await this.db
          .select()
          .from(safeguardingEnquiries)
          .where(
            inArray(
              safeguardingEnquiries.concernId,
              concerns.map((c) => c.id),
            ),
          )
      : [];
    const involved = await this.involvedEnquiryIds(
      this.db,
      principal,
      enquiries.map((e) => e.id),
    );
    const name = await this.personName(this.db, personId);
    const out: PersonSafeguardingBody = { personId, access: 'none', concerns: [], enquiries: [], matters: [] };
    for (const concern of concerns) {
      const enquiry = enquiries.find((e) => e.concernId === concern.id) ?? null;
      const access = this.access(principal, enquiry ? involved.has(enquiry.id) : false, person.restricted);
      if (access === 'full') {
        out.concerns.push(this.concernView(concern, name, enquiry?.id ?? null));
        if (enquiry) out.enquiries.push(await this.enquiryView(this.db, enquiry));
      } else {
        out.matters.push(await this.reduced(this.db, enquiry ? 'enquiry' : 'concern', concern, enquiry));
      }
    }
    out.access = out.matters.length ? 'reduced' : out.concerns.length ? 'full' : 'none';
    await audit(this.db, {
      action: out.access === 'reduced' ? 'safeguarding_person.read_reduced' : 'safeguarding_person.read',
      resourceType: 'person',
      resourceId: personId,
      personId,
    });
    return out;
  }
}
