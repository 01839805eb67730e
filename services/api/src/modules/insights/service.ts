import {
  addDays,
  closeReasons,
  resolvedWhatMatteredAnswers,
  storyStages,
  addWorkingDays,
  daysBetween,
  isResolvedAtFirstContact,
  percentileCont,
  type ContactOutcome,
} from '@threefold/domain';
import type { Database, DbOrTx } from '@threefold/db';
import type { Config } from '../../config.js';
import { invalidField } from '../../errors.js';
import { insightsRepository as repo, type Scope } from './repository.js';
import type { InsightsQueryBody, PracticeInsightsBody } from './schemas.js';

/** The longest period one request may ask about: three years of days. */
export const MAX_PERIOD_DAYS = 1096;

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
/** Outcomes by name, no outcome last (as the dashboard lists them after their counts). */
const byOutcomeName = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
const oneDecimal = (value: number | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);

/** A period (and team) checked before any query runs: bad input is a 400, never a slow scan. */
export async function checkedScope(db: DbOrTx, query: InsightsQueryBody): Promise<Scope> {
  const days = daysBetween(query.from, query.to);
  if (days < 0) throw invalidField('to', 'must be on or after `from`', 'query');
  if (days + 1 > MAX_PERIOD_DAYS)
    throw invalidField('to', `the period may be at most ${MAX_PERIOD_DAYS} days`, 'query');
  const teamId = query.teamId ?? null;
  if (teamId) {
    if (!(await repo.teamExists(db, teamId))) throw invalidField('teamId', 'is not a team of the practice', 'query');
  }
  return { from: query.from, to: query.to, teamId };
}

/**
 * The practice's daily data, computed from the records every time (never typed in): what the
 * dashboard draws and what teams reflect on. Aggregates only — no person is named.
 */
export class InsightsService {
  constructor(
    private readonly db: Database,
    private readonly config: Pick<Config, 'SAFEGUARDING_DECISION_WORKING_DAYS' | 'SAFEGUARDING_ENQUIRY_WORKING_DAYS'>,
  ) {}

