import {
  contacts,
  contingencySpends,
  conversations,
  eligibilityDeterminations,
  intensivePlans,
  people,
  personalBudgets,
  reviews,
  safeguardingConcerns,
  safeguardingEnquiries,
  stories,
  storyContacts,
  teams,
  type DbClient,
} from '@threefold/db';
import { nhsNumberFromSeed } from '@threefold/domain';
import { createStaffUser } from '../support/auth.js';

/**
 * A known week of practice, 1–7 June 2026 (British Summer Time, so England's days start at 23:00
 * UTC the evening before), built straight into the database with fixed instants so that every
 * measure and every return row can be worked out by hand. Team A is Oswestry, team B Telford.
 *
 * Contacts (England time):
 *   c1  1 Jun 10:00  A  P5  information_and_advice
 *   c2  1 Jun 00:30  A  —   connected_to_community   (31 May 23:30 UTC: in the period)
 *   c3  2 Jun 10:00  A  P1  progressed_to_conversation_1 → story S1
 *   c4  2 Jun 12:00  A  P2  progressed_to_conversation_1 → story S2
 *   c5  3 Jun 10:00  A  P3  progressed_to_conversation_2 → story S3
 *   c6  4 Jun 10:00  A  P5  no_further_action
 *   c7  5 Jun 10:00  A  P1  (awaiting an outcome)
 *   c8  8 Jun 00:30  A  P5  information_and_advice    (7 Jun 23:30 UTC: after the period)
 *   c9  3 Jun 10:00  B  P4  information_and_advice
 *   c10 6 Jun 10:00  B  P4  progressed_to_conversation_1 → story S4
 *   c11 20 May       A  P2  progressed_to_conversation_1 → story S0 (before the period)
 *
 * Stories and conversations:
 *   S0 (A, P2, opened 20 May): conversation 1 from 20 May, concluded unresolved 1 Jun 11:00.
 *   S1 (A, P1): conversation 1 on 2 Jun (concluded 3 Jun, unresolved); conversation 2 from 3 Jun
 *       with an intensive plan 3–16 Jun (14 days), concluded 6 Jun unresolved; conversation 3 from
 *       6 Jun, with an eligibility determination (eligible) on 7 Jun; £250 contingency on 7 Jun.
 *   S2 (A, P2): conversation 1 on 5 Jun, concluded the same day, resolved.
 *   S3 (A, P3): conversation 2 from 4 Jun (open), plan 4 Jun–15 Jul (42 days); contingency
 *       £120 on 4 Jun and £45.50 on 5 Jun; £100 on 30 May (before the period).
 *   S4 (B, P4, opened 6 Jun): conversation 1 on 8 Jun (after the period), with a determination on
 *       6 Jun finding no eligible needs.
 */
