import { createDbClient, organisations, people, type DbClient } from '@threefold/db';
import { determineEligibility, eligibilityInputProblems, type EligibilityInput } from '@threefold/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData, seedDirectory } from '../../src/cli/seed.js';
import { seedActivity, seedColleagueNames } from '../../src/cli/seed-activity.js';
import { createTestDatabase, type TestDatabase } from '../support/app.js';

/**
 * What a new practice (and every demonstration) sees first must look like a real practice's
 * records: nothing dated later than now, stories held by colleagues still at work, reviews that
 * get done.
 */
let database: TestDatabase;
let client: DbClient;
// Mid-afternoon: a day whose later hours have not happened yet.
const today = new Date('2026-12-04T14:30:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  client = createDbClient({ connectionString: database.url, max: 2 });
  const data = demoData({ seed: 11, people: 200, organisations: 10 });
  await client.db.insert(organisations).values(data.organisations);
  await client.db.insert(people).values(data.people);
  await seedDirectory(client.db, data);
  await seedActivity(client.db, {
    seed: 11,
    days: 120,
    contactsPerDay: 12,
    personIds: data.people.filter((p) => !p.restricted).map((p) => p.id),
    today,
  });
});

afterAll(async () => {
  await client?.close();
  await database?.drop();
});

const rows = async <T>(query: ReturnType<typeof sql>) => (await client.db.execute(query)).rows as T[];

describe('the seeded practice', () => {
  it('dates no contact, story or conversation later than now, and has contacts earlier today', async () => {
    const [late] = await rows<{ contacts: string; stories: string; conversations: string; today: string }>(sql`
      select (select count(*) from contacts where occurred_at > ${today.toISOString()}::timestamptz) as contacts,
             (select count(*) from stories where opened_at > ${today.toISOString()}::timestamptz) as stories,
             (select count(*) from conversations where started_at > ${today.toISOString()}::timestamptz) as conversations,
             (select count(*) from contacts where occurred_at >= '2026-12-04T00:00:00Z') as today`);
    expect([late!.contacts, late!.stories, late!.conversations].map(Number)).toEqual([0, 0, 0]);
    expect(Number(late!.today)).toBeGreaterThan(0);
  });

  it('has every held story held by an active colleague with a person’s name', async () => {
    const holders = await rows<{ display_name: string; disabled: boolean; stories: string }>(sql`
      select u.display_name, u.disabled_at is not null as disabled, count(*) as stories
        from stories s join staff_users u on u.id = s.held_by_id group by 1, 2`);
    expect(holders.length).toBeGreaterThan(1);
    for (const holder of holders) {
      expect(holder.disabled).toBe(false);
      expect(seedColleagueNames).toContain(holder.display_name);
    }
  });

  it('has eligibility decisions made from real inputs (the API’s shape), both ways, as the domain decides them', async () => {
    const decisions = await rows<{
      inputs: EligibilityInput;
      eligible: boolean;
      eligible_needs: string[];
      reasons: { summary: string };
    }>(sql`select inputs, eligible, eligible_needs, reasons from eligibility_determinations`);
    expect(decisions.some((d) => d.eligible)).toBe(true);
    expect(decisions.some((d) => !d.eligible)).toBe(true);
    for (const d of decisions) {
      expect(eligibilityInputProblems(d.inputs)).toEqual([]);
      const decided = determineEligibility(d.inputs);
      expect(d.eligible).toBe(decided.eligible);
      expect(d.eligible_needs).toEqual(decided.eligible ? decided.unmetNeeds : []);
      expect(d.reasons.summary).toBe(decided.summary);
    }
  });

  it('has first reviews completed in their window, with an outcome, and none completed in the future', async () => {
    const reviews = await rows<{
      status: string;
      outcome: string | null;
      completed_on: string | null;
      due_from: string;
    }>(sql`select status, outcome, completed_on::text, due_from::text from reviews`);
    const completed = reviews.filter((r) => r.status === 'completed');
    expect(completed.length).toBeGreaterThan(0);
    for (const review of completed) {
      expect(review.outcome).not.toBeNull();
      expect(review.completed_on! >= review.due_from).toBe(true);
      expect(review.completed_on! < '2026-12-04').toBe(true);
    }
  });

  it('starts the directory with services where people live, and their postcodes placed, so a search finds something', async () => {
    const [counts] = await rows<{ services: string; unplaced: string; scheduled: string }>(sql`
      select (select count(*) from directory_services) as services,
             (select count(*) from people p where not exists
                (select 1 from postcode_centroids c where c.postcode = p.postcode)) as unplaced,
             (select count(distinct service_id) from service_schedules) as scheduled`);
    expect(Number(counts!.services)).toBe(10);
    expect(Number(counts!.scheduled)).toBe(10);
    expect(Number(counts!.unplaced)).toBe(0);
    // Most people have a service within 10 km of their postcode.
    const [near] = await rows<{ share: number }>(sql`
      select avg(case when exists (
               select 1 from directory_locations l
                where abs(l.latitude - c.latitude) < 0.09 and abs(l.longitude - c.longitude) < 0.15)
             then 1 else 0 end)::float as share
        from people p join postcode_centroids c on c.postcode = p.postcode`);
    expect(near!.share).toBeGreaterThan(0.5);
  });
});
