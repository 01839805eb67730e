import type { Database, DbOrTx, Tx } from '@threefold/db';
import {
  conclusionFieldProblems,
  conclusionPlaces,
  conclusionProblems,
  desiredOutcomesProblems,
  type AdvocacyNeed,
  type DesiredOutcomesStatus,
} from '@threefold/domain';
import { actorOf } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, type FieldIssue } from '../../errors.js';
import { capacityRepository } from '../capacity/repository.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { accessFor, involvedEnquiryIds, isRestricted, reducedView, whoToAsk, type Access } from './access.js';
import { enquiryRepository, type EnquiryRow } from './enquiry-repository.js';
import { enquiryClosed, enquiryOpen, notInvolved, ruleBreach } from './errors.js';
import { safeguardingLookups } from './repository.js';
import type { EnquiryOutcomeBody } from './outcome-schemas.js';
import type { ConclusionBody, EnquiryBody, EnquiryChangesBody, ReducedViewBody } from './schemas.js';
import { enquiryView, enquiryViews, type SafeguardingSettings } from './views.js';

function fieldErrors(problems: Record<string, string>): AppProblem {
  const errors: FieldIssue[] = Object.entries(problems).map(([field, message]) => ({
    in: 'body',
    field,
    pointer: `/${field.split('.').join('/')}`,
    message,
  }));
  return new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', errors);
}

/** Enquiries: read by the lead and those involved, recorded in, concluded or ended at the person's request. */
export class EnquiryService {
  constructor(
    private readonly db: Database,
    private readonly settings: SafeguardingSettings,
  ) {}

  private view(db: DbOrTx, row: EnquiryRow, actor: Actor): Promise<EnquiryBody> {
    return enquiryView(db, row, this.settings.enquiryWorkingDays, actor.now());
  }

  /** The enquiry and how much of it the caller may see; 404 when hidden. */
  private async enquiryFor(
    db: DbOrTx,
    actor: Actor,
    id: string,
    lock = false,
  ): Promise<{ row: EnquiryRow; access: Access }> {
    const row = await enquiryRepository.findById(db, id, lock);
    if (!row) throw notFound('safeguarding enquiry');
    const involved = (await involvedEnquiryIds(db, actor.principal, [id])).has(id);
    const access = accessFor(actor.principal, involved, await isRestricted(db, row.personId));
    if (access === 'hidden') throw notFound('safeguarding enquiry');
    return { row, access };
  }