export async function buildScenario(db: DbClient) {
  const d = db.db;
  const [teamA] = await d.insert(teams).values({ name: 'Oswestry' }).returning();
  const [teamB] = await d.insert(teams).values({ name: 'Telford' }).returning();
  const author = await createStaffUser(db, { roles: ['practitioner'], teamIds: [teamA!.id] });

  const person = async (values: Partial<typeof people.$inferInsert> & { givenName: string; familyName: string }) =>
    (await d.insert(people).values(values).returning())[0]!.id;
  const P1 = await person({
    givenName: 'Joan',
    familyName: 'Talbot',
    dateOfBirth: '1936-02-02',
    gender: 'female',
    ethnicity: 'A1',
    nhsNumber: nhsNumberFromSeed(901),
    councilPersonId: 'SC-1001',
    postcode: 'SY1 1AA',
    gpPracticeCode: 'M82001',
    primarySupportReason: 'physical-support',
  });
  const P2 = await person({
    givenName: 'Robert',
    familyName: 'Corbett',
    dateOfBirth: '1950-07-14',
    gender: 'male',
    ethnicity: null,
    nhsNumber: nhsNumberFromSeed(902),
    postcode: 'SY10 2BB',
    primarySupportReason: 'memory-and-cognition',
  });
  const P3 = await person({
    givenName: 'Ann',
    familyName: 'Pritchard',
    dateOfBirth: '1944-11-30',
    gender: 'female',
    ethnicity: 'C1',
    nhsNumber: null,
    postcode: null,
  });
  const P4 = await person({
    givenName: 'Tomasz',
    familyName: 'Nowak',
    dateOfBirth: '1961-04-01',
    gender: 'male',
    ethnicity: 'A4',
    nhsNumber: nhsNumberFromSeed(904),
    postcode: 'TF1 3CC',
  });
  const P5 = await person({
    givenName: 'Mary',
    familyName: 'Lloyd',
    dateOfBirth: '1940-01-20',
    gender: null,
    ethnicity: 'A1',
    nhsNumber: nhsNumberFromSeed(905),
    postcode: 'SY8 4DD',
  });

  // P6: known to the front door in January only, with values no return accepts.
  const P6 = await person({
    givenName: 'Edith',
    familyName: 'Hammond',
    dateOfBirth: null,
    gender: 'x',
    ethnicity: 'Q9',
    nhsNumber: nhsNumberFromSeed(906),
    postcode: 'SY1',
  });

  const contact = async (
    at: string,
    team: string,
    personId: string | null,
    outcome: string | null,
    routeOfAccess = 'community_other',
  ) =>
    (
      await d
        .insert(contacts)
        .values({
          occurredAt: new Date(at),
          teamId: team,
          personId,
          channel: 'phone',
          madeBy: 'self',
          routeOfAccess,
          source: 'console',
          createdByType: 'user',
          outcome,
          ...(outcome ? { resolvedAt: new Date(at) } : {}),
          ...(outcome === 'no_further_action' ? { outcomeReason: 'Sorted with her neighbour' } : {}),
        })
        .returning()
    )[0]!.id;
  const A = teamA!.id;
  const B = teamB!.id;
  const c1 = await contact('2026-06-01T09:00:00Z', A, P5, 'information_and_advice');
  const c2 = await contact('2026-05-31T23:30:00Z', A, null, 'connected_to_community');
  const c3 = await contact('2026-06-02T09:00:00Z', A, P1, 'progressed_to_conversation_1', 'discharge_from_hospital');
  const c4 = await contact('2026-06-02T11:00:00Z', A, P2, 'progressed_to_conversation_1');
  const c5 = await contact('2026-06-03T09:00:00Z', A, P3, 'progressed_to_conversation_2');
  const c6 = await contact('2026-06-04T09:00:00Z', A, P5, 'no_further_action');
  const c7 = await contact('2026-06-05T09:00:00Z', A, P1, null);
  const c8 = await contact('2026-06-07T23:30:00Z', A, P5, 'information_and_advice');
  const c9 = await contact('2026-06-03T09:00:00Z', B, P4, 'information_and_advice', 'self_funder');
  const c10 = await contact('2026-06-06T09:00:00Z', B, P4, 'progressed_to_conversation_1');
  const c11 = await contact('2026-05-20T09:00:00Z', A, P2, 'progressed_to_conversation_1');
  await contact('2026-01-10T09:00:00Z', A, P6, 'information_and_advice');

  const story = async (
    personId: string,
    team: string,
    contactId: string,
    openedAt: string,
    link: 'column' | 'table',
  ) => {
    const [row] = await d
      .insert(stories)
      .values({
        personId,
        teamId: team,
        contactId: link === 'column' ? contactId : null,
        openedAt: new Date(openedAt),
        heldById: author.id,
      })
      .returning();
    if (link === 'table') await d.insert(storyContacts).values({ contactId, storyId: row!.id });
    return row!.id;
  };
  // Both ways a contact leads into a story are exercised: the link table and the story's own column.
  const S0 = await story(P2, A, c11, '2026-05-20T09:10:00Z', 'table');
  const S1 = await story(P1, A, c3, '2026-06-02T09:05:00Z', 'table');
  const S2 = await story(P2, A, c4, '2026-06-02T11:05:00Z', 'column');
  const S3 = await story(P3, A, c5, '2026-06-03T09:05:00Z', 'table');
  const S4 = await story(P4, B, c10, '2026-06-06T09:05:00Z', 'table');

  const conversation = async (
    storyId: string,
    kind: number,
    startedAt: string,
    concluded?: { at: string; resolved: boolean },
  ) =>
    (
      await d
        .insert(conversations)
        .values({
          storyId,
          kind,
          authorId: author.id,
          startedAt: new Date(startedAt),
          status: concluded ? 'concluded' : 'open',
          ...(concluded
            ? {
                concludedAt: new Date(concluded.at),
                resolved: concluded.resolved,
                unresolvedReason: concluded.resolved ? null : 'More is needed',
              }
            : {}),
        })
        .returning()
    )[0]!.id;
  const S0c1 = await conversation(S0, 1, '2026-05-20T10:00:00Z', { at: '2026-06-01T10:00:00Z', resolved: false });
  const S1c1 = await conversation(S1, 1, '2026-06-02T10:00:00Z', { at: '2026-06-03T10:00:00Z', resolved: false });
  const S1c2 = await conversation(S1, 2, '2026-06-03T11:00:00Z', { at: '2026-06-06T10:00:00Z', resolved: false });
  const S1c3 = await conversation(S1, 3, '2026-06-06T13:00:00Z');
  const S2c1 = await conversation(S2, 1, '2026-06-05T08:00:00Z', { at: '2026-06-05T15:00:00Z', resolved: true });
  const S3c2 = await conversation(S3, 2, '2026-06-04T09:00:00Z');
  const S4c1 = await conversation(S4, 1, '2026-06-08T10:00:00Z');

  await d.insert(intensivePlans).values([
    { conversationId: S1c2, startsOn: '2026-06-03', endsOn: '2026-06-16', whatMustChange: 'Safe at home at night' },
    { conversationId: S3c2, startsOn: '2026-06-04', endsOn: '2026-07-15', whatMustChange: 'Heating fixed' },
  ]);
  await d.insert(contingencySpends).values([
    { conversationId: S3c2, storyId: S3, amountPence: 12_000, purpose: 'Electric heaters', spentOn: '2026-06-04' },
    { conversationId: S3c2, storyId: S3, amountPence: 4_550, purpose: 'Food shop', spentOn: '2026-06-05' },
    { conversationId: S3c2, storyId: S3, amountPence: 10_000, purpose: 'Taxi to clinic', spentOn: '2026-05-30' },
    { conversationId: S1c2, storyId: S1, amountPence: 25_000, purpose: 'Key safe and fitting', spentOn: '2026-06-07' },
  ]);
  const determination = (
    personId: string,
    storyId: string,
    conversationId: string,
    decidedAt: string,
    eligible: boolean,
  ) => ({
    personId,
    kind: 'adult' as const,
    storyId,
    conversationId,
    decidedById: author.id,
    decidedAt: new Date(decidedAt),
    inputs: {},
    eligible,
    reasons: {},
    eligibleNeeds: eligible ? ['nutrition', 'personal-hygiene'] : [],
    indicativeWeeklyPence: eligible ? 15_000 : null,
  });
  // S5: Tomasz's earlier story (team B, 2025) that ended in a personal budget, reviewed this June.
  const [S5row] = await d
    .insert(stories)
    .values({ personId: P4, teamId: B, openedAt: new Date('2025-05-01T09:00:00Z'), status: 'closed' })
    .returning();
  const S5 = S5row!.id;
  const S5c3 = await conversation(S5, 3, '2025-05-10T09:00:00Z', { at: '2025-05-20T09:00:00Z', resolved: false });
  const [D1, , D0, D5] = await d
    .insert(eligibilityDeterminations)
    .values([
      determination(P1, S1, S1c3, '2026-06-07T09:00:00Z', true),
      determination(P4, S4, S4c1, '2026-06-06T12:00:00Z', false),
      determination(P2, S0, S0c1, '2026-05-25T09:00:00Z', true),
      determination(P4, S5, S5c3, '2025-05-20T09:00:00Z', true),
    ])
    .returning();

  type BudgetValues = Omit<typeof personalBudgets.$inferInsert, 'createdById' | 'indicativeWeeklyPence'>;
  const budget = (values: BudgetValues): typeof personalBudgets.$inferInsert => ({
    createdById: author.id,
    indicativeWeeklyPence: 15_000,
    ...values,
  });
  const [B1, B2, B0] = await d
    .insert(personalBudgets)
    .values([
      // Joan's budget, signed off on the last day of the week: long-term support.
      budget({
        personId: P1,
        storyId: S1,
        teamId: A,
        conversationId: S1c3,
        determinationId: D1!.id,
        status: 'signed_off',
        signedOffAt: new Date('2026-06-07T12:00:00Z'),
        signedOffById: author.id,
        agreedWeeklyPence: 15_500,
        weeklyTotalPence: 15_500,
        liveOn: '2026-06-07',
        management: { method: 'direct_payment', directPayment: null, parts: [] },
      }),
      // Robert's, sent to the council's panel on 3 June and not yet back.
      budget({
        personId: P2,
        storyId: S0,
        teamId: A,
        conversationId: S0c1,
        determinationId: D0!.id,
        status: 'awaiting_panel',
        referredAt: new Date('2026-06-03T10:00:00Z'),
        weeklyTotalPence: 90_000,
      }),
      // Tomasz's, live since June 2025, managed by the council.
      budget({
        personId: P4,
        storyId: S5,
        teamId: B,
        conversationId: S5c3,
        determinationId: D5!.id,
        status: 'signed_off',
        signedOffAt: new Date('2025-05-28T12:00:00Z'),
        signedOffById: author.id,
        agreedWeeklyPence: 20_000,
        weeklyTotalPence: 20_000,
        liveOn: '2025-06-01',
        management: { method: 'council_managed', directPayment: null, parts: [] },
      }),
    ])
    .returning();
  // R1 due by 1 June, done on 2 June (late), raised the budget; R4 due by 24 May, still open
  // (overdue); R2 and R3 fall due later.
  const [R1] = await d
    .insert(reviews)
    .values([
      {
        budgetId: B0!.id,
        personId: P4,
        teamId: B,
        kind: 'planned',
        dueFrom: '2026-05-01',
        dueBy: '2026-06-01',
        status: 'completed',
        outcome: 'partially_met',
        weeklyBeforePence: 20_000,
        weeklyAfterPence: 22_000,
        completedOn: '2026-06-02',
        completedAt: new Date('2026-06-02T14:00:00Z'),
        completedById: author.id,
      },
      { budgetId: B0!.id, personId: P4, teamId: B, kind: 'planned', dueFrom: '2027-05-01', dueBy: '2027-06-01' },
      { budgetId: B1!.id, personId: P1, teamId: A, kind: 'first', dueFrom: '2026-07-20', dueBy: '2026-08-03' },
      { budgetId: B0!.id, personId: P4, teamId: B, kind: 'unplanned', dueFrom: '2026-05-10', dueBy: '2026-05-24' },
    ])
    .returning();

  // Safeguarding. Decisions are due two working days after the day a concern is raised.
  const concern = async (values: Partial<typeof safeguardingConcerns.$inferInsert> & { raisedAt: Date }) =>
    (
      await d
        .insert(safeguardingConcerns)
        .values({ summary: 'Worried about her', raisedByType: 'user', raisedById: author.id, ...values })
        .returning()
    )[0]!.id;
  // SC1 Wed 3 Jun (due Fri 5), decided Fri 5 Jun: on time → s42 enquiry E1, concluded 6 Jun.
  const SC1 = await concern({
    personId: P3,
    contactId: c5,
    raisedAt: new Date('2026-06-03T10:00:00Z'),
    decidedAt: new Date('2026-06-05T15:00:00Z'),
    status: 'enquiry',
    decisionRoute: 's42_enquiry',
  });
  // SC2 Mon 1 Jun (due Wed 3), decided Thu 4 Jun: late → other enquiry E2, still open.
  const SC2 = await concern({
    personId: P5,
    raisedAt: new Date('2026-06-01T08:00:00Z'),
    decidedAt: new Date('2026-06-04T10:00:00Z'),
    status: 'enquiry',
    decisionRoute: 'other_enquiry',
  });
  // SC3 Fri 5 Jun (due Tue 9): awaiting at the end of the week, not overdue.
  await concern({ personId: P1, contactId: c7, raisedAt: new Date('2026-06-05T16:00:00Z') });
  // SC4 Wed 27 May (due Fri 29): still awaiting, overdue.
  await concern({ personId: P2, raisedAt: new Date('2026-05-27T10:00:00Z') });
  // SC5 10 Apr: other enquiry E3, ended at the person's request on 1 May.
  const SC5 = await concern({
    personId: P4,
    contactId: c9,
    raisedAt: new Date('2026-04-10T09:00:00Z'),
    decidedAt: new Date('2026-04-10T12:00:00Z'),
    status: 'enquiry',
    decisionRoute: 'other_enquiry',
  });
  await d.insert(safeguardingEnquiries).values([
    {
      concernId: SC1,
      personId: P3,
      kind: 's42',
      openedAt: new Date('2026-06-05T15:00:00Z'),
      status: 'concluded',
      desiredOutcomesStatus: 'asked_expressed',
      desiredOutcomes: ['To stop my nephew taking my pension'],
      riskTypes: ['financial_or_material', 'psychological'],
      location: 'own_home',
      source: 'other_known_to_individual',
      riskAssessment: 'risk_identified_action_taken',
      result: 'reduced',
      outcomesAchieved: 'partially',
      concludedAt: new Date('2026-06-06T12:00:00Z'),
    },
    {
      concernId: SC2,
      personId: P5,
      kind: 'other',
      openedAt: new Date('2026-06-04T10:00:00Z'),
      desiredOutcomesStatus: 'asked_none_expressed',
    },
    {
      concernId: SC5,
      personId: P4,
      kind: 'other',
      openedAt: new Date('2026-04-10T12:00:00Z'),
      status: 'ended_at_persons_request',
      desiredOutcomesStatus: 'not_asked',
      desiredOutcomesNotAskedReason: 'Declined to talk about it',
      riskTypes: ['self_neglect'],
      location: 'own_home',
      source: 'other_known_to_individual',
      riskAssessment: 'risk_assessment_inconclusive_no_action_taken',
      endedEarlyReason: 'Asked us to stop',
      concludedAt: new Date('2026-05-01T12:00:00Z'),
    },
  ]);

  return {
    teamA: A,
    teamB: B,
    author,
    people: { P1, P2, P3, P4, P5, P6 },
    contacts: { c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11 },
    stories: { S0, S1, S2, S3, S4, S5 },
    conversations: { S0c1, S1c1, S1c2, S1c3, S2c1, S3c2, S4c1, S5c3 },
    budgets: { B0: B0!.id, B1: B1!.id, B2: B2!.id },
    reviews: { R1: R1!.id },
  };
}
export type Scenario = Awaited<ReturnType<typeof buildScenario>>;
