import type { Database } from '@threefold/db';
import { decideRoute, workingDayClock } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { invalidField, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { personName } from './access.js';
import { concernRepository } from './concern-repository.js';
import { enquiryRepository } from './enquiry-repository.js';
import { alreadyDecided, ruleBreach } from './errors.js';
import { safeguardingLookups } from './repository.js';
import type { ConcernBody, DecisionBody } from './schemas.js';
import { concernView, type SafeguardingSettings } from './views.js';

/** The section 42 decision on a concern, and the enquiry it opens. */
export class DecisionService {
  constructor(
    private readonly db: Database,
    private readonly settings: SafeguardingSettings,
  ) {}

  async decide(actor: Actor, id: string, body: DecisionBody): Promise<ConcernBody> {
    const principal = asUser(actor.principal, 'Decisions are made by colleagues.');
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
    const now = actor.now();
    return this.db.transaction(async (tx) => {
      const row = await concernRepository.lockById(tx, id);
      if (!row) throw notFound('safeguarding concern');
      if (row.status !== 'awaiting_decision') throw alreadyDecided();
      const leadStaffId = opensEnquiry ? (body.leadStaffId ?? principal.userId) : null;
      if (body.leadStaffId && !(await safeguardingLookups.activeColleague(tx, body.leadStaffId)))
        throw invalidField('leadStaffId', 'is not a colleague');
      const updated = await concernRepository.update(tx, id, {
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
      });
      const clock = workingDayClock(row.raisedAt, this.settings.decisionWorkingDays, now);
      await recordEvent(tx, {
        type: 'safeguarding.decision-made',
        subjectType: 'safeguarding_concern',
        subjectId: id,
        data: { route, onTime: !clock.overdue },
      });
      await actor.audit(tx, {
        action: 'safeguarding_concern.decide',
        resourceType: 'safeguarding_concern',
        resourceId: id,
        personId: row.personId,
      });
      let enquiryId: string | null = null;
      if (opensEnquiry) {
        const enquiry = await enquiryRepository.insert(tx, {
          concernId: id,
          personId: row.personId,
          kind: route === 's42_enquiry' ? 's42' : 'other',
          leadKind,
          leadStaffId,
          leadOrganisationName: leadKind === 'other_organisation' ? body.leadOrganisationName! : null,
          openedAt: now,
        });
        enquiryId = enquiry.id;
        if (leadStaffId)
          await enquiryRepository.involve(
            tx,
            { enquiryId, userId: leadStaffId, role: 'leads the enquiry', addedById: principal.userId },
            false,
          );
        await recordEvent(tx, {
          type: 'safeguarding.enquiry-opened',
          subjectType: 'safeguarding_enquiry',
          subjectId: enquiryId,
          data: { concernId: id, kind: enquiry.kind, leadKind },
        });
        await actor.audit(tx, {
          action: 'safeguarding_enquiry.create',
          resourceType: 'safeguarding_enquiry',
          resourceId: enquiryId,
          personId: row.personId,
        });
      }
      return concernView(
        updated,
        await personName(tx, row.personId),
        enquiryId,
        this.settings.decisionWorkingDays,
        now,
      );
    });
  }
}
