import type { DbOrTx } from '@threefold/db';
import type { ImportKind } from '@threefold/domain';
import { stagesOfStories } from '../conversations/imported.js';
import { staffRepository } from '../staff/repository.js';
import { budgetRepository } from '../budgets/repository.js';
import { reviewRepository } from '../budgets/review-repository.js';
import { careRepository } from '../care/repository.js';
import { conversationRepository } from '../conversations/conversation.repository.js';
import { storyRepository } from '../conversations/story.repository.js';
import { documentsRepository } from '../documents/repository.js';
import { eligibilityRepository } from '../eligibility/repository.js';
import { notesRepository } from '../notes/repository.js';
import { relationshipRepository } from '../people/relationships.repository.js';
import { concernRepository } from '../safeguarding/concern-repository.js';
import { enquiryRepository } from '../safeguarding/enquiry-repository.js';
import { asRows, c, councilColumns, id, person, withId, type PageReader, type Row } from './columns.js';
import { liveFiles } from './live-files.js';

/** One column of a hand-back CSV, as the data dictionary describes it. */
export interface HandBackColumn {
  name: string;
  type: 'uuid' | 'text' | 'date' | 'timestamp' | 'integer' | 'pence' | 'pounds' | 'number' | 'boolean' | 'json';
  description: string;
}

/** A CSV file of the archive: its columns and how its rows are read (a page at a time, in id order). */
export interface HandBackFile {
  kind: string;
  file: string;
  /** The imports kind whose external references name these records in the council's system, and the field they key. */
  council?: { kind: string; key: string };
  columns: HandBackColumn[];
  page: PageReader;
  /**
   * The import kind this file is itself an import format for, and its mapping (Threefold field →
   * column): the archive carries it as `<file>.mapping.json` (the hand-back imports again).
   */
  importAs?: { kind: ImportKind; columns: Record<string, string> };
  /** Rows derived from a page (parts of budgets, say); each page's rows come out in order. */
  expand?: (db: DbOrTx, page: Row[], today: string) => Promise<Row[]>;
}

