import {
  bestInterestsProblems,
  capacityAssessmentProblems,
  dateInEngland,
  type CapacityDecisionArea,
  type CapacityOutcome,
} from '@threefold/domain';
import type { Database, DbOrTx } from '@threefold/db';
import { asUser } from '../../auth/principal.js';
import { AppProblem, assertMayOpen, notFound, ruleBreach } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { involvedEnquiryIds } from '../safeguarding/access.js';
import { capacityRepository as repo, type AssessmentRecord, type DecisionRecord } from './repository.js';
import type {
  BestInterestsDecisionView,
  CapacityAssessmentView,
  NewBestInterestsDecisionBody,
  NewCapacityAssessmentBody,
} from './schemas.js';

const badField = (field: string, code: string, detail: string) =>
  new AppProblem(400, code, 'Invalid field', detail, [{ in: 'body', field, pointer: `/${field}`, message: detail }]);

export function assessmentView(row: AssessmentRecord, decisionIds: string[] = []): CapacityAssessmentView {
  return {
    id: row.id,
    personId: row.personId,
    storyId: row.storyId,
    enquiryId: row.enquiryId,
    decisionArea: row.decisionArea as CapacityDecisionArea,
    decision: row.decision,
    impairment: row.impairment,
    impairmentDetail: row.impairmentDetail,
    unableTo: {
      understand: row.unableToUnderstand,
      retain: row.unableToRetain,
      useOrWeigh: row.unableToUseOrWeigh,
      communicate: row.unableToCommunicate,
    },
    inabilityBecauseOfImpairment: row.inabilityBecauseOfImpairment,
    evidence: row.evidence,
    practicableSteps: row.practicableSteps,
    outcome: row.outcome as CapacityOutcome,
    assessorRole: row.assessorRole,
    assessedOn: row.assessedOn,
    assessedBy: { id: row.assessedById, name: row.assessedByName },
    recordedAt: row.createdAt.toISOString(),
    bestInterestsDecisionIds: decisionIds,
  };
}

export function decisionView(row: DecisionRecord): BestInterestsDecisionView {
  return {
    id: row.id,
    personId: row.personId,
    capacityAssessmentId: row.capacityAssessmentId,
    storyId: row.storyId,
    enquiryId: row.enquiryId,
    decisionArea: row.decisionArea as CapacityDecisionArea,
    decision: row.decision,
    decidedOn: row.decidedOn,
    wishesAndFeelings: row.wishesAndFeelings,
    beliefsAndValues: row.beliefsAndValues,
    consulted: row.consulted,
    notConsultedReason: row.notConsultedReason,
    lessRestrictiveOptions: row.lessRestrictiveOptions,
    outcome: row.outcome,
    decidedBy: { id: row.decidedById, name: row.decidedByName },
    recordedAt: row.createdAt.toISOString(),
  };
}

/**
 * Mental capacity assessments and best-interests decisions (Mental Capacity Act 2005 ss1–4) on a
 * person. Read and written under the person's own rules (a restricted record needs
 * `people:restricted` and a reason); every read and write is audited; each record appears in the
 * person's chronology. Records are never changed: a new view of the same decision is a new record.
 */
export class CapacityService {
  constructor(private readonly db: Database) {}

  private async person(tx: DbOrTx, actor: Actor, personId: string, reason: string | undefined, what = 'person') {
    const person = await repo.personOf(tx, personId);
    assertMayOpen(person, actor.principal, reason, () => notFound(what));
    return person!;
  }

