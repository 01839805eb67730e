import type { BudgetManagement } from '@threefold/domain';
import { budgetPartFields } from '@threefold/domain';
import { budgetRepository } from '../budgets/repository.js';
import { reviewRepository } from '../budgets/review-repository.js';
import { careRepository } from '../care/repository.js';
import { concernRepository } from '../safeguarding/concern-repository.js';
import { enquiryRepository } from '../safeguarding/enquiry-repository.js';
import { staffRepository } from '../staff/repository.js';
import { c, councilColumns, person, withId, type Row } from './columns.js';
import type { HandBackFile } from './files.js';
import { poundsCell } from './rows.js';

/**
 * The hand-back files that are import formats for what is live on the day of the download: open
 * safeguarding work, live personal budgets and their services. Each is written in the words its
 * import reads (amounts in pounds, codes separated by `;`, the lead by email, the provider by its
 * CQC location id or name), keyed by Threefold's ids, so that importing people.csv, then these in
 * this order, into an empty Threefold gives the same open work, budgets and services. What is
 * history (closed concerns and enquiries, ended services, suspensions, plan lines, sign-off and
 * panel) is in the other files and is not imported again.
 */

const codes = (values: readonly string[] | null | undefined): string => (values ?? []).join(';');

/** Open concerns (awaiting the section 42 decision) and open enquiries, one row each by its concern. */
const openSafeguarding: HandBackFile = {
  kind: 'safeguarding',
  file: 'open-safeguarding.csv',
  council: { kind: 'safeguarding', key: 'threefoldId' },
  columns: [
    c(
      'threefoldId',
      'uuid',
      'The concern (threefoldId in safeguarding-concerns.csv). Open work only: closed concerns and concluded or ended enquiries, and an enquiry’s capacity, advocacy, safety plan, involvements beyond the lead and a concern’s immediate safety, are history in safeguarding-concerns.csv and safeguarding-enquiries.csv and are not imported again.',
    ),
    ...councilColumns,
    person,
    c('stage', 'text', 'concern (awaiting the section 42 decision), s42_enquiry or other_enquiry (open).'),
    c('status', 'text', 'open: only open work is in this file.'),
    c('raisedAt', 'timestamp', 'When the concern was raised (UTC, ISO 8601): its decision clock runs from it.'),
    c('enquiryOpenedAt', 'timestamp', 'When the enquiry opened (enquiries only): its clock runs from it.'),
    c('riskTypes', 'text', 'Types of risk, separated by ";" (the enquiry’s, else the concern’s suspected ones).'),
    c('locations', 'text', 'Enquiries: where the risk was, separated by ";".'),
    c('sources', 'text', 'Enquiries: who the risk came from, separated by ";".'),
    c('summary', 'text', 'What was raised, as the concern holds it.'),
    c('raisedBy', 'text', 'Who raised it, in words.'),
    c('lead', 'text', 'Enquiries led by the practice: the email of the colleague leading.'),
    c('desiredOutcomes', 'text', 'Enquiries: what the person wants, one outcome a line.'),
  ],
  importAs: {
    kind: 'safeguarding',
    columns: {
      personId: 'personId',
      stage: 'stage',
      status: 'status',
      raisedAt: 'raisedAt',
      enquiryOpenedAt: 'enquiryOpenedAt',
      riskTypes: 'riskTypes',
      locations: 'locations',
      sources: 'sources',
      summary: 'summary',
      raisedBy: 'raisedBy',
      lead: 'lead',
      desiredOutcomes: 'desiredOutcomes',
    },
  },
  page: async (db, after, limit) => withId(await concernRepository.exportPage(db, after, limit)),
  expand: async (db, page) => {
    const enquiries = await enquiryRepository.ofConcerns(
      db,
      page.map((r) => r.id as string),
    );
    const leads = await staffRepository.emailsOf(
      db,
      enquiries.flatMap((e) => (e.leadStaffId && e.leadKind === 'practice' ? [e.leadStaffId] : [])),
    );
    return page.flatMap((concern): Row[] => {
      const base = {
        threefoldId: concern.id,
        personId: concern.personId,
        status: 'open',
        raisedAt: concern.raisedAt,
        summary: concern.summary,
        raisedBy: concern.raisedByName,
      };
      if (concern.status === 'awaiting_decision')
        return [{ ...base, stage: 'concern', riskTypes: codes(concern.suspectedRiskTypes as string[]) }];
      const enquiry = enquiries.find((e) => e.concernId === concern.id && e.status === 'open');
      if (concern.status !== 'enquiry' || !enquiry) return [];
      return [
        {
          ...base,
          stage: enquiry.kind === 's42' ? 's42_enquiry' : 'other_enquiry',
          enquiryOpenedAt: enquiry.openedAt,
          riskTypes: codes(enquiry.riskTypes?.length ? enquiry.riskTypes : (concern.suspectedRiskTypes as string[])),
          locations: codes(enquiry.locations),
          sources: codes(enquiry.sources),
          lead: enquiry.leadStaffId && enquiry.leadKind === 'practice' ? leads.get(enquiry.leadStaffId) : null,
          desiredOutcomes: enquiry.desiredOutcomes.join('\n'),
        },
      ];
    });
  },
};

