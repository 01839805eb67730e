import type { Database } from '@threefold/db';
import { notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { mergeView } from './merges.js';
import { personView } from './person-record.js';
import { personRepository } from './repository.js';
import { relationshipsOf } from './relationships.js';
import { historyOf } from './records.js';
import { subjectAccessRepository as repo } from './subject-access.repository.js';

const plain = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

export class SubjectAccess {
  constructor(private readonly db: Database) {}

  /** Everything held about the person, who it was shared with and who looked (UK GDPR Art. 15); the export is audited. */
  async export(actor: Actor, id: string) {
    const db = this.db;
    const row = await personRepository.byId(db, id);
    if (!row) throw notFound('person');
    const [history, rels, contactRows, concernRows, merges, shared, access] = await Promise.all([
      historyOf(db, id),
      relationshipsOf(db, id),
      repo.contactsAbout(db, id),
      repo.concernsAbout(db, id),
      repo.mergesOf(db, id),
      repo.disclosuresOf(db, id),
      repo.accessLogOf(db, id),
    ]);
    const [storyRows, conversationRows, noteRows, determinationRows, budgetRows, reviewRows, connectionRows] =
      await Promise.all([
        repo.storiesOf(db, id),
        repo.conversationsOf(db, id),
        repo.notesOf(db, id),
        repo.determinationsOf(db, id),
        repo.budgetsOf(db, id),
        repo.reviewsOf(db, id),
        repo.connectionsOf(db, id),
      ]);
    const [documentRows, enquiryRows, warningRows, taskRows, delivered, returns] = await Promise.all([
      repo.documentsOf(db, id),
      repo.enquiriesAbout(db, id),
      repo.warningsOf(db, id),
      repo.tasksOf(db, id),
      repo.webhookDeliveriesAbout(db, id),
      repo.returnsCarrying(db, id),
    ]);
    // Safeguarding records hold what others said (who raised it, who is alleged to have caused
    // harm, advocates): UK GDPR art 15(4) and DPA 2018 sch 2 para 16 — reviewed before release.
    const forReview = (thirdPartyFields: string[]) => ({
      reviewBeforeRelease: true,
      thirdPartyFields,
    });
    const record = {
      person: personView(row),
      history,
      relationships: rels,
      contacts: contactRows.map(plain),
      safeguardingConcerns: concernRows.map((c) => ({
        ...plain(c),
        ...forReview(['raisedByName', 'raisedById', 'summary', 'immediateSafetyNote', 'decisionRationale']),
      })),
      merges: merges.map(mergeView),
      stories: storyRows.map(plain),
      conversations: conversationRows.map((c) => ({ ...plain(c), record: `/v1/conversations/${c.id}/record` })),
      notes: noteRows.map((n) => ({
        ...plain(n),
        ...(n.concernId || n.enquiryId ? forReview(['summary', 'body']) : {}),
      })),
      eligibilityDeterminations: determinationRows.map((d) => ({
        ...plain(d),
        letter: `/v1/eligibility-determinations/${d.id}/letter`,
      })),
      personalBudgets: budgetRows.map(plain),
      carePlans: budgetRows.map((b) => ({
        budgetId: b.id,
        status: b.status,
        plan: `/v1/personal-budgets/${b.id}/plan`,
      })),
      reviews: reviewRows.map((r) => ({
        ...plain(r),
        record: r.status === 'completed' ? `/v1/reviews/${r.id}/record` : null,
      })),
      connections: connectionRows.map(plain),
      documents: documentRows.map((d) => ({
        id: d.id,
        title: d.title,
        fileName: d.fileName,
        mediaType: d.mediaType,
        sizeBytes: d.sizeBytes,
        sha256: d.sha256,
        storyId: d.storyId,
        conversationId: d.conversationId,
        budgetId: d.budgetId,
        concernId: d.concernId,
        enquiryId: d.enquiryId,
        uploadedAt: d.uploadedAt.toISOString(),
        content: d.removedAt ? null : `/v1/documents/${d.id}/content`,
        removal: d.removedAt
          ? { removedAt: d.removedAt.toISOString(), basis: d.removalBasis, reason: d.removalReason }
          : null,
        ...(d.concernId || d.enquiryId ? forReview(['content']) : {}),
      })),
      safeguardingEnquiries: enquiryRows.map((e) => ({
        ...plain(e),
        ...forReview(['leadOrganisationName', 'advocateName', 'appropriatePersonName', 'riskAssessment', 'source']),
      })),
      warnings: warningRows.map(plain),
      tasks: taskRows.map(plain),
      writtenRecords: [
        ...determinationRows.map((d) => ({
          kind: 'eligibility_letter',
          link: `/v1/eligibility-determinations/${d.id}/letter`,
        })),
        ...conversationRows.map((c) => ({ kind: 'conversation_record', link: `/v1/conversations/${c.id}/record` })),
        ...budgetRows.map((b) => ({ kind: 'care_and_support_plan', link: `/v1/personal-budgets/${b.id}/plan` })),
        ...reviewRows
          .filter((r) => r.status === 'completed')
          .map((r) => ({ kind: 'review_outcome', link: `/v1/reviews/${r.id}/record` })),
      ],
      sharedWith: [
        ...shared.map((d) => ({
          recipientType: d.recipientType,
          recipientId: d.recipientId,
          recipientName: d.recipientName,
          what: d.what,
          at: d.disclosedAt.toISOString(),
        })),
        ...connectionRows.map((c) => ({
          recipientType: 'partner',
          recipientId: c.organisationId,
          recipientName: c.organisationName,
          what: `connection: ${c.ask}`.slice(0, 200),
          at: c.createdAt.toISOString(),
        })),
        ...delivered.map((d) => ({
          recipientType: d.clientKind,
          recipientId: d.clientId,
          recipientName: d.clientName,
          what: `webhook: ${d.eventType}`,
          at: (d.deliveredAt ?? new Date(0)).toISOString(),
        })),
        ...returns.map((r) => ({
          recipientType: 'council',
          recipientId: r.actorId ?? 'council',
          recipientName: 'council',
          what: `Client Level Data return ${r.from} to ${r.to}`,
          at: r.at.toISOString(),
        })),
      ].sort((a, b) => a.at.localeCompare(b.at)),
      accessLog: access.map((a) => ({
        at: a.occurredAt.toISOString(),
        actorType: a.actorType,
        actorRole: a.actorRole,
        action: a.action,
        outcome: a.outcome,
      })),
      exportedAt: actor.now().toISOString(),
    };
    await actor.audit(db, { action: 'person.export', resourceType: 'person', resourceId: id, personId: id });
    return record;
  }
}
