import { base, en, en_GB, Faker } from '@faker-js/faker';
import {
  contacts,
  contingencySpends,
  conversations,
  eligibilityDeterminations,
  intensivePlans,
  personalBudgets,
  relationships,
  reviews,
  safeguardingConcerns,
  safeguardingEnquiries,
  staffUsers,
  stories,
  teams,
  type Database,
} from '@threefold/db';
import {
  addDays,
  dateInEngland,
  safeguardingLocations,
  safeguardingRiskTypes,
  safeguardingSources,
} from '@threefold/domain';
import { inArray } from 'drizzle-orm';
import { seededDetermination } from './seed/eligibility.js';
import { insertNew } from './seed/insert.js';

export interface ActivityOptions {
  seed: number;
  /** Days of activity, ending today. */
  days: number;
  /** Contacts a working day, on average, across the practice. */
  contactsPerDay: number;
  /** The seeded people the activity is about. */
  personIds: string[];
  /** Today, for the dashboards to have something recent to show. */
  today?: Date;
}

const teamNames = ['Oswestry', 'Shrewsbury', 'Telford'];
/** The colleagues who did the seeded work: named as people are, and still at the practice. */
export const seedColleagueNames = [
  'Rhiannon Pryce',
  'Tom Okafor',
  'Gemma Hughes',
  'Imran Siddiqui',
  'Lucy Bowen',
  'Owen Jenkins',
];
const DAY = 86_400_000;

/**
 * A practice's recent work for the dashboards: contacts at the front door most days (most
 * resolved there), stories and the three conversations that follow, intensive plans with
 * contingency money, eligibility decisions, budgets signed off and reviewed, and safeguarding
 * concerns with their decisions and enquiries. The same seed gives the same records (ids come
 * from the seeded generator), so seeding twice adds nothing.
 */