/** Signed-off (live) personal budgets, with how they are managed and their next review due. */
const liveBudgets: HandBackFile = {
  kind: 'budgets',
  file: 'live-budgets.csv',
  council: { kind: 'budgets', key: 'threefoldId' },
  columns: [
    c(
      'threefoldId',
      'uuid',
      'The budget (threefoldId in personal-budgets.csv). Live (signed-off) budgets only, as the agreed fact: plan lines, sign-off, panel and eligibility stay in personal-budgets.csv and are not imported again.',
    ),
    ...councilColumns,
    person,
    c('weeklyAmount', 'pounds', 'The weekly amount agreed, in pounds (1234.56).'),
    c('startOn', 'date', 'Live from, yyyy-mm-dd.'),
    c('managedAs', 'text', 'direct_payment, council_managed, individual_service_fund or mixed.'),
    c('directPaymentWeekly', 'pounds', 'Mixed: the direct payment part a week, in pounds.'),
    c('councilManagedWeekly', 'pounds', 'Mixed: the council-managed part a week, in pounds.'),
    c('individualServiceFundWeekly', 'pounds', 'Mixed: the individual service fund part a week, in pounds.'),
    c('directPaymentSection', 'text', 'A direct payment’s section of the Care Act: s31 or s32.'),
    c('authorisedPerson', 'text', 'A direct payment under s32: the authorised person.'),
    c('nextReviewOn', 'date', 'The next review due (by), yyyy-mm-dd.'),
  ],
  importAs: {
    kind: 'budgets',
    columns: {
      personId: 'personId',
      weeklyAmount: 'weeklyAmount',
      startOn: 'startOn',
      managedAs: 'managedAs',
      directPaymentWeekly: 'directPaymentWeekly',
      councilManagedWeekly: 'councilManagedWeekly',
      individualServiceFundWeekly: 'individualServiceFundWeekly',
      directPaymentSection: 'directPaymentSection',
      authorisedPerson: 'authorisedPerson',
      nextReviewOn: 'nextReviewOn',
    },
  },
  page: async (db, after, limit) => withId(await budgetRepository.exportPage(db, after, limit)),
  expand: async (db, page) => {
    const live = page.filter((b) => b.status === 'signed_off');
    const reviews = await reviewRepository.nextOpenOfBudgets(
      db,
      live.map((b) => b.id as string),
    );
    return live.map((b) => {
      const management = b.management as BudgetManagement | null;
      const parts = Object.fromEntries(
        (management?.method === 'mixed' ? (management.parts ?? []) : []).map((p) => [
          budgetPartFields[p.method],
          poundsCell(p.weeklyPence),
        ]),
      );
      const signedOn = (b.signedOffAt as Date | null)?.toISOString().slice(0, 10);
      return {
        threefoldId: b.id,
        personId: b.personId,
        weeklyAmount: poundsCell((b.agreedWeeklyPence ?? b.weeklyTotalPence) as number | null),
        startOn: b.liveOn ?? signedOn,
        managedAs: management?.method,
        ...parts,
        directPaymentSection: management?.directPayment?.section,
        authorisedPerson: management?.directPayment?.authorisedPerson,
        nextReviewOn: reviews.get(b.id as string)?.dueBy,
      };
    });
  },
};

