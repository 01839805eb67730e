import type { DbOrTx, Tx } from '@threefold/db';
import type {
  SafeguardingImportStage,
  SafeguardingLocation,
  SafeguardingRiskType,
  SafeguardingSource,
} from '@threefold/domain';
import { actorOf, asUser } from '../../auth/principal.js';
import { recordEvents, type NewEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staffRepository } from '../staff/repository.js';
import { concernRepository } from './concern-repository.js';
import { enquiryRepository } from './enquiry-repository.js';

/** Open safeguarding work from a council's file, its person already imported. */
export interface ImportedSafeguarding {
  /** The concern's id (the record the council's id is kept against). */
  id: string;
  personId: string;
  stage: SafeguardingImportStage;
  raisedAt: Date;
  /** When the enquiry opened (enquiry stages); null: when the concern was raised. */
  enquiryOpenedAt: Date | null;
  riskTypes: SafeguardingRiskType[];
  locations: SafeguardingLocation[];
  sources: SafeguardingSource[];
  summary: string | null;
  raisedByName: string | null;
  /** The colleague leading (found by email), or null. */
  leadStaffId: string | null;
  leadEmail: string | null;
  /** What the person wants, in their words (Making Safeguarding Personal). */
  desiredOutcomes: string | null;
}

/** Active colleagues by lower-cased email (the lead an imported enquiry names). */
export function activeColleaguesByEmail(db: DbOrTx, emails: string[]): Promise<Map<string, string>> {
  return staffRepository.activeByEmails(db, emails);
}

/**
 * What a concern awaiting its decision cannot hold in its own fields (it has no location, source,
 * lead or desired outcomes until an enquiry opens) is kept in its text, so nothing of the council's
 * record is lost.
 */
function concernText(s: ImportedSafeguarding): string {
  const lines = [s.summary?.trim() || 'Imported from the council’s system.'];
  if (s.stage === 'concern') {
    if (s.locations.length) lines.push(`Where: ${s.locations.join(', ')}.`);
    if (s.sources.length) lines.push(`Risk from: ${s.sources.join(', ')}.`);
    if (s.leadEmail) lines.push(`Lead colleague at import: ${s.leadEmail}.`);
    if (s.desiredOutcomes) lines.push(`What the person wants: ${s.desiredOutcomes}`);
  }
  return lines.join('\n');
}

/**
 * Records open safeguarding work from an import in `tx`. A concern keeps the council's raised
 * time, so its decision clock runs from then; an enquiry is a concern decided (s42: all three
 * criteria met) when the enquiry opened, and the enquiry open from that time (its clock runs from
 * it), with its risk types, locations, sources, the person's desired outcomes and its lead
 * involved. The events a raised concern and an opened enquiry emit, and an audit row per record;
 * the safeguarding chronology shows them at the council's dates.
 */
export async function recordImportedSafeguarding(tx: Tx, actor: Actor, batch: ImportedSafeguarding[]): Promise<void> {
  const user = asUser(actor.principal, 'Safeguarding work is imported by colleagues.');
  const who = actorOf(actor.principal);
  const events: NewEvent[] = [];
  for (const s of batch) {
    const enquiry = s.stage !== 'concern';
    const openedAt = s.enquiryOpenedAt ?? s.raisedAt;
    await concernRepository.insert(tx, {
      id: s.id,
      personId: s.personId,
      summary: concernText(s),
      raisedVia: 'council_system',
      raisedByName: s.raisedByName ?? '',
      suspectedRiskTypes: s.riskTypes,
      raisedByType: who.actorType,
      raisedById: who.actorId,
      raisedAt: s.raisedAt,
      ...(enquiry
        ? {
            status: 'enquiry',
            decisionRoute: s.stage,
            decisionRationale: 'Decided at the council before the import.',
            ...(s.stage === 's42_enquiry'
              ? {
                  hasCareAndSupportNeeds: true,
                  experiencingOrAtRiskOfAbuseOrNeglect: true,
                  unableToProtectThemselves: true,
                }
              : {}),
            decidedAt: openedAt,
            decidedById: s.leadStaffId ?? user.userId,
          }
        : {}),
    });
    events.push({
      type: 'safeguarding.concern-raised',
      subjectType: 'safeguarding_concern',
      subjectId: s.id,
      data: { raisedVia: 'council_system', immediateSafety: 'not_known', contactId: null, imported: true },
    });
    await actor.audit(tx, {
      action: 'safeguarding_concern.import',
      resourceType: 'safeguarding_concern',
      resourceId: s.id,
      personId: s.personId,
    });
    if (!enquiry) continue;
    const row = await enquiryRepository.insert(tx, {
      concernId: s.id,
      personId: s.personId,
      kind: s.stage === 's42_enquiry' ? 's42' : 'other',
      leadKind: 'practice',
      leadStaffId: s.leadStaffId,
      openedAt,
      riskTypes: s.riskTypes,
      locations: s.locations,
      sources: s.sources,
      location: s.locations[0] ?? null,
      source: s.sources[0] ?? null,
      ...(s.desiredOutcomes ? { desiredOutcomesStatus: 'asked_expressed', desiredOutcomes: [s.desiredOutcomes] } : {}),
    });
    if (s.leadStaffId)
      await enquiryRepository.involve(
        tx,
        { enquiryId: row.id, userId: s.leadStaffId, role: 'leads the enquiry', addedById: user.userId },
        false,
      );
    events.push({
      type: 'safeguarding.enquiry-opened',
      subjectType: 'safeguarding_enquiry',
      subjectId: row.id,
      data: { concernId: s.id, kind: row.kind, leadKind: 'practice', imported: true },
    });
    await actor.audit(tx, {
      action: 'safeguarding_enquiry.import',
      resourceType: 'safeguarding_enquiry',
      resourceId: row.id,
      personId: s.personId,
    });
  }
  if (events.length) await recordEvents(tx, events);
}
