import { people, safeguardingConcerns, safeguardingEnquiries } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SAC_CAPACITY_SUPPORTED,
  sacAgeBands,
  sacAutism,
  sacCapacity,
  sacDesiredOutcomes,
  sacEthnicities,
  sacGenders,
  sacLocations,
  sacMeasures,
  sacOutcomesAchieved,
  sacPrimarySupportReasons,
  sacResults,
  sacReviewIndividuals,
  sacReviews,
  sacRiskAssessments,
  sacRiskTypes,
  sacSources,
  sacTotals,
} from '../../src/modules/returns/sac-lists.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, createStaffUser, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

/**
 * The Safeguarding Adults Collection for 2026-27 from a small, hand-made year:
 *   Ann   (F, born 1950-06-01 → 76 on 31 Mar 2027, C1, memory-and-cognition)
 *   Bob   (M, born 1990-01-01 → 37, A1, learning-disability, Asperger's)
 *   Cy    (no gender, no date of birth, Z, no primary support reason, autism)
 *   Dora  (F, born 1930-01-01, died 2026-12-01 aged 96, D2, mental-health, no autism)
 * Concerns in the year: Ann ×2, Bob, Cy, Dora, and one about no known person; one about Bob in March 2026 (last year).
 * Enquiries: EA s42 (Ann) concluded 1 Sep: physical + neglect, own home + care home (residential),
 *   sources service provider + known to the individual; risk identified, action taken, reduced;
 *   lacks capacity with an advocate; asked, expressed, partially achieved.
 *   EB s42 (Bob) ended at his request 1 Oct; capacity not known; desired outcomes not known.
 *   EC s42 (Dora) concluded 1 Nov: self-neglect, own home, unknown to individual; no risk, no action;
 *   has capacity; nothing recorded on desired outcomes.
 *   ED other (Cy) open. EE s42 (Ann again) open, started in the year.
 * Safeguarding Adult Reviews: one completed 1 Jan 2027 (1 died, 2 survived), one 1 Feb 2027 (0 died,
 *   1 survived), one on 1 Apr 2027 (next year).
 */
let t: TestApp;
let lead: SignedIn;
let council: Record<string, string>;
const ids: Record<string, string> = {};