/** Services of live budgets not ended by the day of the download (one with an ending ahead: that day is its planned end). */
const liveServices: HandBackFile = {
  kind: 'care',
  file: 'live-care-services.csv',
  council: { kind: 'services', key: 'threefoldId' },
  columns: [
    c(
      'threefoldId',
      'uuid',
      'The service (threefoldId in care-services.csv). Services not ended by the day of the download only: ended services, suspensions, end reasons and plan lines stay in care-services.csv and are not imported again.',
    ),
    ...councilColumns,
    c('budgetId', 'uuid', 'The live budget paying for it (threefoldId in live-budgets.csv).'),
    c('part', 'text', 'The part of the budget paying: direct_payment, council_managed or individual_service_fund.'),
    c('serviceType', 'text', 'What the service is.'),
    c('provider', 'text', 'The provider’s CQC location id, else its name (blank: a direct payment without one).'),
    c('startOn', 'date', 'Starts, yyyy-mm-dd.'),
    c('plannedEndOn', 'date', 'Planned end (or an ending already recorded for a day ahead), yyyy-mm-dd.'),
    c('weeklyCost', 'pounds', 'Weekly cost, in pounds (1234.56).'),
    c('unitCost', 'pounds', 'The cost of one unit (an hour, a visit), in pounds, when costed by units.'),
    c('unitsPerWeek', 'number', 'Units (hours, visits) a week, when costed by units.'),
  ],
  importAs: {
    kind: 'services',
    columns: {
      budgetId: 'budgetId',
      part: 'part',
      serviceType: 'serviceType',
      provider: 'provider',
      startOn: 'startOn',
      plannedEndOn: 'plannedEndOn',
      weeklyCost: 'weeklyCost',
      unitCost: 'unitCost',
      unitsPerWeek: 'unitsPerWeek',
    },
  },
  page: async (db, after, limit) => withId(await careRepository.exportPage(db, after, limit)),
  expand: async (db, page, today) => {
    const open = page.filter((s) => s.endOn === null || (s.endOn as string) >= today);
    const budgets = new Map(
      (
        await budgetRepository.byIds(
          db,
          open.map((s) => s.budgetId as string),
        )
      ).map((b) => [b.id, b]),
    );
    const providers = new Map(
      (
        await careRepository.providersByIds(
          db,
          open.flatMap((s) => (s.providerId ? [s.providerId as string] : [])),
        )
      ).map((p) => [p.id, p]),
    );
    return open
      .filter((s) => budgets.get(s.budgetId as string)?.status === 'signed_off')
      .map((s) => {
        const provider = s.providerId ? providers.get(s.providerId as string) : undefined;
        return {
          threefoldId: s.id,
          budgetId: s.budgetId,
          part: s.part,
          serviceType: s.what,
          provider: provider ? (provider.cqcLocationId ?? provider.name) : null,
          startOn: s.startOn,
          plannedEndOn: s.plannedEndOn ?? s.endOn,
          weeklyCost: poundsCell(s.weeklyPence as number),
          unitCost: poundsCell(s.unitCostPence as number | null),
          unitsPerWeek: s.unitsPerWeek,
        };
      });
  },
};

/** In the order they import: safeguarding and budgets after people.csv, services after their budgets. */
export const liveFiles: HandBackFile[] = [openSafeguarding, liveBudgets, liveServices];
