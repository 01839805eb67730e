import type { DbOrTx } from '@threefold/db';
import { advocateRequired, workingDayClock, type AdvocacyNeed, type DesiredOutcomesStatus } from '@threefold/domain';
import type { ConcernRow } from './concern-repository.js';
import { enquiryRepository, type EnquiryRow } from './enquiry-repository.js';
import { safeguardingLookups } from './repository.js';
import type { ConcernBody, EnquiryBody } from './schemas.js';

/** The working days each clock allows (configured). */
export interface SafeguardingSettings {
  decisionWorkingDays: number;
  enquiryWorkingDays: number;
}

type Decision = NonNullable<ConcernBody['decision']>;
type Conclusion = NonNullable<EnquiryBody['conclusion']>;

/** A concern as the lead sees it; its decision clock read at `now` until decided, when the clock stops. */
export function concernView(
  row: ConcernRow,
  personName: string | null,
  enquiryId: string | null,
  decisionWorkingDays: number,
  now: Date,
): ConcernBody {
  const decided = row.decidedAt && row.decisionRoute;
  const clock = workingDayClock(row.raisedAt, decisionWorkingDays, row.decidedAt ?? now);
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
          route: row.decisionRoute as Decision['route'],
          rationale: row.decisionRationale ?? '',
          noEnquiryReason: row.noEnquiryReason,
          otherActions: row.otherActions as Decision['otherActions'],
          decidedAt: row.decidedAt!.toISOString(),
          decidedById: row.decidedById!,
          onTime: !clock.overdue,
        }
      : null,
    enquiryId,
    version: row.version,
  };
}

/** An enquiry in full: the person, its lead, who is involved, its clock read at `now` until it ends. */
export async function enquiryView(
  db: DbOrTx,
  row: EnquiryRow,
  enquiryWorkingDays: number,
  now: Date,
): Promise<EnquiryBody> {
  return (await enquiryViews(db, [row], enquiryWorkingDays, now))[0]!;
}

/**
 * Enquiries in full, in the order given: their people, leads and involvements read in three
 * queries for the whole list, not three for each enquiry (a page of 50 was 150 round trips).
 */
export async function enquiryViews(
  db: DbOrTx,
  rows: EnquiryRow[],
  enquiryWorkingDays: number,
  now: Date,
): Promise<EnquiryBody[]> {
  if (rows.length === 0) return [];
  const ids = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
  const [persons, leads, involvements] = await Promise.all([
    safeguardingLookups.peopleNamed(db, ids(rows.map((r) => r.personId))),
    safeguardingLookups.colleaguesNamed(db, ids(rows.map((r) => r.leadStaffId))),
    enquiryRepository.involvementsOf(db, ids(rows.map((r) => r.id))),
  ]);
  const personById = new Map(persons.map((p) => [p.id, p]));
  const leadById = new Map(leads.map((c) => [c.id, c]));
  return rows.map((row) =>
    enquiryBody(
      row,
      row.personId ? personById.get(row.personId) : undefined,
      row.leadStaffId ? leadById.get(row.leadStaffId) : undefined,
      involvements.filter((i) => i.enquiryId === row.id),
      enquiryWorkingDays,
      now,
    ),
  );
}

function enquiryBody(
  row: EnquiryRow,
  person: { given: string; family: string } | undefined,
  lead: { name: string } | undefined,
  involved: { userId: string; name: string; role: string; addedAt: Date }[],
  enquiryWorkingDays: number,
  now: Date,
): EnquiryBody {
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
    mentalCapacityAssessmentId: row.mentalCapacityAssessmentId,
    advocacy,
    advocateRequired: advocacy ? advocateRequired(advocacy) : false,
    advocateName: row.advocateName,
    appropriatePersonName: row.appropriatePersonName,
    safetyPlan: row.safetyPlan,
    status: row.status as EnquiryBody['status'],
    openedAt: row.openedAt.toISOString(),
    clock: workingDayClock(row.openedAt, enquiryWorkingDays, row.concludedAt ?? now),
    involved: involved.map((i) => ({ userId: i.userId, name: i.name, role: i.role, addedAt: i.addedAt.toISOString() })),
    conclusion:
      row.status === 'concluded'
        ? {
            riskTypes: (row.riskTypes ?? []) as Conclusion['riskTypes'],
            location: row.location as Conclusion['location'],
            locations: (row.locations ?? (row.location ? [row.location] : [])) as Conclusion['locations'],
            source: row.source as Conclusion['source'],
            sources: (row.sources ?? (row.source ? [row.source] : [])) as Conclusion['sources'],
            riskAssessment: row.riskAssessment as Conclusion['riskAssessment'],
            result: (row.result as Conclusion['result']) ?? null,
            outcomesAchieved: (row.outcomesAchieved as Conclusion['outcomesAchieved']) ?? null,
            note: row.conclusionNote ?? '',
          }
        : null,
    endedEarlyReason: row.endedEarlyReason,
    concludedAt: row.concludedAt?.toISOString() ?? null,
    version: row.version,
  };
}