type Row = { table: string; measure: string; category: string; subcategory: string | null; value: number };

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date('2027-04-20T12:00:00Z') });
  lead = await signInAs(t.app, t.db, { roles: ['safeguarding_lead'] });
  const author = await createStaffUser(t.db, { roles: ['practitioner'] });
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['returns:read', 'decisions:read'] });
  council = (await tokenFor(t.app, client)).headers;
  const d = t.db.db;
  const person = async (values: typeof people.$inferInsert) =>
    (await d.insert(people).values(values).returning())[0]!.id;
  const ann = await person({
    givenName: 'Ann',
    familyName: 'Ash',
    dateOfBirth: '1950-06-01',
    gender: 'female',
    ethnicity: 'C1',
    primarySupportReason: 'memory-and-cognition',
  });
  const bob = await person({
    givenName: 'Bob',
    familyName: 'Birch',
    dateOfBirth: '1990-01-01',
    gender: 'male',
    ethnicity: 'A1',
    primarySupportReason: 'learning-disability',
    autism: 'aspergers',
  });
  const cy = await person({ givenName: 'Cy', familyName: 'Cedar', ethnicity: 'Z', autism: 'autism' });
  const dora = await person({
    givenName: 'Dora',
    familyName: 'Dogwood',
    dateOfBirth: '1930-01-01',
    dateOfDeath: '2026-12-01',
    gender: 'female',
    ethnicity: 'D2',
    primarySupportReason: 'mental-health',
    autism: 'none',
  });
  const concern = async (personId: string | null, raisedAt: string) =>
    (
      await d
        .insert(safeguardingConcerns)
        .values({
          personId,
          summary: 'Worried',
          raisedByType: 'user',
          raisedById: author.id,
          raisedAt: new Date(raisedAt),
        })
        .returning()
    )[0]!.id;
  const cA = await concern(ann, '2026-08-01T10:00:00Z');
  const cA2 = await concern(ann, '2027-01-10T10:00:00Z');
  const cB = await concern(bob, '2026-09-01T10:00:00Z');
  const cC = await concern(cy, '2026-10-01T10:00:00Z');
  const cD = await concern(dora, '2026-10-15T10:00:00Z');
  await concern(null, '2026-11-01T10:00:00Z');
  await concern(bob, '2026-03-01T10:00:00Z');
  const enquiries = await d
    .insert(safeguardingEnquiries)
    .values([
      {
        concernId: cA,
        personId: ann,
        kind: 's42',
        openedAt: new Date('2026-08-03T10:00:00Z'),
        status: 'concluded',
        desiredOutcomesStatus: 'asked_expressed',
        desiredOutcomes: ['Feel safe'],
        mentalCapacity: 'lacks_capacity',
        advocateName: 'Sian Morgan',
        riskTypes: ['physical', 'neglect_and_acts_of_omission'],
        location: 'own_home',
        locations: ['own_home', 'care_home_residential'],
        source: 'service_provider',
        sources: ['service_provider', 'other_known_to_individual'],
        riskAssessment: 'risk_identified_action_taken',
        result: 'reduced',
        outcomesAchieved: 'partially',
        concludedAt: new Date('2026-09-01T10:00:00Z'),
      },
      {
        concernId: cB,
        personId: bob,
        kind: 's42',
        openedAt: new Date('2026-09-02T10:00:00Z'),
        status: 'ended_at_persons_request',
        mentalCapacity: 'not_known',
        desiredOutcomesStatus: 'not_known',
        endedEarlyReason: 'Asked us to stop',
        concludedAt: new Date('2026-10-01T10:00:00Z'),
      },
      {
        concernId: cD,
        personId: dora,
        kind: 's42',
        openedAt: new Date('2026-10-16T10:00:00Z'),
        status: 'concluded',
        mentalCapacity: 'has_capacity',
        riskTypes: ['self_neglect'],
        location: 'own_home',
        source: 'other_unknown_to_individual',
        riskAssessment: 'no_risk_identified_no_action_taken',
        concludedAt: new Date('2026-11-01T10:00:00Z'),
      },
      { concernId: cC, personId: cy, kind: 'other', openedAt: new Date('2026-10-02T10:00:00Z') },
      { concernId: cA2, personId: ann, kind: 's42', openedAt: new Date('2027-01-11T10:00:00Z') },
    ])
    .returning();
  ids.concluded = enquiries[0]!.id;
  ids.ended = enquiries[1]!.id;
  ids.other = enquiries[3]!.id;
  ids.open = enquiries[4]!.id;
  for (const review of [
    { completedOn: '2027-01-01', individualsDied: 1, individualsSurvived: 2 },
    { completedOn: '2027-02-01', individualsDied: 0, individualsSurvived: 1, summary: 'Care home' },
    { completedOn: '2027-04-01', individualsDied: 1, individualsSurvived: 0 },
  ]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/safeguarding/adult-reviews',
      headers: lead.headers,
      payload: review,
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

async function collection(year = 2026): Promise<Row[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/returns/safeguarding-adults?year=${year}`,
    headers: council,
  });
  expect(res.statusCode).toBe(200);
  return res.json().rows;
}

/** The value of one cell; fails when the cell is not in the collection. */
function cell(rows: Row[], table: string, measure: string, category: string, subcategory: string | null = null) {
  const found = rows.filter(
    (r) => r.table === table && r.measure === measure && r.category === category && r.subcategory === subcategory,
  );
  expect(found, `${table} / ${measure} / ${category} / ${subcategory}`).toHaveLength(1);
  return found[0]!.value;
}

describe('the Safeguarding Adults Collection, table by table from the national lists', () => {
  it('has every category of every list, once, in the lists’ order, and nothing else', async () => {
    const rows = await collection(2024);
    const layout = (table: string, measure: string, categories: readonly string[], columns?: readonly string[]) =>
      categories.flatMap((c) => (columns ?? [null]).map((s) => [table, measure, c, s]));
    const individuals = [sacMeasures.concerns, sacMeasures.s42, sacMeasures.other];
    const expected = [
      ...individuals.flatMap((m) => layout('SG1a', m, sacAgeBands)),
      ...individuals.flatMap((m) => layout('SG1b', m, sacGenders)),
      ...individuals.flatMap((m) => layout('SG1c', m, sacEthnicities)),
      ...individuals.flatMap((m) => layout('SG1d', m, sacPrimarySupportReasons)),
      ...individuals.flatMap((m) => layout('SG1e', m, sacAutism)),
      ['SG1f', sacMeasures.concerns, sacTotals[0], null],
      ['SG1f', sacMeasures.s42, sacTotals[1], null],
      ['SG1f', sacMeasures.other, sacTotals[2], null],
      ...layout('SG2a', sacMeasures.concludedS42, sacRiskTypes, sacSources),
      ...layout('SG2b', sacMeasures.concludedS42, sacLocations, sacSources),
      ...layout('SG2c', sacMeasures.concludedS42, sacRiskAssessments),
      ...layout('SG2e', sacMeasures.concludedS42, sacResults),
      ...layout('SG3a', sacMeasures.concludedS42, [...sacCapacity, SAC_CAPACITY_SUPPORTED]),
      ...layout('SG4a', sacMeasures.concludedS42, [...sacDesiredOutcomes, ...sacOutcomesAchieved]),
      ...layout('SG5a', sacMeasures.reviews, sacReviews),
      ...layout('SG5b', sacMeasures.reviewIndividuals, sacReviewIndividuals),
    ];
    expect(rows.map((r) => [r.table, r.measure, r.category, r.subcategory])).toEqual(expected);
    expect(rows.every((r) => r.value === 0)).toBe(true);
    // The values the issue named, spelled as the collection spells them.
    expect(sacRiskAssessments).toContain("Enquiry ceased at individual's request and no action taken");
    expect(sacDesiredOutcomes).toEqual(expect.arrayContaining(["Don't Know", 'Not Recorded']));
  });

  it('SG1e: individuals with autism, split as the publication splits it; no autism or not recorded is not counted', async () => {
    const rows = await collection();
    const [autism, aspergers] = sacAutism;
    expect(autism).toMatch(/^Learning, Developmental or Intellectual Disability \(Autism excluding Asperger/);
    // Section 42: Ann (not recorded), Bob (Asperger's), Dora (no autism).
    expect(cell(rows, 'SG1e', sacMeasures.s42, aspergers)).toBe(1);
    expect(cell(rows, 'SG1e', sacMeasures.s42, autism)).toBe(0);
    // Other enquiries: Cy (autism).
    expect(cell(rows, 'SG1e', sacMeasures.other, autism)).toBe(1);
    expect(cell(rows, 'SG1e', sacMeasures.other, aspergers)).toBe(0);
    // Concerns: Bob once (two concerns in two years, one in this one) and Cy.
    expect(cell(rows, 'SG1e', sacMeasures.concerns, aspergers)).toBe(1);
    expect(cell(rows, 'SG1e', sacMeasures.concerns, autism)).toBe(1);
  });

  it('SG1a–SG1d: each individual once per measure, by age on the last day (or at death) and coded fields', async () => {
    const rows = await collection();
    const s42 = sacMeasures.s42;
    // Section 42 enquiries started: Ann (twice: counted once), Bob, Dora.
    expect(cell(rows, 'SG1a', s42, '18-64')).toBe(1);
    expect(cell(rows, 'SG1a', s42, '75-84')).toBe(1);
    expect(cell(rows, 'SG1a', s42, '95+')).toBe(1); // Dora died aged 96
    expect(cell(rows, 'SG1a', s42, '85-94')).toBe(0);
    expect(cell(rows, 'SG1b', s42, 'Female')).toBe(2);
    expect(cell(rows, 'SG1b', s42, 'Male')).toBe(1);
    expect(cell(rows, 'SG1c', s42, 'Asian / Asian British')).toBe(1);
    expect(cell(rows, 'SG1c', s42, 'White')).toBe(1);
    expect(cell(rows, 'SG1c', s42, 'Black / African / Caribbean / Black British')).toBe(1);
    expect(cell(rows, 'SG1d', s42, 'Support with Memory and Cognition')).toBe(1);
    expect(cell(rows, 'SG1d', s42, 'Learning Disability Support')).toBe(1);
    expect(cell(rows, 'SG1d', s42, 'Mental Health Support')).toBe(1);
    // Other enquiries: Cy, with nothing known but a refusal to give ethnicity.
    const other = sacMeasures.other;
    expect(cell(rows, 'SG1a', other, 'Age Unknown')).toBe(1);
    expect(cell(rows, 'SG1b', other, 'Not Known')).toBe(1);
    expect(cell(rows, 'SG1c', other, 'Refused')).toBe(1);
    expect(cell(rows, 'SG1d', other, 'Not Known')).toBe(1);
    // Concerns: Ann, Bob, Cy, Dora and the person not known (last year's about Bob not counted).
    const concerns = sacMeasures.concerns;
    expect(sacGenders.reduce((n, g) => n + cell(rows, 'SG1b', concerns, g), 0)).toBe(5);
    expect(cell(rows, 'SG1a', concerns, 'Age Unknown')).toBe(2);
    expect(cell(rows, 'SG1f', concerns, 'Total Number of Safeguarding Concerns')).toBe(6);
    expect(cell(rows, 'SG1f', s42, 'Total Number of Section 42 Safeguarding Enquiries')).toBe(4);
    expect(cell(rows, 'SG1f', other, 'Total Number of Other Safeguarding Enquiries')).toBe(1);
  });

  it('SG2a/SG2b: each type and each location of risk counted under each source of risk', async () => {
    const rows = await collection();
    const m = sacMeasures.concludedS42;
    for (const type of ['Physical Abuse', 'Neglect and Acts of Omission'])
      for (const source of ['Service Provider', 'Other - Known to individual'])
        expect(cell(rows, 'SG2a', m, type, source)).toBe(1);
    expect(cell(rows, 'SG2a', m, 'Self-Neglect', 'Other - Unknown to individual')).toBe(1);
    expect(cell(rows, 'SG2a', m, 'Physical Abuse', 'Other - Unknown to individual')).toBe(0);
    expect(rows.filter((r) => r.table === 'SG2a').reduce((n, r) => n + r.value, 0)).toBe(5);
    expect(cell(rows, 'SG2b', m, 'Own Home', 'Service Provider')).toBe(1);
    expect(cell(rows, 'SG2b', m, 'Own Home', 'Other - Unknown to individual')).toBe(1);
    expect(cell(rows, 'SG2b', m, 'Care Home - Residential', 'Other - Known to individual')).toBe(1);
    expect(rows.filter((r) => r.table === 'SG2b').reduce((n, r) => n + r.value, 0)).toBe(5);
  });

  it('SG2c, SG2e, SG3a, SG4a: the outcome lists, with ceased at the person’s request, Don’t Know and Not Recorded', async () => {
    const rows = await collection();
    const m = sacMeasures.concludedS42;
    expect(cell(rows, 'SG2c', m, 'Risk identified and action taken')).toBe(1);
    expect(cell(rows, 'SG2c', m, 'No risk identified and no action taken')).toBe(1);
    expect(cell(rows, 'SG2c', m, "Enquiry ceased at individual's request and no action taken")).toBe(1);
    expect(cell(rows, 'SG2e', m, 'Risk reduced')).toBe(1);
    expect(cell(rows, 'SG3a', m, 'Yes, they lacked capacity')).toBe(1);
    expect(cell(rows, 'SG3a', m, 'No, they did not lack capacity')).toBe(1);
    expect(cell(rows, 'SG3a', m, "Don't know")).toBe(1);
    expect(cell(rows, 'SG3a', m, SAC_CAPACITY_SUPPORTED)).toBe(1);
    expect(cell(rows, 'SG4a', m, 'Yes they were asked and outcomes were expressed')).toBe(1);
    expect(cell(rows, 'SG4a', m, "Don't Know")).toBe(1);
    expect(cell(rows, 'SG4a', m, 'Not Recorded')).toBe(1);
    expect(cell(rows, 'SG4a', m, 'Partially Achieved')).toBe(1);
    expect(cell(rows, 'SG4a', m, 'Fully Achieved')).toBe(0);
  });

  it('SG5a/SG5b: the Safeguarding Adult Reviews completed in the year', async () => {
    const rows = await collection();
    expect(cell(rows, 'SG5a', sacMeasures.reviews, 'Where one or more individuals died')).toBe(1);
    expect(cell(rows, 'SG5a', sacMeasures.reviews, 'Where no individuals died')).toBe(1);
    expect(cell(rows, 'SG5b', sacMeasures.reviewIndividuals, 'Who suffered serious harm and died')).toBe(1);
    expect(cell(rows, 'SG5b', sacMeasures.reviewIndividuals, 'Who suffered serious harm and survived')).toBe(3);
    const next = await collection(2027);
    expect(cell(next, 'SG5a', sacMeasures.reviews, 'Where one or more individuals died')).toBe(1);
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/safeguarding/adult-reviews?year=2026',
      headers: lead.headers,
    });
    expect(list.json().items.map((r: { completedOn: string }) => r.completedOn)).toEqual(['2027-01-01', '2027-02-01']);
  });

  it('refuses a review about no one, or one not yet completed, naming the field', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/v1/safeguarding/adult-reviews',
      headers: lead.headers,
      payload: { completedOn: '2027-01-01', individualsDied: 0, individualsSurvived: 0 },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('individualsDied');
    const future = await t.app.inject({
      method: 'POST',
      url: '/v1/safeguarding/adult-reviews',
      headers: lead.headers,
      payload: { completedOn: '2027-05-01', individualsDied: 1, individualsSurvived: 0 },
    });
    expect(future.json().errors[0].field).toBe('completedOn');
    const practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/v1/safeguarding/adult-reviews',
      headers: practitioner.headers,
      payload: { completedOn: '2027-01-01', individualsDied: 1, individualsSurvived: 0 },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('gives the CSV with the publication’s column names', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/safeguarding-adults?year=2026&format=csv',
      headers: council,
    });
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('LA_CODE,YEAR,TABLE_REFERENCE,ENQUIRY_TYPE,CATEGORY,SUBCATEGORY,VALUE');
    expect(lines).toContain('893,2026-27,SG2a,Concluded Section 42 Enquiries,Physical Abuse,Service Provider,1');
    expect(lines).toHaveLength((await collection()).length + 1);
  });
});

describe('a concluded section 42 enquiry’s outcome, for the council', () => {
  const outcome = (id: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/v1/safeguarding/enquiries/${id}/outcome`, headers });

  it('gives the council client with decisions:read the outcome, without narrative, and audits it', async () => {
    const res = await outcome(ids.concluded!, council);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      enquiryId: ids.concluded,
      concernId: expect.any(String),
      personId: expect.any(String),
      kind: 's42',
      status: 'concluded',
      concludedAt: '2026-09-01T10:00:00.000Z',
      riskAssessment: 'risk_identified_action_taken',
      result: 'reduced',
      desiredOutcomesStatus: 'asked_expressed',
      outcomesAchieved: 'partially',
    });
    const ended = (await outcome(ids.ended!, council)).json();
    expect(ended).toMatchObject({ status: 'ended_at_persons_request', riskAssessment: null, result: null });
    const audited = await t.db.pool.query(
      `select count(*)::int as n from audit_events where action = 'safeguarding_enquiry.outcome.read' and resource_id = $1`,
      [ids.concluded],
    );
    expect(audited.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('409 while open, 404 for an other enquiry, 403 without decisions:read', async () => {
    expect((await outcome(ids.open!, council)).json().code).toBe('enquiry_not_concluded');
    expect((await outcome(ids.other!, council)).statusCode).toBe(404);
    const returnsOnly = await createMachineClient(t.db, { kind: 'council', scopes: ['returns:read'] });
    expect((await outcome(ids.concluded!, (await tokenFor(t.app, returnsOnly)).headers)).statusCode).toBe(403);
    const practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    expect((await outcome(ids.concluded!, practitioner.headers)).statusCode).toBe(403);
  });
});
