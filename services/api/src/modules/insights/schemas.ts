import { closeReasons, resolvedWhatMatteredAnswers, storyStages } from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { Strict, StringEnum } from '../../schemas/common.js';

const Count = (description?: string) =>
  Type.Integer({ minimum: 0, maximum: 2_147_483_647, format: 'int32', ...(description ? { description } : {}) });
const Pence = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991, format: 'int64', description });
const Share = (description: string) =>
  Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: `${description} A fraction from 0 to 1; null when there is nothing to divide by.`,
  });
const Days = (description: string) =>
  Type.Union([Type.Number({ minimum: -100_000, maximum: 100_000 }), Type.Null()], {
    description: `${description} In days; null when there is nothing to measure.`,
  });
const IsoDate = Type.String({ format: 'date', maxLength: 10 });

export const InsightsQuery = Strict({
  from: Type.String({ format: 'date', maxLength: 10, description: 'First day of the period (England), inclusive.' }),
  to: Type.String({ format: 'date', maxLength: 10, description: 'Last day of the period (England), inclusive.' }),
  teamId: Type.Optional(
    Type.String({
      format: 'uuid',
      maxLength: 36,
      description: 'Only this team’s work; the whole practice without it.',
    }),
  ),
});
export type InsightsQueryBody = Static<typeof InsightsQuery>;

export const FunnelStage = StringEnum(
  ['contact', 'conversation_1', 'conversation_2', 'conversation_3', 'long_term_support'] as const,
  { description: 'A step of the journey from the front door to long-term support.' },
);