export async function seedActivity(db: Database, options: ActivityOptions) {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(options.seed * 7919 + 17);
  const today = options.today ?? new Date();
  const added = { contacts: 0, stories: 0, conversations: 0, budgets: 0, concerns: 0 };
  if (options.personIds.length === 0) return added;

  await db
    .insert(teams)
    .values(teamNames.map((name) => ({ name, description: `The ${name} team.` })))
    .onConflictDoNothing();
  const teamRows = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(inArray(teams.name, teamNames));
  const teamIds = teamRows.map((t) => t.id);
  const colleagueIds = Array.from({ length: 6 }, () => faker.string.uuid());
  await db
    .insert(staffUsers)
    .values(
      colleagueIds.map((id, i) => ({
        id,
        email: `seed.colleague.${options.seed}.${i}@practice.example`,
        displayName: seedColleagueNames[i]!,
        // Active, so the stories they hold are held by someone at work; the hash is no password's,
        // so nobody can sign in as them.
        passwordHash: 'seeded-colleague-no-sign-in',
        roles: [i % 2 === 0 ? 'social_worker' : 'practitioner'],
      })),
    )
    .onConflictDoNothing();

  const rows = {
    contacts: [] as (typeof contacts.$inferInsert)[],
    stories: [] as (typeof stories.$inferInsert)[],
    conversations: [] as (typeof conversations.$inferInsert)[],
    plans: [] as (typeof intensivePlans.$inferInsert)[],
    spends: [] as (typeof contingencySpends.$inferInsert)[],
    determinations: [] as (typeof eligibilityDeterminations.$inferInsert)[],
    budgets: [] as (typeof personalBudgets.$inferInsert)[],
    reviews: [] as (typeof reviews.$inferInsert)[],
    concerns: [] as (typeof safeguardingConcerns.$inferInsert)[],
    enquiries: [] as (typeof safeguardingEnquiries.$inferInsert)[],
    relationships: [] as (typeof relationships.$inferInsert)[],
  };
  const at = (dayStart: number, hour: number) => new Date(dayStart + hour * 3_600_000 + faker.number.int(50) * 60_000);
  const startOfToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());

  for (let d = options.days - 1; d >= 0; d--) {
    const dayStart = startOfToday - d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    // Busier on Mondays, quiet at weekends, and a slow climb over the period.
    const mean =
      options.contactsPerDay *
      (weekend ? 0.2 : weekday === 1 ? 1.3 : 1) *
      (0.85 + (0.3 * (options.days - d)) / options.days);
    const count = Math.max(0, Math.round(mean + faker.number.float({ min: -0.3, max: 0.3 }) * mean));
    for (let i = 0; i < count; i++) {
      const contactId = faker.string.uuid();
      const personId = faker.helpers.arrayElement(options.personIds);
      const teamId = faker.helpers.arrayElement(teamIds);
      const occurredAt = at(dayStart, 8 + faker.number.int(9));
      // Nothing is dated later than now: today's contacts are the ones already made (with the
      // half hour a story takes to open after one).
      if (occurredAt.getTime() + 30 * 60_000 > today.getTime()) continue;
      const outcome = faker.helpers.weightedArrayElement([
        { weight: 42, value: 'information_and_advice' },
        { weight: 20, value: 'connected_to_community' },
        { weight: 8, value: 'no_further_action' },
        { weight: 18, value: 'progressed_to_conversation_1' },
        { weight: 6, value: 'progressed_to_conversation_2' },
        { weight: 1, value: 'progressed_to_conversation_3' },
        { weight: 2, value: 'safeguarding_concern_raised' },
        { weight: d < 2 ? 12 : 1, value: null },
      ]);
      rows.contacts.push({
        id: contactId,
        personId,
        teamId,
        occurredAt,
        channel: faker.helpers.arrayElement(['phone', 'phone', 'email', 'web', 'in_person', 'partner']),
        madeBy: faker.helpers.arrayElement(['self', 'self', 'family_or_friend', 'gp', 'hospital', 'housing']),
        routeOfAccess: faker.helpers.weightedArrayElement([
          { weight: 70, value: 'community_other' },
          { weight: 15, value: 'discharge_from_hospital' },
          { weight: 5, value: 'diversion_from_hospital' },
          { weight: 5, value: 'planned_entry_transition' },
          { weight: 5, value: 'self_funder' },
        ]),
        whatMatters: faker.helpers.arrayElement([
          'Getting out to the shops again',
          'Staying in my own home',
          'Seeing my grandchildren',
          'Not being lonely',
          'Managing the stairs',
        ]),
        source: 'console',
        createdByType: 'user',
        outcome,
        outcomeReason: outcome === 'no_further_action' ? 'Family have it in hand' : null,
        resolvedAt: outcome ? new Date(occurredAt.getTime() + 15 * 60_000) : null,
        resolvedById: outcome ? faker.helpers.arrayElement(colleagueIds) : null,
      });
      if (outcome === 'safeguarding_concern_raised') {
        const concernId = faker.string.uuid();
        const decidedAfterDays = faker.helpers.weightedArrayElement([
          { weight: 50, value: 0 },
          { weight: 30, value: 1 },
          { weight: 12, value: 2 },
          { weight: 8, value: 4 },
        ]);
        const decidedAt = new Date(occurredAt.getTime() + decidedAfterDays * DAY + 3_600_000);
        const decided = decidedAt < today;
        const route = faker.helpers.arrayElement(['s42_enquiry', 'other_enquiry', 'no_enquiry'] as const);
        rows.concerns.push({
          id: concernId,
          personId,
          contactId,
          summary: 'Neighbour worried about money going missing',
          status: decided ? (route === 'no_enquiry' ? 'no_enquiry' : 'enquiry') : 'awaiting_decision',
          raisedByType: 'user',
          raisedAt: occurredAt,
          ...(decided
            ? {
                decidedAt,
                decisionRoute: route,
                decidedById: colleagueIds[0],
                noEnquiryReason: route === 'no_enquiry' ? 'Support in place' : null,
              }
            : {}),
        });
        if (decided && route !== 'no_enquiry') {
          const concludedAt = new Date(decidedAt.getTime() + faker.number.int({ min: 5, max: 40 }) * DAY);
          const concluded = concludedAt < today;
          const id = faker.string.uuid();
          const desiredOutcomesStatus = faker.helpers.weightedArrayElement([
            { weight: 75, value: 'asked_expressed' },
            { weight: 15, value: 'asked_none_expressed' },
            { weight: 10, value: 'not_asked' },
          ]);
          // Several locations and sources sometimes: the collection counts each (SG2a, SG2b).
          const locations = faker.helpers.arrayElements(safeguardingLocations.slice(0, 5), { min: 1, max: 2 });
          const sources = faker.helpers.arrayElements([...safeguardingSources], { min: 1, max: 2 });
          rows.enquiries.push({
            id,
            concernId,
            personId,
            kind: route === 's42_enquiry' ? 's42' : 'other',
            openedAt: decidedAt,
            status: concluded ? 'concluded' : 'open',
            desiredOutcomesStatus,
            ...(desiredOutcomesStatus === 'not_asked'
              ? { desiredOutcomesNotAskedReason: 'Too unwell to talk about it at the time' }
              : {}),
            desiredOutcomes: desiredOutcomesStatus === 'asked_expressed' ? ['To feel safe at home'] : [],
            mentalCapacity: faker.helpers.weightedArrayElement([
              { weight: 70, value: 'has_capacity' },
              { weight: 20, value: 'lacks_capacity' },
              { weight: 10, value: 'not_known' },
            ]),
            ...(concluded
              ? {
                  riskTypes: faker.helpers.arrayElements([...safeguardingRiskTypes], { min: 1, max: 2 }),
                  location: locations[0]!,
                  locations,
                  source: sources[0]!,
                  sources,
                  riskAssessment: 'risk_identified_action_taken',
                  result: faker.helpers.arrayElement(['removed', 'reduced', 'reduced', 'remains']),
                  // Asked only of those who said what they wanted.
                  outcomesAchieved:
                    desiredOutcomesStatus === 'asked_expressed'
                      ? faker.helpers.weightedArrayElement([
                          { weight: 60, value: 'fully' },
                          { weight: 30, value: 'partially' },
                          { weight: 10, value: 'not' },
                        ])
                      : null,
                  concludedAt,
                }
              : {}),
          });
        }
      }
      if (!outcome?.startsWith('progressed')) continue;

      // A story, and the conversations it needed.
      const storyId = faker.string.uuid();
      const author = faker.helpers.arrayElement(colleagueIds);
      rows.stories.push({
        id: storyId,
        personId,
        teamId,
        contactId,
        heldById: faker.datatype.boolean(0.9) ? author : null,
        openedAt: new Date(occurredAt.getTime() + 30 * 60_000),
      });
      const waitDays = faker.helpers.weightedArrayElement([
        { weight: 30, value: 0 },
        { weight: 30, value: 1 },
        { weight: 20, value: 2 },
        { weight: 12, value: 4 },
        { weight: 8, value: 8 },
      ]);
      let cursor = occurredAt.getTime() + waitDays * DAY + 2 * 3_600_000;
      const wants = outcome === 'progressed_to_conversation_2' ? 2 : outcome === 'progressed_to_conversation_3' ? 3 : 1;
      const kinds: number[] = wants === 1 ? [1] : wants === 2 ? [2] : [1];
      // Most conversation 1s resolve things; some go on to conversation 2 or 3.
      if (wants === 1 && faker.datatype.boolean(0.12)) kinds.push(2);
      if (faker.datatype.boolean(wants === 3 ? 0.9 : 0.06)) kinds.push(3);
      for (const [index, kind] of kinds.entries()) {
        if (cursor > today.getTime()) break;
        const id = faker.string.uuid();
        const last = index === kinds.length - 1;
        const length = kind === 2 ? faker.number.int({ min: 7, max: 30 }) : faker.number.int({ min: 0, max: 3 });
        const concludedAt = new Date(cursor + length * DAY + 3 * 3_600_000);
        const concluded = concludedAt < today && (kind !== 3 || faker.datatype.boolean(0.7));
        rows.conversations.push({
          id,
          storyId,
          kind,
          authorId: author,
          status: concluded ? 'concluded' : 'open',
          startedAt: new Date(cursor),
          whatMatters: 'Staying independent at home',
          strengths: {
            personalResources: ['Determined'],
            networksOfSupport: ['Daughter nearby'],
            communityResources: ['Lunch club on Tuesdays'],
          },
          participants: [{ name: 'The person', role: 'the person' }],
          ...(concluded
            ? {
                concludedAt,
                resolved: last && kind !== 3,
                unresolvedReason: last && kind !== 3 ? null : 'Needs more than a connection',
              }
            : {}),
        });
        if (kind === 2) {
          const starts = dateInEngland(new Date(cursor));
          rows.plans.push({
            conversationId: id,
            startsOn: starts,
            endsOn: addDays(starts, faker.number.int({ min: 14, max: 42 })),
            whatMustChange: 'Safe at home while the heating is fixed',
          });
          for (let s = 0; s < faker.number.int({ min: 0, max: 3 }); s++) {
            rows.spends.push({
              id: faker.string.uuid(),
              conversationId: id,
              storyId,
              amountPence: faker.number.int({ min: 8, max: 100 }) * 250,
              purpose: faker.helpers.arrayElement(['Electric heater', 'Food shop', 'Taxi to the clinic', 'Key safe']),
              spentOn: addDays(starts, s * 2),
              byId: author,
            });
          }
        }
        if (kind === 3 && concluded) {
          const determinationId = faker.string.uuid();
          const eligible = faker.datatype.boolean(0.75);
          rows.determinations.push({
            id: determinationId,
            personId,
            kind: 'adult',
            storyId,
            conversationId: id,
            decidedById: author,
            decidedAt: concludedAt,
            ...seededDetermination(rows.determinations.length, eligible),
            indicativeWeeklyPence: eligible ? faker.number.int({ min: 20, max: 60 }) * 500 : null,
          });
          if (eligible) {
            const signedOffAt = new Date(concludedAt.getTime() + faker.number.int({ min: 1, max: 10 }) * DAY);
            const signed = signedOffAt < today;
            const weekly = faker.number.int({ min: 20, max: 60 }) * 500;
            const budgetId = faker.string.uuid();
            const liveOn = dateInEngland(new Date(signedOffAt.getTime() + 3 * DAY));
            rows.budgets.push({
              id: budgetId,
              personId,
              storyId,
              teamId,
              conversationId: id,
              determinationId,
              indicativeWeeklyPence: weekly,
              status: signed ? 'signed_off' : 'draft',
              weeklyTotalPence: weekly,
              createdById: author,
              ...(signed
                ? {
                    signedOffAt,
                    signedOffById: colleagueIds[0],
                    agreedWeeklyPence: weekly,
                    liveOn,
                    management: {
                      method: faker.helpers.arrayElement([
                        'direct_payment',
                        'council_managed',
                        'individual_service_fund',
                      ] as const),
                      directPayment: null,
                      parts: [],
                    },
                  }
                : {}),
            });
            if (signed) {
              const dueFrom = addDays(liveOn, 42);
              const dueBy = addDays(liveOn, 56);
              // Most first reviews done in their window, once it has come; a few late or not yet.
              const completedOn = addDays(dueFrom, faker.number.int({ min: 0, max: 20 }));
              const completed = completedOn < dateInEngland(today) && faker.datatype.boolean(0.8);
              const outcome = faker.helpers.weightedArrayElement([
                { weight: 60, value: 'fully_met' },
                { weight: 30, value: 'partially_met' },
                { weight: 10, value: 'not_met' },
              ] as const);
              rows.reviews.push({
                id: faker.string.uuid(),
                budgetId,
                personId,
                teamId,
                kind: 'first',
                dueFrom,
                dueBy,
                ...(completed
                  ? {
                      status: 'completed' as const,
                      outcome,
                      notes: 'Talked it through at home; the plan is working for them.',
                      weeklyBeforePence: weekly,
                      weeklyAfterPence: weekly,
                      completedOn,
                      completedAt: new Date(`${completedOn}T14:00:00Z`),
                      completedById: author,
                    }
                  : {}),
              });
            }
          }
        }
        cursor = concludedAt.getTime() + faker.number.int({ min: 1, max: 3 }) * DAY;
      }
    }
  }

  // Unpaid carers (drawn last, so nothing above changes): every third adult with a budget is cared
  // for by someone the practice has no story about, a "carer known by association" in the CLD.
  const storied = new Set(rows.stories.map((st) => st.personId));
  const carers = options.personIds.filter((id) => !storied.has(id));
  [...new Set(rows.budgets.map((b) => b.personId))]
    .filter((_, i) => i % 3 === 0)
    .slice(0, carers.length)
    .forEach((caredFor, i) => {
      const pair = { pairId: faker.string.uuid(), isMainCarer: true, createdAt: new Date(startOfToday - 400 * DAY) };
      rows.relationships.push(
        { ...pair, id: faker.string.uuid(), personId: carers[i]!, relatedPersonId: caredFor, type: 'unpaid_carer_of' },
        { ...pair, id: faker.string.uuid(), personId: caredFor, relatedPersonId: carers[i]!, type: 'cared_for_by' },
      );
    });

  await db.transaction(async (tx) => {
    const insert = <T extends Record<string, unknown>>(table: Parameters<typeof tx.insert>[0], values: T[]) =>
      insertNew(tx, table, values);
    added.contacts = await insert(contacts, rows.contacts);
    added.stories = await insert(stories, rows.stories);
    added.conversations = await insert(conversations, rows.conversations);
    await insert(intensivePlans, rows.plans);
    await insert(contingencySpends, rows.spends);
    await insert(eligibilityDeterminations, rows.determinations);
    added.budgets = await insert(personalBudgets, rows.budgets);
    await insert(reviews, rows.reviews);
    added.concerns = await insert(safeguardingConcerns, rows.concerns);
    await insert(safeguardingEnquiries, rows.enquiries);
    await insert(relationships, rows.relationships);
  });
  return added;
}
