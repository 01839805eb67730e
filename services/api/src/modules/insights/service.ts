import { daysBetween } from '@threefold/domain';
import type pg from 'pg';
import { invalidField } from '../../errors.js';
import { InsightsRepository, type Scope } from './repository.js';
import type { InsightsQueryBody, PracticeInsightsBody } from './schemas.js';

/** The longest period one request may ask about: three years of days. */
export const MAX_PERIOD_DAYS = 1096;

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const oneDecimal = (value: number | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);

/** A period (and team) checked before any query runs: bad input is a 400, never a slow scan. */
export async function checkedScope(db: Pick<pg.Pool, 'query'>, query: InsightsQueryBody): Promise<Scope> {
  const days = daysBetween(query.from, query.to);
  if (days < 0) throw invalidField('to', 'must be on or after `from`', 'query');
  if (days + 1 > MAX_PERIOD_DAYS)
    throw invalidField('to', `the period may be at most ${MAX_PERIOD_DAYS} days`, 'query');
  const teamId = query.teamId ?? null;
  if (teamId) {
    const { rowCount } = await db.query('select 1 from teams where id = $1', [teamId]);
    if (!rowCount) throw invalidField('teamId', 'is not a team of the practice', 'query');
  }
  return { from: query.from, to: query.to, teamId };
}

/**
 * The practice's daily data, computed from the records every time (never typed in): what the
 * dashboard draws and what teams reflect on. Aggregates only — no person is named.
 */
export class InsightsService {
  private readonly repo: InsightsRepository;

  constructor(private readonly pool: pg.Pool) {
    this.repo = new InsightsRepository(pool);
  }

  async practiceInsights(query: InsightsQueryBody): Promise<PracticeInsightsBody> {
    const scope = await checkedScope(this.pool, query);
    const [perDay, byOutcome, kinds, stories, funnel, plans, contingency, eligibility] = await Promise.all([
      this.repo.contactsPerDay(scope),
      this.repo.contactsByOutcome(scope),
      this.repo.conversationsByKind(scope),
      this.repo.stories(scope),
      this.repo.funnel(scope),
      this.repo.intensivePlans(scope),
      this.repo.contingency(scope),
      this.repo.eligibility(scope),
    ]);
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
    };
  }
}