/** Every file of the hand-back beyond people.csv, in archive order. */
export const handBackFiles: HandBackFile[] = [
  {
    kind: 'relationships',
    file: 'relationships.csv',
    council: { kind: 'relationships', key: 'pairId' },
    columns: [
      id,
      ...councilColumns,
      c('pairId', 'uuid', 'The relationship both ways round shares this id (one row each way).'),
      person,
      c('relatedPersonId', 'uuid', 'The other person (threefoldId in people.csv).'),
      c('type', 'text', 'What the related person is to the person (e.g. carer, daughter, neighbour).'),
      c('isMainCarer', 'boolean', 'The related person is the main carer: true or false.'),
      c('createdAt', 'timestamp', 'When it was recorded (UTC, ISO 8601).'),
      c('endedAt', 'timestamp', 'When it ended, if it has.'),
    ],
    page: async (db, after, limit) => withId(await relationshipRepository.exportPage(db, after, limit)),
  },
  {
    kind: 'notes',
    file: 'notes.csv',
    council: { kind: 'notes', key: 'threefoldId' },
    columns: [
      id,
      ...councilColumns,
      person,
      c('storyId', 'uuid', 'The story it belongs to (stories.csv), if any.'),
      c('conversationId', 'uuid', 'The conversation it belongs to (conversations.csv), if any.'),
      c('concernId', 'uuid', 'The safeguarding concern it belongs to, if any.'),
      c('enquiryId', 'uuid', 'The safeguarding enquiry it belongs to, if any.'),
      c('kind', 'text', 'Kind of note (case note, visit, phone call, historic …).'),
      c('occurredAt', 'timestamp', 'When what it records happened.'),
      c('authorId', 'uuid', 'The colleague who wrote it (staff id).'),
      c('finalisedAt', 'timestamp', 'When it was made final (only final notes are handed back).'),
      c('version', 'integer', 'Its current version; versions after 1 are amendments.'),
      c('summary', 'text', 'Summary, as it now stands.'),
      c('body', 'text', 'The note, as it now stands.'),
      c(
        'amendments',
        'json',
        'Every amendment, oldest first: [{"version", "reason", "writtenById", "writtenAt", "summary", "body"}] (the text before the amendment is in the earlier entry or the first version).',
      ),
    ],
    page: asRows(notesRepository.finalExportPage),
    expand: async (db, page) => {
      const versions = await notesRepository.versionsOfNotes(
        db,
        page.map((n) => n.id as string),
      );
      return page.map((note) => {
        const mine = versions.filter((v) => v.noteId === note.id);
        const latest = mine[mine.length - 1];
        return {
          ...note,
          threefoldId: note.id,
          summary: latest?.summary ?? '',
          body: latest?.body ?? '',
          amendments: mine
            .filter((v) => v.version > 1)
            .map((v) => ({
              version: v.version,
              reason: v.amendmentReason,
              writtenById: v.writtenById,
              writtenAt: v.writtenAt.toISOString(),
              summary: v.summary,
              body: v.body,
            })),
        };
      });
    },
  },
  {
    kind: 'stories',
    file: 'stories.csv',
    columns: [
      id,
      person,
      c('teamId', 'uuid', 'The team holding the story.'),
      c('status', 'text', 'Stage: open, or closed (and at which stage, closedStage).'),
      c('heldById', 'uuid', 'The colleague holding it (staff id).'),
      c('openedAt', 'timestamp', 'When it opened.'),
      c('closedAt', 'timestamp', 'When it closed, if it has.'),
      c('closedStage', 'text', 'The conversation stage it closed at.'),
      c('closedReason', 'text', 'Why it closed.'),
      c('resolvedWhatMattered', 'text', 'How what mattered to the person was resolved.'),
      c('personsWords', 'text', 'The person’s own words at the close.'),
      c('closedNote', 'text', 'Closing note.'),
      c('assessmentRequestedAt', 'timestamp', 'When a needs assessment was requested (Care Act s.9), if one was.'),
      c('assessmentRequestedBy', 'text', 'Who requested it (the person, a carer, someone else).'),
      c('assessmentRequesterName', 'text', 'Name of who requested it.'),
      c('assessmentRequestReason', 'text', 'Why it was requested.'),
      c('stage', 'text', 'Where it stands: contact, conversation_1, conversation_2 or conversation_3.'),
      c('heldByEmail', 'text', 'The email of the colleague holding it.'),
      c('whatMatters', 'text', 'What matters to the person, as its current conversation holds it.'),
    ],
    importAs: {
      kind: 'cases',
      columns: {
        personId: 'personId',
        stage: 'stage',
        openedAt: 'openedAt',
        heldBy: 'heldByEmail',
        whatMatters: 'whatMatters',
        status: 'status',
      },
    },
    page: async (db, after, limit) => withId(await storyRepository.exportPage(db, after, limit)),
    expand: async (db, page) => {
      const stages = await stagesOfStories(
        db,
        page.map((s) => s.id as string),
      );
      const emails = await staffRepository.emailsOf(
        db,
        page.flatMap((s) => (s.heldById ? [s.heldById as string] : [])),
      );
      return page.map((s) => ({
        ...s,
        stage: stages.get(s.id as string)?.stage,
        whatMatters: stages.get(s.id as string)?.whatMatters,
        heldByEmail: s.heldById ? emails.get(s.heldById as string) : null,
      }));
    },
  },
  {
    kind: 'conversations',
    file: 'conversations.csv',
    columns: [
      id,
      c('storyId', 'uuid', 'The story (stories.csv).'),
      c('kind', 'integer', 'Conversation stage: 1 (listen and connect), 2 (intensive support), 3 (plan and budget).'),
      c('authorId', 'uuid', 'The colleague who had the conversation (staff id).'),
      c('status', 'text', 'Draft or concluded.'),
      c('whatMatters', 'text', 'What matters to the person, in their words.'),
      c(
        'strengths',
        'text',
        'Strengths as text, one line per group: Personal resources, Networks of support, Community resources (items separated by “; ”).',
      ),
      c('desiredOutcomes', 'json', 'Desired outcomes as recorded.'),
      c('participants', 'json', 'Who took part.'),
      c('advocacy', 'json', 'Advocacy considered and arranged (Care Act s.67).'),
      c('outputs', 'json', 'What the conversation led to.'),
      c('notes', 'text', 'Notes of the conversation.'),
      c('resolved', 'boolean', 'What mattered was resolved: true or false.'),
      c('unresolvedReason', 'text', 'Why it was not resolved.'),
      c('startedAt', 'timestamp', 'When it started.'),
      c('concludedAt', 'timestamp', 'When it concluded.'),
    ],
    page: async (db, after, limit) =>
      withId(await conversationRepository.exportPage(db, after, limit)).map((r) => ({
        ...r,
        strengths: strengthsText(r.strengths),
      })),
  },
  {
    kind: 'eligibility',
    file: 'eligibility-determinations.csv',
    columns: [
      id,
      person,
      c('kind', 'text', 'Whose needs: the adult’s or a carer’s (Care Act s.13).'),
      c('caredForPersonId', 'uuid', 'For a carer’s determination, the person cared for.'),
      c('storyId', 'uuid', 'The story (stories.csv).'),
      c('conversationId', 'uuid', 'The conversation it followed (conversations.csv).'),
      c('decidedById', 'uuid', 'Who decided (staff id).'),
      c('decidedAt', 'timestamp', 'When it was decided.'),
      c('eligible', 'boolean', 'Eligible: true or false.'),
      c('reasons', 'json', 'The reasons, as given in the letter.'),
      c(
        'eligibleNeeds',
        'json',
        'The needs found eligible (Care and Support (Eligibility Criteria) Regulations 2015).',
      ),
      c('inputs', 'json', 'What was considered: outcomes, impacts on wellbeing.'),
      c('periodFrom', 'date', 'Period from, yyyy-mm-dd.'),
      c('periodTo', 'date', 'Period to, yyyy-mm-dd.'),
      c('rasVersion', 'integer', 'Resource allocation version used for the indicative budget.'),
      c('indicativeWeeklyPence', 'pence', 'Indicative weekly budget, whole pence.'),
      c('derivation', 'json', 'How the indicative budget was worked out.'),
      c('advocacy', 'json', 'Advocacy considered and arranged.'),
      c('ordinaryResidenceCouncil', 'text', 'Council of ordinary residence.'),
      c('ordinaryResidenceBasis', 'text', 'Basis of ordinary residence.'),
      c('ordinaryResidenceDisputed', 'boolean', 'Ordinary residence disputed: true or false.'),
      c('ordinaryResidenceNote', 'text', 'Note on ordinary residence.'),
    ],
    page: async (db, after, limit) => withId(await eligibilityRepository.exportPage(db, after, limit)),
  },
  {
    kind: 'budgets',
    file: 'personal-budgets.csv',
    columns: [
      id,
      person,
      c('storyId', 'uuid', 'The story (stories.csv).'),
      c('teamId', 'uuid', 'The team.'),
      c('determinationId', 'uuid', 'The eligibility determination (eligibility-determinations.csv).'),
      c('status', 'text', 'Draft, referred to panel, signed off, live, ended.'),
      c('goodLife', 'text', 'What a good life looks like, in the person’s words.'),
      c('indicativeWeeklyPence', 'pence', 'Indicative weekly budget, whole pence.'),
      c('weeklyTotalPence', 'pence', 'Weekly total of the plan, whole pence.'),
      c('agreedWeeklyPence', 'pence', 'Agreed weekly budget, whole pence.'),
      c('planLines', 'json', 'The plan’s lines (what, how often, cost in pence).'),
      c('fundingSources', 'json', 'Who pays for what.'),
      c('management', 'json', 'How it is managed; its parts are in personal-budget-parts.csv.'),
      c('panelDecision', 'text', 'Panel decision.'),
      c('panelNote', 'text', 'Panel note.'),
      c('panelDecidedAt', 'timestamp', 'When the panel decided.'),
      c('signedOffAt', 'timestamp', 'When it was signed off.'),
      c('signedOffById', 'uuid', 'Who signed it off (staff id).'),
      c('liveOn', 'date', 'Live from, yyyy-mm-dd.'),
      c('importedFrom', 'text', 'The council system a live budget was imported from (blank: the practice’s own).'),
      c('advocacy', 'json', 'Advocacy considered and arranged.'),
      c('createdAt', 'timestamp', 'When it was made.'),
    ],
    page: async (db, after, limit) => withId(await budgetRepository.exportPage(db, after, limit)),
  },
  {
    kind: 'budgets',
    file: 'personal-budget-parts.csv',
    columns: [
      c('budgetId', 'uuid', 'The personal budget (personal-budgets.csv).'),
      c('part', 'integer', 'Its place in the budget, from 1.'),
      c('method', 'text', 'How it is managed: direct_payment, council_managed or individual_service_fund.'),
      c('weeklyPence', 'pence', 'Weekly amount, whole pence.'),
    ],
    page: async (db, after, limit) => withId(await budgetRepository.exportPage(db, after, limit)),
    expand: async (_db, page) =>
      page.flatMap((budget) =>
        ((budget.management as { parts?: { method: string; weeklyPence: number }[] } | null)?.parts ?? []).map(
          (p, i) => ({ budgetId: budget.id, part: i + 1, method: p.method, weeklyPence: p.weeklyPence }),
        ),
      ),
  },
  {
    kind: 'care',
    file: 'care-services.csv',
    columns: [
      id,
      person,
      c('budgetId', 'uuid', 'The personal budget it is paid from (personal-budgets.csv).'),
      c('part', 'text', 'Which part of the budget pays for it.'),
      c('planLine', 'integer', 'The plan line it delivers.'),
      c('what', 'text', 'What the service is.'),
      c('providerId', 'uuid', 'The provider (Threefold id).'),
      c('weeklyPence', 'pence', 'Weekly cost, whole pence.'),
      c('startOn', 'date', 'Starts, yyyy-mm-dd.'),
      c('endOn', 'date', 'Ends, yyyy-mm-dd.'),
      c('endReason', 'text', 'Why it ended.'),
      c('endNote', 'text', 'Note on its ending.'),
      c('replacesId', 'uuid', 'The service it replaced.'),
      c('createdAt', 'timestamp', 'When it was recorded.'),
    ],
    page: async (db, after, limit) => withId(await careRepository.exportPage(db, after, limit)),
  },
  {
    kind: 'reviews',
    file: 'reviews.csv',
    columns: [
      id,
      person,
      c('budgetId', 'uuid', 'The personal budget reviewed (personal-budgets.csv).'),
      c('teamId', 'uuid', 'The team.'),
      c('kind', 'text', 'Planned or unplanned (Care Act s.27).'),
      c('reason', 'text', 'Why it was asked for.'),
      c('requestNote', 'text', 'Note with the request.'),
      c('dueFrom', 'date', 'Due from, yyyy-mm-dd.'),
      c('dueBy', 'date', 'Due by, yyyy-mm-dd.'),
      c('status', 'text', 'Due, in progress, completed, cancelled.'),
      c('outcome', 'text', 'Outcome.'),
      c('notes', 'text', 'Notes.'),
      c('weeklyBeforePence', 'pence', 'Weekly budget before, whole pence.'),
      c('weeklyAfterPence', 'pence', 'Weekly budget after, whole pence.'),
      c('completedOn', 'date', 'Completed on, yyyy-mm-dd.'),
      c('completedById', 'uuid', 'Who completed it (staff id).'),
      c('nextReviewId', 'uuid', 'The next review planned.'),
      c('createdAt', 'timestamp', 'When it was recorded.'),
    ],
    page: async (db, after, limit) => withId(await reviewRepository.exportPage(db, after, limit)),
  },
  {
    kind: 'safeguarding',
    file: 'safeguarding-concerns.csv',
    columns: [
      id,
      person,
      c('teamId', 'uuid', 'The team.'),
      c('summary', 'text', 'What was raised.'),
      c('status', 'text', 'Open, decided, closed.'),
      c('raisedAt', 'timestamp', 'When it was raised.'),
      c('raisedVia', 'text', 'How it was raised.'),
      c('raisedByKind', 'text', 'Who raised it (kind).'),
      c('raisedByName', 'text', 'Who raised it (name).'),
      c('raisedByType', 'text', 'Source of the concern (SAC return list).'),
      c('suspectedRiskTypes', 'text', 'Suspected types of abuse or neglect (SAC return list).'),
      c('immediateSafety', 'text', 'Immediate safety.'),
      c('immediateSafetyNote', 'text', 'Note on immediate safety.'),
      c('hasCareAndSupportNeeds', 'boolean', 'Care Act s.42(1)(a): true or false.'),
      c('experiencingOrAtRiskOfAbuseOrNeglect', 'boolean', 'Care Act s.42(1)(b): true or false.'),
      c('unableToProtectThemselves', 'boolean', 'Care Act s.42(1)(c): true or false.'),
      c('decisionRoute', 'text', 'Outcome: section 42 enquiry, other enquiry, or no enquiry.'),
      c('decisionRationale', 'text', 'Why.'),
      c('noEnquiryReason', 'text', 'Why no enquiry.'),
      c('otherActions', 'json', 'Other actions taken.'),
      c('decidedAt', 'timestamp', 'When it was decided.'),
      c('decidedById', 'uuid', 'Who decided (staff id).'),
    ],
    page: async (db, after, limit) => withId(await concernRepository.exportPage(db, after, limit)),
  },
  {
    kind: 'safeguarding',
    file: 'safeguarding-enquiries.csv',
    columns: [
      id,
      c('concernId', 'uuid', 'The concern (safeguarding-concerns.csv).'),
      person,
      c('kind', 'text', 'Section 42 or other enquiry.'),
      c('status', 'text', 'Open or concluded.'),
      c('openedAt', 'timestamp', 'When it opened.'),
      c('leadKind', 'text', 'Who leads it.'),
      c('leadStaffId', 'uuid', 'The colleague leading it.'),
      c('leadOrganisationName', 'text', 'The organisation leading it.'),
      c('desiredOutcomesStatus', 'text', 'Were desired outcomes asked (Making Safeguarding Personal).'),
      c('desiredOutcomes', 'json', 'Desired outcomes.'),
      c('desiredOutcomesNotAskedReason', 'text', 'Why they were not asked.'),
      c('mentalCapacity', 'text', 'Mental capacity.'),
      c('mentalCapacityNote', 'text', 'Note on mental capacity.'),
      c('advocacy', 'json', 'Advocacy considered and arranged (Care Act s.68).'),
      c('advocateName', 'text', 'Advocate.'),
      c('appropriatePersonName', 'text', 'Appropriate person.'),
      c('safetyPlan', 'text', 'Safety plan.'),
      c('riskTypes', 'text', 'Types of risk (SAC return list).'),
      c('locations', 'text', 'Locations of risk (SAC return list).'),
      c('sources', 'text', 'Sources of risk (SAC return list).'),
      c('riskAssessment', 'text', 'Outcome: risk assessment outcome (SAC return list).'),
      c('result', 'text', 'Outcome: result (SAC return list).'),
      c('outcomesAchieved', 'text', 'Outcome: desired outcomes achieved (SAC return list).'),
      c('conclusionNote', 'text', 'Outcome: conclusion.'),
      c('endedEarlyReason', 'text', 'Why it ended early.'),
      c('concludedAt', 'timestamp', 'When it concluded.'),
      c('concludedById', 'uuid', 'Who concluded it (staff id).'),
    ],
    page: async (db, after, limit) => withId(await enquiryRepository.exportPage(db, after, limit)),
  },
  {
    kind: 'documents',
    file: 'documents.csv',
    columns: [
      id,
      person,
      c('storyId', 'uuid', 'The story, if any.'),
      c('conversationId', 'uuid', 'The conversation, if any.'),
      c('budgetId', 'uuid', 'The personal budget, if any.'),
      c('concernId', 'uuid', 'The safeguarding concern, if any.'),
      c('enquiryId', 'uuid', 'The safeguarding enquiry, if any.'),
      c('title', 'text', 'Title.'),
      c('fileName', 'text', 'The file’s name as uploaded.'),
      c('mediaType', 'text', 'Media type.'),
      c('sizeBytes', 'integer', 'Size in bytes.'),
      c('uploadedById', 'uuid', 'Who uploaded it (staff id).'),
      c('uploadedAt', 'timestamp', 'When.'),
      c('removedAt', 'timestamp', 'When it was removed, if it was (its bytes are not handed back).'),
      c('removalBasis', 'text', 'Basis of removal.'),
      c('removalReason', 'text', 'Why it was removed.'),
    ],
    page: async (db, after, limit) => withId(await documentsRepository.exportPage(db, after, limit)),
  },
  ...liveFiles,
];

/** Strengths as text: one line per group (personal resources, networks of support, community resources). */
export function strengthsText(value: unknown): string {
  const groups = (value ?? {}) as Record<string, string[] | undefined>;
  const label: Record<string, string> = {
    personalResources: 'Personal resources',
    networksOfSupport: 'Networks of support',
    communityResources: 'Community resources',
  };
  return Object.entries(label)
    .filter(([key]) => groups[key]?.length)
    .map(([key, name]) => `${name}: ${groups[key]!.join('; ')}`)
    .join('\n');
}
