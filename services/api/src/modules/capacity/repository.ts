import {
  bestInterestsDecisions,
  capacityAssessments,
  safeguardingEnquiries,
  staffUsers,
  type DbOrTx,
} from '@threefold/db';
import { desc, eq, inArray } from 'drizzle-orm';
import { personRepository } from '../people/repository.js';
import { storyRepository } from '../conversations/story.repository.js';

export type AssessmentRow = typeof capacityAssessments.$inferSelect;
export type DecisionRow = typeof bestInterestsDecisions.$inferSelect;
export type AssessmentRecord = AssessmentRow & { assessedByName: string };
export type DecisionRecord = DecisionRow & { decidedByName: string };

export const capacityRepository = {
  /** The people module's own read (one owner for the people table). */
  personOf: personRepository.accessOf,

  storyPerson: storyRepository.personOfStory,

  async enquiryPerson(tx: DbOrTx, enquiryId: string): Promise<string | null | undefined> {
    const [row] = await tx
      .select({ personId: safeguardingEnquiries.personId })
      .from(safeguardingEnquiries)
      .where(eq(safeguardingEnquiries.id, enquiryId));
    return row ? row.personId : undefined;
  },

  async insertAssessment(tx: DbOrTx, values: typeof capacityAssessments.$inferInsert): Promise<string> {
    const [row] = await tx.insert(capacityAssessments).values(values).returning({ id: capacityAssessments.id });
    return row!.id;
  },

  async insertDecision(tx: DbOrTx, values: typeof bestInterestsDecisions.$inferInsert): Promise<string> {
    const [row] = await tx.insert(bestInterestsDecisions).values(values).returning({ id: bestInterestsDecisions.id });
    return row!.id;
  },

  async assessment(tx: DbOrTx, id: string): Promise<AssessmentRecord | undefined> {
    const [row] = await tx
      .select({ a: capacityAssessments, name: staffUsers.displayName })
      .from(capacityAssessments)
      .innerJoin(staffUsers, eq(staffUsers.id, capacityAssessments.assessedById))
      .where(eq(capacityAssessments.id, id));
    return row && { ...row.a, assessedByName: row.name };
  },

  async decision(tx: DbOrTx, id: string): Promise<DecisionRecord | undefined> {
    const [row] = await tx
      .select({ d: bestInterestsDecisions, name: staffUsers.displayName })
      .from(bestInterestsDecisions)
      .innerJoin(staffUsers, eq(staffUsers.id, bestInterestsDecisions.decidedById))
      .where(eq(bestInterestsDecisions.id, id));
    return row && { ...row.d, decidedByName: row.name };
  },

  /** A person's assessments, latest first. */
  async assessmentsOf(tx: DbOrTx, personId: string): Promise<AssessmentRecord[]> {
    const rows = await tx
      .select({ a: capacityAssessments, name: staffUsers.displayName })
      .from(capacityAssessments)
      .innerJoin(staffUsers, eq(staffUsers.id, capacityAssessments.assessedById))
      .where(eq(capacityAssessments.personId, personId))
      .orderBy(desc(capacityAssessments.assessedOn), desc(capacityAssessments.createdAt))
      .limit(500);
    return rows.map((r) => ({ ...r.a, assessedByName: r.name }));
  },

  async decisionsOf(tx: DbOrTx, personId: string): Promise<DecisionRecord[]> {
    const rows = await tx
      .select({ d: bestInterestsDecisions, name: staffUsers.displayName })
      .from(bestInterestsDecisions)
      .innerJoin(staffUsers, eq(staffUsers.id, bestInterestsDecisions.decidedById))
      .where(eq(bestInterestsDecisions.personId, personId))
      .orderBy(desc(bestInterestsDecisions.decidedOn), desc(bestInterestsDecisions.createdAt))
      .limit(500);
    return rows.map((r) => ({ ...r.d, decidedByName: r.name }));
  },

  async decisionIdsFor(tx: DbOrTx, assessmentIds: string[]): Promise<{ id: string; assessmentId: string }[]> {
    if (assessmentIds.length === 0) return [];
    return tx
      .select({ id: bestInterestsDecisions.id, assessmentId: bestInterestsDecisions.capacityAssessmentId })
      .from(bestInterestsDecisions)
      .where(inArray(bestInterestsDecisions.capacityAssessmentId, assessmentIds));
  },
};