export const PracticeInsights = Strict(
  {
    period: Strict({ from: IsoDate, to: IsoDate, days: Count('Days in the period.') }),
    teamId: Type.Union([Type.String({ format: 'uuid', maxLength: 36 }), Type.Null()]),
    contacts: Strict(
      {
        total: Count('Contacts made in the period.'),
        withOutcome: Count('Of those, contacts with an outcome recorded.'),
        resolvedAtFirstContact: Count(
          'Contacts resolved at the front door: information and advice, connected to community, no further action.',
        ),
        resolvedAtFirstContactShare: Share('Resolved at first contact, of the contacts with an outcome.'),
        byOutcome: Type.Array(
          Strict({
            outcome: Type.Union([Type.String({ maxLength: 60 }), Type.Null()], {
              description: 'The contact outcome; null for contacts still awaiting one.',
            }),
            count: Count(),
          }),
          { maxItems: 20 },
        ),
        perDay: Type.Array(Strict({ date: IsoDate, contacts: Count(), resolved: Count() }), {
          maxItems: 1100,
          description: 'Every day of the period, in order, days without contacts included.',
        }),
      },
      { description: 'The front door.' },
    ),
    conversations: Type.Array(
      Strict({
        kind: Type.Integer({ minimum: 1, maximum: 3, format: 'int32' }),
        opened: Count('Conversations of this kind started in the period.'),
        concluded: Count('Conversations of this kind concluded in the period.'),
        concludedResolved: Count('Of those concluded, the ones that resolved things.'),
      }),
      { maxItems: 3, description: 'Conversations 1, 2 and 3, always all three.' },
    ),
    stories: Strict({
      opened: Count('Stories opened in the period.'),
      reachedConversation3: Count('Of those, stories with a conversation 3 started by the end of the period.'),
      reachedConversation3Share: Share('Stories opened in the period that reached conversation 3.'),
      longTermSupport: Count('Of those, stories ending in long-term support (a personal budget signed off).'),
      longTermSupportShare: Share('Stories opened in the period ending in long-term support.'),
      assessmentRequested: Count(
        'Stories where the person, or someone for them, asked in the period to go straight to the eligibility assessment (Care Act s9(3)), without the peer step.',
      ),
      assessmentRequestedByPerson: Count('Of those, asked by the person themselves.'),
    }),
    closedStories: Strict(
      {
        total: Count('Stories closed in the period (and not reopened since).'),
        byReason: Type.Array(Strict({ reason: StringEnum(closeReasons), count: Count() }), {
          maxItems: closeReasons.length,
          description: 'Every closing reason, in the fixed list’s order, reasons without stories included.',
        }),
        byStage: Type.Array(Strict({ stage: StringEnum(storyStages), count: Count() }), {
          maxItems: storyStages.length,
          description: 'How far the stories had come when they closed: the contact only, conversation 1, 2 or 3.',
        }),
        byResolvedWhatMattered: Type.Array(
          Strict({ answer: StringEnum(resolvedWhatMatteredAnswers), count: Count() }),
          {
            maxItems: resolvedWhatMatteredAnswers.length,
            description:
              'The person’s answer to “Did this resolve what mattered to you?”: the practice’s own outcome measure.',
          },
        ),
      },
      { description: 'Stories closed in the period, counted by the day they closed.' },
    ),
    funnel: Type.Array(
      Strict({
        stage: FunnelStage,
        count: Count(),
        shareOfContacts: Share('This stage’s count over the contacts at the front door.'),
      }),
      {
        maxItems: 5,
        description:
          'The period’s contacts, and how many of them led (through their story) to conversation 1, 2, 3 and long-term support by the end of the period.',
      },
    ),
    contactToFirstConversation: Strict(
      {
        measured: Count('Contacts in the period whose story had a conversation.'),
        medianDays: Days('Median calendar days from the contact to the story’s first conversation.'),
        p90Days: Days('90th percentile of the same.'),
      },
      { description: 'How long people wait for a first conversation.' },
    ),
    intensivePlans: Strict(
      {
        active: Count('Conversation 2 intensive plans running on at least one day of the period.'),
        activeAtEnd: Count('Plans running on the last day of the period.'),
        meanLengthDays: Days('Mean planned length of the active plans (first to last day, inclusive).'),
        longestDays: Days('Longest planned length among them.'),
      },
      { description: 'Conversation 2: short-term by rule.' },
    ),
    contingency: Strict({
      spends: Count('Contingency spends dated in the period.'),
      totalPence: Pence('Their total, in pence.'),
      stories: Count('Stories the money was spent on.'),
    }),
    eligibility: Strict({
      determinations: Count('Eligibility determinations made in the period.'),
      eligible: Count('Of those, the ones that found eligible needs.'),
    }),
    budgets: Strict({
      signedOff: Count('Personal budgets signed off in the period.'),
      signedOffWeeklyPence: Pence('Their agreed weekly total, in pence.'),
      referredToPanel: Count('Budgets referred to the council’s panel in the period.'),
    }),
    reviews: Strict({
      due: Count('Reviews whose window closes in the period.'),
      overdueAtEnd: Count('Reviews past their window and not done by the last day of the period.'),
      completed: Count('Reviews completed in the period.'),
      completedOnTime: Count('Of those, completed within their window.'),
    }),
    safeguarding: Strict(
      {
        concernsRaised: Count('Concerns raised in the period.'),
        decisionsMade: Count('Section 42 decisions made in the period.'),
        decisionsOnTime: Count('Of those, made within the decision clock (working days after the concern).'),
        decisionsOnTimeShare: Share('Decisions on time.'),
        awaitingDecisionAtEnd: Count('Concerns without a decision at the end of the period.'),
        overdueDecisionsAtEnd: Count('Of those, past their decision clock.'),
        enquiriesStarted: Strict({ section42: Count(), other: Count() }),
        enquiriesConcluded: Count('Enquiries concluded (or ended at the person’s request) in the period.'),
        enquiriesConcludedOnTime: Count('Of those, within the enquiry clock.'),
        enquiriesConcludedOnTimeShare: Share('Enquiries concluded on time.'),
        openEnquiriesAtEnd: Count('Enquiries still open at the end of the period.'),
        overdueEnquiriesAtEnd: Count('Of those, past their enquiry clock.'),
        makingSafeguardingPersonal: Strict(
          {
            askedExpressed: Count(),
            askedNoneExpressed: Count(),
            notAsked: Count(),
            achievedFully: Count(),
            achievedPartially: Count(),
            achievedNot: Count(),
          },
          {
            description:
              'For the enquiries concluded in the period: was the person asked what they wanted, and was it achieved?',
          },
        ),
      },
      {
        description:
          'Timeliness of decisions and enquiries (working days in England), and Making Safeguarding Personal.',
      },
    ),
  },
  {
    $id: 'PracticeInsights',
    title: 'PracticeInsights',
    description: 'The daily practice data for a period: aggregate numbers only.',
  },
);
export type PracticeInsightsBody = Static<typeof PracticeInsights>;

export const insightsSchemas = [PracticeInsights];