  /** Only the lead and colleagues involved write in an open enquiry; a refusal is audited even though the change rolls back. */
  private async mustBeInvolved(tx: Tx, actor: Actor, id: string): Promise<EnquiryRow> {
    const found = await this.enquiryFor(tx, actor, id, true);
    if (found.access !== 'full') {
      const ask = await whoToAsk(tx, found.row, null);
      await actor.audit(this.db, {
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

  async enquiry(actor: Actor, id: string): Promise<{ full: EnquiryBody } | { reduced: ReducedViewBody }> {
    const { row, access } = await this.enquiryFor(this.db, actor, id);
    await actor.audit(this.db, {
      action: access === 'full' ? 'safeguarding_enquiry.read' : 'safeguarding_enquiry.read_reduced',
      resourceType: 'safeguarding_enquiry',
      resourceId: id,
      personId: row.personId,
    });
    if (access === 'reduced') return { reduced: await reducedView(this.db, 'enquiry', null, row) };
    return { full: await this.view(this.db, row, actor) };
  }

  /** Enquiries the caller may see in full: all of them for the lead, those they are involved in for others. */
  async enquiries(actor: Actor, q: { status?: string | undefined; limit: number; cursor?: string | undefined }) {
    const { principal } = actor;
    const after = decodeCursor<[string, string]>(q.cursor, 2);
    let involvedUserId: string | undefined;
    if (!principal.permissions.has('safeguarding:read')) {
      if (principal.kind !== 'user') return { items: [], nextCursor: null };
      involvedUserId = principal.userId;
    }
    const rows = await enquiryRepository.page(this.db, {
      status: q.status,
      ...(involvedUserId !== undefined ? { involvedUserId } : {}),
      after,
      limit: q.limit + 1,
    });
    const page = pageOf(rows, q.limit, (r) => [r.openedAt.toISOString(), r.id]);
    const items = await enquiryViews(this.db, page.items, this.settings.enquiryWorkingDays, actor.now());
    await Promise.all(
      page.items.map((row) =>
        actor.audit(this.db, {
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
    actor: Actor,
    id: string,
    /** The version the caller read (If-Match), asked only once they are known to be involved. */
    expectedVersion: () => number,
    body: EnquiryChangesBody,
  ): Promise<EnquiryBody> {
    return this.db.transaction(async (tx) => {
      const row = await this.mustBeInvolved(tx, actor, id);
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
      if (body.leadStaffId && !(await safeguardingLookups.colleague(tx, body.leadStaffId)))
        throw invalidField('leadStaffId', 'is not a colleague');
      // The capacity answer may rest on a capacity assessment of the same person: its outcome is the answer.
      const basis = body.mentalCapacityAssessmentId
        ? await capacityRepository.assessment(tx, body.mentalCapacityAssessmentId)
        : undefined;
      if (body.mentalCapacityAssessmentId && (!basis || basis.personId !== row.personId))
        throw invalidField('mentalCapacityAssessmentId', 'is not a capacity assessment of this person');
      const updated = await enquiryRepository.update(
        tx,
        id,
        {
          desiredOutcomesStatus: status,
          desiredOutcomes: outcomes.map((o) => o.trim()).filter(Boolean),
          desiredOutcomesNotAskedReason: notAskedReason ?? null,
          ...(body.mentalCapacity ? { mentalCapacity: body.mentalCapacity } : {}),
          ...(body.mentalCapacityAssessmentId !== undefined
            ? { mentalCapacityAssessmentId: body.mentalCapacityAssessmentId }
            : {}),
          ...(basis ? { mentalCapacity: basis.outcome } : {}),
          ...(body.mentalCapacityNote !== undefined ? { mentalCapacityNote: body.mentalCapacityNote } : {}),
          ...(body.advocacy ? { advocacy: body.advocacy } : {}),
          ...(body.advocateName !== undefined ? { advocateName: body.advocateName } : {}),
          ...(body.appropriatePersonName !== undefined ? { appropriatePersonName: body.appropriatePersonName } : {}),
          ...(body.safetyPlan !== undefined ? { safetyPlan: body.safetyPlan } : {}),
          ...(body.leadStaffId !== undefined ? { leadStaffId: body.leadStaffId } : {}),
          version: row.version + 1,
        },
        version,
      );
      if (!updated) throw staleVersion();
      if (body.leadStaffId)
        await enquiryRepository.involve(
          tx,
          {
            enquiryId: id,
            userId: body.leadStaffId,
            role: 'leads the enquiry',
            addedById: actorOf(actor.principal).actorId,
          },
          false,
        );
      await actor.audit(tx, {
        action: 'safeguarding_enquiry.update',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.view(tx, updated, actor);
    });
  }

  async involve(actor: Actor, id: string, body: { userId: string; role: string }): Promise<EnquiryBody> {
    return this.db.transaction(async (tx) => {
      const row = await enquiryRepository.findById(tx, id);
      if (!row) throw notFound('safeguarding enquiry');
      if (!(await safeguardingLookups.activeColleague(tx, body.userId)))
        throw invalidField('userId', 'is not a colleague');
      await enquiryRepository.involve(
        tx,
        { enquiryId: id, userId: body.userId, role: body.role, addedById: actorOf(actor.principal).actorId },
        true,
      );
      await actor.audit(tx, {
        action: 'safeguarding_enquiry.involve',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.view(tx, row, actor);
    });
  }

  async conclude(actor: Actor, id: string, body: ConclusionBody): Promise<EnquiryBody> {
    const fields = conclusionFieldProblems(body);
    if (Object.keys(fields).length) throw fieldErrors(fields);
    const places = conclusionPlaces(body);
    return this.db.transaction(async (tx) => {
      const row = await this.mustBeInvolved(tx, actor, id);
      const problems = conclusionProblems(
        {
          desiredOutcomesStatus: row.desiredOutcomesStatus as DesiredOutcomesStatus | null,
          advocacy: row.advocacy as AdvocacyNeed | null,
        },
        body,
      );
      if (problems.length) throw ruleBreach('conclusion_refused', 'Cannot conclude yet', problems);
      const updated = await enquiryRepository.update(tx, id, {
        status: 'concluded',
        riskTypes: [...body.riskTypes],
        location: places.locations[0]!,
        locations: places.locations,
        source: places.sources[0]!,
        sources: places.sources,
        riskAssessment: body.riskAssessment,
        result: body.result ?? null,
        outcomesAchieved: body.outcomesAchieved ?? null,
        conclusionNote: body.note ?? '',
        concludedAt: actor.now(),
        concludedById: actor.principal.kind === 'user' ? actor.principal.userId : null,
        version: row.version + 1,
      });
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
      await actor.audit(tx, {
        action: 'safeguarding_enquiry.conclude',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.view(tx, updated!, actor);
    });
  }

  /**
   * A concluded section 42 enquiry's outcome, for the council (no narrative, no detail of the
   * risk): 404 for an enquiry that is not a section 42 enquiry, 409 while it is open. Audited.
   */
  async outcome(actor: Actor, id: string): Promise<EnquiryOutcomeBody> {
    const row = await enquiryRepository.findById(this.db, id);
    if (!row || row.kind !== 's42') throw notFound('section 42 enquiry');
    if (row.status === 'open' || !row.concludedAt) throw enquiryOpen();
    await actor.audit(this.db, {
      action: 'safeguarding_enquiry.outcome.read',
      resourceType: 'safeguarding_enquiry',
      resourceId: id,
      personId: row.personId,
    });
    return {
      enquiryId: row.id,
      concernId: row.concernId,
      personId: row.personId,
      kind: 's42',
      status: row.status as EnquiryOutcomeBody['status'],
      concludedAt: row.concludedAt.toISOString(),
      riskAssessment: (row.riskAssessment as EnquiryOutcomeBody['riskAssessment']) ?? null,
      result: (row.result as EnquiryOutcomeBody['result']) ?? null,
      desiredOutcomesStatus: (row.desiredOutcomesStatus as EnquiryOutcomeBody['desiredOutcomesStatus']) ?? null,
      outcomesAchieved: (row.outcomesAchieved as EnquiryOutcomeBody['outcomesAchieved']) ?? null,
    };
  }

  /** The person asked for the enquiry to stop: recorded as such, with what they said. */
  async endEarly(actor: Actor, id: string, reason: string): Promise<EnquiryBody> {
    if (!reason.trim()) throw invalidField('reason', 'say what the person asked');
    return this.db.transaction(async (tx) => {
      const row = await this.mustBeInvolved(tx, actor, id);
      const updated = await enquiryRepository.update(tx, id, {
        status: 'ended_at_persons_request',
        endedEarlyReason: reason,
        concludedAt: actor.now(),
        concludedById: actor.principal.kind === 'user' ? actor.principal.userId : null,
        version: row.version + 1,
      });
      await recordEvent(tx, {
        type: 'safeguarding.enquiry-concluded',
        subjectType: 'safeguarding_enquiry',
        subjectId: id,
        data: { kind: row.kind, endedAtPersonsRequest: true, result: null, outcomesAchieved: null },
      });
      await actor.audit(tx, {
        action: 'safeguarding_enquiry.end_early',
        resourceType: 'safeguarding_enquiry',
        resourceId: id,
        personId: row.personId,
      });
      return this.view(tx, updated!, actor);
    });
  }
}