  async practiceInsights(query: InsightsQueryBody): Promise<PracticeInsightsBody> {
    const scope = await checkedScope(this.db, query);
    const [facts, reviews, concerns, enquiries] = await this.inSnapshot(
      async (tx) =>
        [
          await repo.facts(tx, scope, await repo.liveDays(tx, scope)),
          await repo.reviews(tx, scope),
          await repo.concernClocks(tx, scope),
          await repo.enquiryClocks(tx, scope),
        ] as const,
    );
    const sum = (measure: string, key?: string) =>
      facts.filter((f) => f.measure === measure && (key === undefined || f.key === key)).reduce((n, f) => n + f.n, 0);
    const amount = (measure: string, key?: string) =>
      facts
        .filter((f) => f.measure === measure && (key === undefined || f.key === key))
        .reduce((n, f) => n + f.amount, 0);

    // Each day of the period, with its contacts added up in one pass over the facts.
    const days = new Map<string, { date: string; contacts: number; resolved: number }>();
    for (let date = scope.from; date <= scope.to; date = addDays(date, 1))
      days.set(date, { date, contacts: 0, resolved: 0 });
    for (const f of facts) {
      const day = f.measure === 'contact' && f.day !== null ? days.get(f.day) : undefined;
      if (!day) continue;
      day.contacts += f.n;
      if (f.key !== null && isResolvedAtFirstContact(f.key as ContactOutcome)) day.resolved += f.n;
    }
    const perDay: PracticeInsightsBody['contacts']['perDay'] = [...days.values()];
    const outcomes = new Map<string | null, number>();
    for (const f of facts) if (f.measure === 'contact') outcomes.set(f.key, (outcomes.get(f.key) ?? 0) + f.n);
    const byOutcome = [...outcomes]
      .map(([outcome, count]) => ({ outcome, count }))
      .sort((a, b) => b.count - a.count || byOutcomeName(a.outcome, b.outcome));
    const kinds = [1, 2, 3].map((kind) => ({
      kind,
      opened: sum('conversation_opened', String(kind)),
      concluded: sum('conversation_concluded', String(kind)),
      concluded_resolved: amount('conversation_concluded', String(kind)),
    }));
    const stories = { opened: sum('story_opened'), reached3: sum('story_c3'), long_term: sum('story_long_term') };
    const gaps = facts.filter((f) => f.measure === 'journey_first').map((f) => ({ value: f.span!, count: f.n }));
    const funnel = {
      contacts: sum('contact'),
      c1: sum('journey_c1'),
      c2: sum('journey_c2'),
      c3: sum('journey_c3'),
      long_term: sum('journey_long_term'),
      measured: sum('journey_first'),
      median: percentileCont(gaps, 0.5),
      p90: percentileCont(gaps, 0.9),
    };
    const planFacts = facts.filter((f) => f.measure === 'intensive_plan');
    const planCount = planFacts.reduce((n, f) => n + f.n, 0);
    const plans = {
      active: planCount,
      active_at_end: planFacts.filter((f) => f.at_end).reduce((n, f) => n + f.n, 0),
      mean_length: planCount > 0 ? planFacts.reduce((n, f) => n + f.span! * f.n, 0) / planCount : null,
      longest: planCount > 0 ? Math.max(...planFacts.map((f) => f.span!)) : null,
    };
    const contingency = {
      spends: sum('contingency'),
      total: amount('contingency'),
      stories: facts.find((f) => f.measure === 'contingency')?.distinct_keys ?? 0,
    };
    const eligibility = { determinations: sum('eligibility'), eligible: amount('eligibility') };
    const budgets = {
      signed_off: sum('budget_signed_off'),
      weekly: amount('budget_signed_off'),
      referred: sum('budget_referred'),
    };
    const total = byOutcome.reduce((n, r) => n + r.count, 0);
    const withOutcome = byOutcome.filter((r) => r.outcome !== null).reduce((n, r) => n + r.count, 0);
    const resolved = perDay.reduce((n, r) => n + r.resolved, 0);
    const stage = (stage: PracticeInsightsBody['funnel'][number]['stage'], count: number) => ({
      stage,
      count,
      shareOfContacts: share(count, funnel.contacts),
    });
    return {
      period: { from: scope.from, to: scope.to, days: perDay.length },
      teamId: scope.teamId,
      contacts: {
        total,
        withOutcome,
        resolvedAtFirstContact: resolved,
        resolvedAtFirstContactShare: share(resolved, withOutcome),
        byOutcome,
        perDay,
      },
      conversations: kinds.map((k) => ({
        kind: k.kind,
        opened: k.opened,
        concluded: k.concluded,
        concludedResolved: k.concluded_resolved,
      })),
      stories: {
        opened: stories.opened,
        reachedConversation3: stories.reached3,
        reachedConversation3Share: share(stories.reached3, stories.opened),
        longTermSupport: stories.long_term,
        longTermSupportShare: share(stories.long_term, stories.opened),
        assessmentRequested: sum('assessment_requested'),
        assessmentRequestedByPerson: sum('assessment_requested', 'person'),
      },
      closedStories: {
        total: sum('story_closed_reason'),
        byReason: closeReasons.map((reason) => ({ reason, count: sum('story_closed_reason', reason) })),
        byStage: storyStages.map((reached) => ({ stage: reached, count: sum('story_closed_stage', reached) })),
        byResolvedWhatMattered: resolvedWhatMatteredAnswers.map((answer) => ({
          answer,
          count: sum('story_closed_answer', answer),
        })),
      },
      funnel: [
        stage('contact', funnel.contacts),
        stage('conversation_1', funnel.c1),
        stage('conversation_2', funnel.c2),
        stage('conversation_3', funnel.c3),
        stage('long_term_support', funnel.long_term),
      ],
      contactToFirstConversation: {
        measured: funnel.measured,
        medianDays: oneDecimal(funnel.median),
        p90Days: oneDecimal(funnel.p90),
      },
      intensivePlans: {
        active: plans.active,
        activeAtEnd: plans.active_at_end,
        meanLengthDays: oneDecimal(plans.mean_length),
        longestDays: plans.longest,
      },
      contingency: { spends: contingency.spends, totalPence: contingency.total, stories: contingency.stories },
      eligibility,
      budgets: {
        signedOff: budgets.signed_off,
        signedOffWeeklyPence: budgets.weekly,
        referredToPanel: budgets.referred,
      },
      reviews: {
        due: reviews.due,
        overdueAtEnd: reviews.overdue,
        completed: reviews.completed,
        completedOnTime: reviews.on_time,
      },
      safeguarding: this.safeguardingClocks(scope, concerns, enquiries),
    };
  }