  async assess(
    actor: Actor,
    input: NewCapacityAssessmentBody,
    reason: string | undefined,
  ): Promise<CapacityAssessmentView> {
    const user = asUser(actor.principal, 'Capacity is assessed by colleagues.');
    const now = actor.now();
    if (input.assessedOn > dateInEngland(now)) {
      throw badField('assessedOn', 'assessed_in_future', 'The assessment cannot be dated in the future.');
    }
    const test = {
      decisionArea: input.decisionArea,
      decision: input.decision,
      impairment: input.impairment,
      impairmentDetail: input.impairmentDetail ?? '',
      unableTo: input.unableTo,
      inabilityBecauseOfImpairment: input.inabilityBecauseOfImpairment,
      practicableSteps: input.practicableSteps ?? '',
      outcome: input.outcome,
    };
    const problems = capacityAssessmentProblems(test);
    if (problems.length > 0) {
      throw ruleBreach('capacity_assessment_refused', 'This capacity assessment cannot be recorded', problems);
    }
    return this.db.transaction(async (tx) => {
      await this.person(tx, actor, input.personId, reason);
      await this.links(tx, actor, input.personId, input.storyId, input.enquiryId);
      const id = await repo.insertAssessment(tx, {
        personId: input.personId,
        storyId: input.storyId ?? null,
        enquiryId: input.enquiryId ?? null,
        decisionArea: input.decisionArea,
        decision: input.decision.trim(),
        impairment: input.impairment,
        impairmentDetail: test.impairmentDetail.trim(),
        unableToUnderstand: input.unableTo.understand,
        unableToRetain: input.unableTo.retain,
        unableToUseOrWeigh: input.unableTo.useOrWeigh,
        unableToCommunicate: input.unableTo.communicate,
        inabilityBecauseOfImpairment: input.inabilityBecauseOfImpairment,
        evidence: (input.evidence ?? '').trim(),
        practicableSteps: test.practicableSteps.trim(),
        outcome: input.outcome,
        assessedById: user.userId,
        assessorRole: (input.assessorRole ?? '').trim(),
        assessedOn: input.assessedOn,
        createdAt: now,
      });
      await actor.audit(tx, {
        action: 'capacity_assessment.create',
        resourceType: 'capacity_assessment',
        resourceId: id,
        personId: input.personId,
      });
      return assessmentView((await repo.assessment(tx, id))!);
    });
  }

  /**
   * A record made for a safeguarding enquiry is seen only by those who see the enquiry in full: the
   * safeguarding lead and colleagues involved in it (as safeguarding's own `accessFor`).
   */
  private async seesEnquiry(db: DbOrTx, actor: Actor, enquiryId: string | null): Promise<boolean> {
    if (!enquiryId || actor.principal.permissions.has('safeguarding:read')) return true;
    return (await involvedEnquiryIds(db, actor.principal, [enquiryId])).has(enquiryId);
  }

  /** A story or enquiry it is linked to must be the same person's. */
  private async links(
    tx: DbOrTx,
    actor: Actor,
    personId: string,
    storyId: string | null | undefined,
    enquiryId: string | null | undefined,
  ) {
    if (storyId && (await repo.storyPerson(tx, storyId)) !== personId) {
      throw badField('storyId', 'story_not_of_person', 'That story is not this person’s.');
    }
    if (
      enquiryId &&
      ((await repo.enquiryPerson(tx, enquiryId)) !== personId || !(await this.seesEnquiry(tx, actor, enquiryId)))
    ) {
      throw badField('enquiryId', 'enquiry_not_of_person', 'That safeguarding enquiry is not this person’s.');
    }
  }

  async getAssessment(actor: Actor, id: string, reason: string | undefined): Promise<CapacityAssessmentView> {
    const row = await repo.assessment(this.db, id);
    if (!row || !(await this.seesEnquiry(this.db, actor, row.enquiryId))) throw notFound('capacity assessment');
    await this.person(this.db, actor, row.personId, reason, 'capacity assessment');
    const decisions = await repo.decisionIdsFor(this.db, [id]);
    await actor.audit(this.db, {
      action: 'capacity_assessment.read',
      resourceType: 'capacity_assessment',
      resourceId: id,
      personId: row.personId,
      reason: reason ?? null,
    });
    return assessmentView(
      row,
      decisions.map((d) => d.id),
    );
  }

