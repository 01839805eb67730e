import { bestInterestsDecisions, capacityAssessments } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch, ChronologyReader } from '../../platform/chronology.js';
import { safeguardingChronologyAccess } from '../safeguarding/chronology.repository.js';

const a = capacityAssessments;
const b = bestInterestsDecisions;
/** A record made for a safeguarding enquiry is seen only by those who see the enquiry in full. */
const enquirySeen = (reader: ChronologyReader, enquiryId: unknown) =>
  sql`(${enquiryId} is null or ${safeguardingChronologyAccess.seesInFull(reader, sql`null::uuid`, enquiryId)})`;

/** Capacity assessments and best-interests decisions, for a person's chronology. */
export const capacityChronology: ChronologyBranch[] = [
  {
    kind: 'capacity_assessment',
    permission: 'capacity:read',
    at: a.createdAt,
    id: a.id,
    byId: a.assessedById,
    link: { type: 'capacity_assessment', id: a.id },
    summary: a.decision,
    detail: a.outcome,
    from: sql`${a}`,
    where: (personId, reader) => [sql`${a.personId} = ${personId}`, enquirySeen(reader, a.enquiryId)],
  },
  {
    kind: 'best_interests_decision',
    permission: 'capacity:read',
    at: b.createdAt,
    id: b.id,
    byId: b.decidedById,
    link: { type: 'best_interests_decision', id: b.id },
    summary: b.decision,
    detail: b.decisionArea,
    from: sql`${b}`,
    where: (personId, reader) => [sql`${b.personId} = ${personId}`, enquirySeen(reader, b.enquiryId)],
  },
];