  /**
   * One read-only snapshot, so every measure counts the same records; with JIT off (see
   * `withoutJit`). One connection, so a burst of dashboards cannot starve the pool.
   */
  private async inSnapshot<T>(work: (tx: DbOrTx) => Promise<T>): Promise<T> {
    return this.db.transaction(
      async (tx) => {
        await repo.withoutJit(tx);
        return work(tx);
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  /**
   * The decision and enquiry clocks run in working days in England (bank holidays excluded), which
   * the domain's calendar knows; SQL picks the concerns and enquiries whose clocks touch the period
   * and counts them by their days in England. Each day's deadline is worked out once.
   */
  private safeguardingClocks(
    scope: Scope,
    concerns: { raised_on: string; decided_on: string | null; n: number }[],
    enquiries: {
      kind: string;
      opened_on: string;
      concluded_on: string | null;
      desired_outcomes_status: string | null;
      outcomes_achieved: string | null;
      n: number;
    }[],
  ): PracticeInsightsBody['safeguarding'] {
    const inPeriod = (day: string) => day >= scope.from && day <= scope.to;
    const deadline = (workingDays: number) => {
      const known = new Map<string, string>();
      return (day: string) => {
        let due = known.get(day);
        if (due === undefined) known.set(day, (due = addWorkingDays(day, workingDays)));
        return due;
      };
    };
    const decisionDue = deadline(this.config.SAFEGUARDING_DECISION_WORKING_DAYS);
    const enquiryDue = deadline(this.config.SAFEGUARDING_ENQUIRY_WORKING_DAYS);
    const out = {
      concernsRaised: 0,
      decisionsMade: 0,
      decisionsOnTime: 0,
      decisionsOnTimeShare: null as number | null,
      awaitingDecisionAtEnd: 0,
      overdueDecisionsAtEnd: 0,
      enquiriesStarted: { section42: 0, other: 0 },
      enquiriesConcluded: 0,
      enquiriesConcludedOnTime: 0,
      enquiriesConcludedOnTimeShare: null as number | null,
      openEnquiriesAtEnd: 0,
      overdueEnquiriesAtEnd: 0,
      makingSafeguardingPersonal: {
        askedExpressed: 0,
        askedNoneExpressed: 0,
        notAsked: 0,
        achievedFully: 0,
        achievedPartially: 0,
        achievedNot: 0,
      },
    };
    for (const { raised_on: raised, decided_on: decided, n } of concerns) {
      const due = decisionDue(raised);
      if (inPeriod(raised)) out.concernsRaised += n;
      if (decided !== null && inPeriod(decided)) {
        out.decisionsMade += n;
        if (decided <= due) out.decisionsOnTime += n;
      }
      if (decided === null || decided > scope.to) {
        out.awaitingDecisionAtEnd += n;
        if (scope.to > due) out.overdueDecisionsAtEnd += n;
      }
    }
    const msp = out.makingSafeguardingPersonal;
    for (const e of enquiries) {
      const { opened_on: opened, concluded_on: concluded, n } = e;
      const due = enquiryDue(opened);
      if (inPeriod(opened)) {
        if (e.kind === 's42') out.enquiriesStarted.section42 += n;
        else out.enquiriesStarted.other += n;
      }
      if (concluded !== null && inPeriod(concluded)) {
        out.enquiriesConcluded += n;
        if (concluded <= due) out.enquiriesConcludedOnTime += n;
        if (e.desired_outcomes_status === 'asked_expressed') msp.askedExpressed += n;
        if (e.desired_outcomes_status === 'asked_none_expressed') msp.askedNoneExpressed += n;
        if (e.desired_outcomes_status === 'not_asked') msp.notAsked += n;
        if (e.outcomes_achieved === 'fully') msp.achievedFully += n;
        if (e.outcomes_achieved === 'partially') msp.achievedPartially += n;
        if (e.outcomes_achieved === 'not') msp.achievedNot += n;
      }
      if (concluded === null || concluded > scope.to) {
        out.openEnquiriesAtEnd += n;
        if (scope.to > due) out.overdueEnquiriesAtEnd += n;
      }
    }
    out.decisionsOnTimeShare = share(out.decisionsOnTime, out.decisionsMade);
    out.enquiriesConcludedOnTimeShare = share(out.enquiriesConcludedOnTime, out.enquiriesConcluded);
    return out;
  }
}