  async decide(
    actor: Actor,
    input: NewBestInterestsDecisionBody,
    reason: string | undefined,
  ): Promise<BestInterestsDecisionView> {
    const user = asUser(actor.principal, 'Best-interests decisions are recorded by colleagues.');
    const now = actor.now();
    if (input.decidedOn > dateInEngland(now)) {
      throw badField('decidedOn', 'decided_in_future', 'The decision cannot be dated in the future.');
    }
    return this.db.transaction(async (tx) => {
      const basis = await repo.assessment(tx, input.capacityAssessmentId);
      if (!basis || !(await this.seesEnquiry(tx, actor, basis.enquiryId))) {
        throw badField('capacityAssessmentId', 'capacity_assessment_not_found', 'No such capacity assessment.');
      }
      await this.person(tx, actor, basis.personId, reason, 'capacity assessment');
      const decision = {
        personId: basis.personId,
        decisionArea: basis.decisionArea as CapacityDecisionArea,
        decision: basis.decision,
        decidedOn: input.decidedOn,
        wishesAndFeelings: input.wishesAndFeelings ?? '',
        beliefsAndValues: input.beliefsAndValues ?? '',
        consulted: input.consulted ?? [],
        notConsultedReason: input.notConsultedReason ?? '',
        lessRestrictiveOptions: input.lessRestrictiveOptions,
        outcome: input.outcome,
      };
      const problems = bestInterestsProblems(
        {
          personId: basis.personId,
          decisionArea: basis.decisionArea as CapacityDecisionArea,
          decision: basis.decision,
          outcome: basis.outcome as CapacityOutcome,
          assessedOn: basis.assessedOn,
        },
        decision,
      );
      if (problems.length > 0) {
        throw ruleBreach('best_interests_refused', 'This best-interests decision cannot be recorded', problems);
      }
      const id = await repo.insertDecision(tx, {
        ...decision,
        capacityAssessmentId: basis.id,
        storyId: basis.storyId,
        enquiryId: basis.enquiryId,
        wishesAndFeelings: decision.wishesAndFeelings.trim(),
        beliefsAndValues: decision.beliefsAndValues.trim(),
        consulted: decision.consulted.map((c) => ({
          name: c.name.trim(),
          relationship: c.relationship.trim(),
          views: c.views.trim(),
        })),
        notConsultedReason: decision.notConsultedReason.trim(),
        lessRestrictiveOptions: decision.lessRestrictiveOptions.map((o) => o.trim()).filter(Boolean),
        outcome: decision.outcome.trim(),
        decidedById: user.userId,
        createdAt: now,
      });
      await actor.audit(tx, {
        action: 'best_interests_decision.create',
        resourceType: 'best_interests_decision',
        resourceId: id,
        personId: basis.personId,
      });
      return decisionView((await repo.decision(tx, id))!);
    });
  }

  async getDecision(actor: Actor, id: string, reason: string | undefined): Promise<BestInterestsDecisionView> {
    const row = await repo.decision(this.db, id);
    if (!row || !(await this.seesEnquiry(this.db, actor, row.enquiryId))) throw notFound('best-interests decision');
    await this.person(this.db, actor, row.personId, reason, 'best-interests decision');
    await actor.audit(this.db, {
      action: 'best_interests_decision.read',
      resourceType: 'best_interests_decision',
      resourceId: id,
      personId: row.personId,
      reason: reason ?? null,
    });
    return decisionView(row);
  }

  /** Everything on a person: assessments and decisions, latest first; each audited as read. */
  async ofPerson(actor: Actor, personId: string, reason: string | undefined) {
    await this.person(this.db, actor, personId, reason);
    const [allAssessments, allDecisions] = await Promise.all([
      repo.assessmentsOf(this.db, personId),
      repo.decisionsOf(this.db, personId),
    ]);
    // Records made for a safeguarding enquiry: only for those who see that enquiry in full.
    const enquiryIds = [...allAssessments, ...allDecisions].flatMap((r) => (r.enquiryId ? [r.enquiryId] : []));
    const seen = actor.principal.permissions.has('safeguarding:read')
      ? new Set(enquiryIds)
      : await involvedEnquiryIds(this.db, actor.principal, [...new Set(enquiryIds)]);
    const visible = <T extends { enquiryId: string | null }>(r: T) => !r.enquiryId || seen.has(r.enquiryId);
    const assessments = allAssessments.filter(visible);
    const decisions = allDecisions.filter(visible);
    await Promise.all([
      ...assessments.map((a) =>
        actor.audit(this.db, {
          action: 'capacity_assessment.read',
          resourceType: 'capacity_assessment',
          resourceId: a.id,
          personId,
          reason: reason ?? null,
        }),
      ),
      ...decisions.map((d) =>
        actor.audit(this.db, {
          action: 'best_interests_decision.read',
          resourceType: 'best_interests_decision',
          resourceId: d.id,
          personId,
          reason: reason ?? null,
        }),
      ),
    ]);
    return {
      assessments: assessments.map((a) =>
        assessmentView(
          a,
          decisions.filter((d) => d.capacityAssessmentId === a.id).map((d) => d.id),
        ),
      ),
      bestInterestsDecisions: decisions.map(decisionView),
    };
  }
}
