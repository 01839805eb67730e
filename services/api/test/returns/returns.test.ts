import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { nhsNumberFromSeed } from '@threefold/domain';
import pg from 'pg';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientLevelDataCsv } from '../../src/modules/returns/client-level-data.js';
import { CLD_DATE_FORMAT, cldDateFields, cldFields, cldLists } from '../../src/modules/returns/code-lists.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';
import { buildScenario, type Scenario } from '../insights/scenario.js';
import { parseCsv } from './csv.js';

let t: TestApp;
let s: Scenario;
let admin: SignedIn;
let council: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  s = await buildScenario(t.db);
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['returns:read'] });
  council = (await tokenFor(t.app, client)).headers;
});
afterAll(() => t.close());

const WHITE_BRITISH = 'White: English, Welsh, Scottish, Northern Irish or British';

describe('Client Level Data for 1–7 June 2026', () => {
  it('streams every event of the period with the national field names and codes (hand-computed)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2026-06-01&to=2026-06-07',
      headers: council,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cld-893-2026-06-01-2026-06-07.csv"');
    expect(res.body.split('\n')[0]).toBe(cldFields.join(','));
    const rows = parseCsv(res.body);

    const { P1, P2, P3, P4, P5 } = s.people;
    const person: Record<string, Record<string, string>> = {
      [P1]: {
        LA_Person_Unique_Identifier: 'SC-1001',
        NHS_Number: nhsNumberFromSeed(901),
        GP_Practice_Code: 'M82001',
        Gender: 'Female',
        Ethnicity: WHITE_BRITISH,
        Date_of_Birth: '1936-02-02',
        Postcode: 'SY1 1AA',
        Primary_Support_Reason: 'Physical support: Personal care support',
      },
      [P2]: {
        LA_Person_Unique_Identifier: P2,
        NHS_Number: nhsNumberFromSeed(902),
        GP_Practice_Code: '',
        Gender: 'Male',
        Ethnicity: 'No data: Undeclared or not known',
        Date_of_Birth: '1950-07-14',
        Postcode: 'SY10 2BB',
        Primary_Support_Reason: 'Support with memory and cognition',
      },
      [P3]: {
        LA_Person_Unique_Identifier: P3,
        NHS_Number: '',
        GP_Practice_Code: '',
        Gender: 'Female',
        Ethnicity: 'Asian or Asian British: Indian',
        Date_of_Birth: '1944-11-30',
        Postcode: '',
        Primary_Support_Reason: 'Unknown',
      },
      [P4]: {
        LA_Person_Unique_Identifier: P4,
        NHS_Number: nhsNumberFromSeed(904),
        GP_Practice_Code: '',
        Gender: 'Male',
        Ethnicity: 'White: Any other White background',
        Date_of_Birth: '1961-04-01',
        Postcode: 'TF1 3CC',
        Primary_Support_Reason: 'Unknown',
      },
      [P5]: {
        LA_Person_Unique_Identifier: P5,
        NHS_Number: nhsNumberFromSeed(905),
        GP_Practice_Code: '',
        Gender: 'Unknown',
        Ethnicity: WHITE_BRITISH,
        Date_of_Birth: '1940-01-20',
        Postcode: 'SY8 4DD',
        Primary_Support_Reason: 'Unknown',
      },
    };
    const blank = Object.fromEntries(cldFields.map((f) => [f, '']));
    const row = (who: string, ref: string, fields: Record<string, string>) => ({
      ...blank,
      LA_Code: '893',
      Reporting_Period_Start_Date: '2026-06-01',
      Reporting_Period_End_Date: '2026-06-07',
      Client_Type: 'Service user',
      // Not recorded for anyone in the scenario: mandatory, so `Unknown`, never blank.
      Accommodation_Status: 'Unknown',
      Employment_Status: 'Unknown',
      Has_Unpaid_Carer: 'Unknown',
      ...person[who],
      Event_Reference: ref,
      ...fields,
    });
    const request = (day: string, outcome: string, route = 'Community / Other route') => ({
      Event_Type: 'Request',
      Event_Description: 'Contact at the front door',
      Event_Start_Date: day,
      Event_End_Date: day,
      Event_Outcome: outcome,
      Request_Route_of_Access: route,
    });
    const assessment = (kind: string, start: string, end: string, outcome: string, longTerm?: 'Yes' | 'No') => ({
      Event_Type: 'Assessment',
      Event_Description: kind,
      Event_Start_Date: start,
      Event_End_Date: end,
      Event_Outcome: outcome,
      Assessment_Type: longTerm ? 'Long term assessment' : 'Short term assessment',
      Eligible_Needs_Identified: longTerm ?? '',
      Method_of_Assessment: 'Face to Face Assessment',
    });
    const shortTerm = (start: string, end: string) => ({
      Event_Type: 'Service',
      Event_Description: 'Conversation 2 intensive support plan',
      Event_Start_Date: start,
      Event_End_Date: end,
      Event_Outcome: 'Continuation of support or services',
      Service_Type: 'Short term support: Other short term',
      Service_Component: 'Other short term support',
    });
    const longTerm = (start: string, mechanism: string, cost: string) => ({
      Event_Type: 'Service',
      Event_Description: 'Personal budget and support plan',
      Event_Start_Date: start,
      Event_Outcome: 'Continuation of support or services',
      Service_Type: 'Long term support: Community',
      Service_Component: mechanism === 'Direct payment' ? 'Direct payment' : 'Other long term support',
      Delivery_Mechanism: mechanism,
      Unit_Cost: cost,
      Cost_Frequency_Unit_Type: 'Weekly',
      Planned_Units_Per_Week: '1',
    });
    const { c1, c3, c4, c5, c6, c9, c10 } = s.contacts;
    const { S0c1, S1c1, S1c2, S2c1, S3c2 } = s.conversations;
    const NFA_ADVICE = 'NFA: Information and advice or signposting';
    const TO_ASSESSMENT = 'Progress to assessment, review or reassessment';
    const TO_SERVICES = 'Progress to support planning or services';
    const C1 = 'Conversation 1 (connect)';
    const expected = [
      row(P5, `REQ-${c1}`, request('2026-06-01', NFA_ADVICE)),
      row(P1, `REQ-${c3}`, request('2026-06-02', TO_ASSESSMENT, 'Discharge from Hospital')),
      row(P2, `REQ-${c4}`, request('2026-06-02', TO_ASSESSMENT)),
      row(P3, `REQ-${c5}`, request('2026-06-03', TO_ASSESSMENT)),
      row(P5, `REQ-${c6}`, request('2026-06-04', 'NFA: Other')),
      row(P4, `REQ-${c9}`, request('2026-06-03', NFA_ADVICE, 'Self-Funder')),
      row(P4, `REQ-${c10}`, request('2026-06-06', TO_ASSESSMENT)),
      // Robert's conversation 1 carried an eligibility decision: a long-term assessment.
      row(P2, `ASM-${S0c1}`, assessment(C1, '2026-05-20', '2026-06-01', TO_SERVICES, 'Yes')),
      row(P1, `ASM-${S1c1}`, assessment(C1, '2026-06-02', '2026-06-03', TO_ASSESSMENT)),
      row(P1, `ASM-${S1c2}`, assessment('Conversation 2 (when at risk)', '2026-06-03', '2026-06-06', TO_ASSESSMENT)),
      row(P2, `ASM-${S2c1}`, assessment(C1, '2026-06-05', '2026-06-05', NFA_ADVICE)),
      // Joan's conversation 2 is an assessment and a short-term service: two references.
      row(P1, `STS-${S1c2}`, shortTerm('2026-06-03', '2026-06-16')),
      row(P3, `STS-${S3c2}`, shortTerm('2026-06-04', '2026-07-15')),
      row(P1, `LTS-${s.budgets.B1}`, longTerm('2026-06-07', 'Direct payment', '155.00')),
      row(P4, `LTS-${s.budgets.B0}`, longTerm('2025-06-01', 'CASSR managed personal budget', '200.00')),
      row(P4, `REV-${s.reviews.R1}`, {
        Event_Type: 'Review',
        Event_Description: 'Support plan review',
        Event_Start_Date: '2026-05-01',
        Event_End_Date: '2026-06-02',
        Event_Outcome: TO_SERVICES,
        Review_Reason: 'Planned',
        Review_Outcomes_Achieved: 'Partially Met',
      }),
    ];
    const key = (r: Record<string, string>) => `${r.Event_Type}/${r.Event_Reference}`;
    const sort = (list: Record<string, string>[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(rows).toHaveLength(16);
    expect(sort(rows)).toEqual(sort(expected));

    const audit = await t.db.pool.query(
      `select resource_id, actor_type from audit_events where action = 'returns.client_level_data'`,
    );
    expect(audit.rows).toEqual([{ resource_id: 'client-level-data:2026-06-01:2026-06-07', actor_type: 'client' }]);
  });

  it('conforms to release 2: every coded value on its list, unique event references, ISO dates (conformance)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2026-06-01&to=2026-06-07',
      headers: council,
    });
    const rows = parseCsv(res.body);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const [field, list] of Object.entries(cldLists)) {
        const value = row[field]!;
        if (value !== '') expect(list as readonly string[], `${field} "${value}"`).toContain(value);
      }
      for (const field of cldDateFields) if (row[field] !== '') expect(row[field], field).toMatch(CLD_DATE_FORMAT);
      // Fields the guidance never wants empty on a service user's row.
      for (const field of [
        'Client_Type',
        'Gender',
        'Ethnicity',
        'Primary_Support_Reason',
        'Accommodation_Status',
        'Event_Type',
        'Event_Outcome',
      ])
        expect(row[field], field).not.toBe('');
    }
    const references = rows.map((r) => r.Event_Reference);
    expect(new Set(references).size).toBe(references.length);
  });

  it('sends a budget managed partly one way and partly another as one service row per part', async () => {
    const { rows } = await t.db.pool.query<{ id: string }>(
      `insert into people (given_name, family_name, date_of_birth, gender, ethnicity, primary_support_reason,
                          accommodation_status, employment_status)
       values ('Mary', 'Mixed', '1940-01-01', 'female', 'A5', 'support-to-unpaid-carer',
               ' tenant: private landlord', 'Lodger') returning id`,
    );
    const personId = rows[0]!.id;
    const budget = await t.db.pool.query<{ id: string }>(
      `insert into personal_budgets (person_id, story_id, conversation_id, determination_id, status, indicative_weekly_pence,
                                     management, weekly_total_pence, created_by_id, signed_off_at, agreed_weekly_pence, live_on)
       select $1, b.story_id, b.conversation_id, b.determination_id, 'signed_off', 30000,
              $2::jsonb, 30000, b.created_by_id, '2017-05-01 10:00Z', 30000, '2017-05-02'
         from personal_budgets b where b.id = $3
       returning id`,
      [
        personId,
        JSON.stringify({
          method: 'mixed',
          directPayment: { section: 's31', authorisedPerson: null, conditions: [] },
          parts: [
            { method: 'direct_payment', weeklyPence: 12000 },
            { method: 'individual_service_fund', weeklyPence: 18000 },
          ],
        }),
        s.budgets.B1,
      ],
    );
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/returns/client-level-data?from=2017-05-01&to=2017-05-31',
        headers: council,
      });
      const id = budget.rows[0]!.id;
      const mine = parseCsv(res.body).filter((r) => r.Event_Reference!.includes(id));
      expect(
        mine.map((r) => [r.Event_Reference, r.Service_Component, r.Delivery_Mechanism, r.Unit_Cost]).sort(),
      ).toEqual([
        [`LTS-${id}-1`, 'Direct payment', 'Direct payment', '120.00'],
        [`LTS-${id}-2`, 'Other long term support', 'CASSR managed personal budget', '180.00'],
      ]);
      expect(mine[0]).toMatchObject({
        Ethnicity: 'White: Roma',
        Primary_Support_Reason: 'Social support: Support to unpaid carer',
        // Kept in the national wording (any case) it is sent as written; anything else is `Unknown`.
        Accommodation_Status: 'Tenant: Private landlord',
        Employment_Status: 'Unknown',
        Service_Type: 'Long term support: Community',
        Event_Start_Date: '2017-05-02',
      });
    } finally {
      // Mary is no one else's business in this file; the owner may delete a budget, the application may not.
      const owner = new pg.Client({ connectionString: t.database.url });
      await owner.connect();
      await owner.query('delete from personal_budgets where id = $1', [budget.rows[0]!.id]);
      await owner.query('delete from people where id = $1', [personId]);
      await owner.end();
    }
  });

  it('gives the same CSV to a direct reader, and gives the connection back when the reader hangs up', async () => {
    const collect = async () => {
      let text = '';
      await pipeline(
        clientLevelDataCsv(t.db.pool, { laCode: '893', from: '2026-06-01', to: '2026-06-07' }),
        new Writable({
          write(chunk, _enc, done) {
            text += String(chunk);
            done();
          },
        }),
      );
      return text;
    };
    const direct = await collect();
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2026-06-01&to=2026-06-07',
      headers: council,
    });
    expect(direct).toBe(res.body);
    expect(direct.trimEnd().split('\n')).toHaveLength(17);
    expect(t.db.pool.totalCount - t.db.pool.idleCount).toBe(0);
  });

  it('stops the query and gives the connection back when the reader hangs up mid-way', async () => {
    // 40,000 requests in March 2018, about 15 MB of CSV: far more than the socket holds, so the
    // reader hangs up while PostgreSQL is still writing.
    await t.db.pool.query(
      `insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, source, created_by_type, outcome, resolved_at)
       select $1, timestamptz '2018-03-01 09:00Z' + g * interval '1 minute', 'phone', 'self', 'community_other', 'console', 'user',
              'information_and_advice', timestamptz '2018-03-01 09:10Z' + g * interval '1 minute'
         from generate_series(1, 40000) g`,
      [s.people.P1],
    );
    const stream = clientLevelDataCsv(t.db.pool, { laCode: '893', from: '2018-03-01', to: '2018-03-31' });
    let bytes = 0;
    await new Promise<void>((resolve) =>
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > 100_000) {
          stream.pause();
          resolve();
        }
      }),
    );
    // The pool acts as the application role, which cannot see the backend's query: look as the owner.
    const owner = new pg.Client({ connectionString: t.database.url });
    await owner.connect();
    try {
      const backend = async () =>
        (
          await owner.query<{ pid: number; state: string }>(
            `select pid, state from pg_stat_activity where datname = current_database() and query like 'copy (%'`,
          )
        ).rows;
      expect(await backend()).toEqual([{ pid: expect.any(Number), state: 'active' }]);
      stream.destroy();
      // Cancelling the query and releasing the connection take a moment on a busy machine.
      await expect.poll(() => t.db.pool.totalCount - t.db.pool.idleCount, { timeout: 10_000 }).toBe(0);
      await expect.poll(backend, { timeout: 10_000 }).toEqual([]);
    } finally {
      await owner.end();
    }

    // The whole month, read to the end, for the reader who stays.
    const full = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2018-03-01&to=2018-03-31',
      headers: council,
    });
    expect(full.body.trimEnd().split('\n')).toHaveLength(40_001);
    await t.db.pool.query(`delete from contacts where occurred_at >= '2018-03-01' and occurred_at < '2018-04-01'`);
  });

  it('sends the release 2 person flags: Yes, No, blank when not recorded, and Unknown for the mandatory Has_Unpaid_Carer', async () => {
    const { rows } = await t.db.pool.query<{ id: string; given_name: string }>(
      `insert into people (given_name, family_name, visual_impairment, hearing_impairment, dementia, autism, has_unpaid_carer)
       values ('Flo', 'Flags', true, true, false, 'aspergers', true),
              ('Nan', 'Flags', false, null, true, 'none', false),
              ('Unk', 'Flags', null, null, null, null, null)
       returning id, given_name`,
    );
    for (const r of rows)
      await t.db.pool.query(
        `insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, source, created_by_type, outcome, resolved_at)
         values ($1, '2019-04-04 10:00Z', 'phone', 'self', 'prison', 'console', 'user', 'no_further_action', '2019-04-04 10:30Z')`,
        [r.id],
      );
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/returns/client-level-data?from=2019-04-01&to=2019-04-30',
        headers: council,
      });
      expect(res.statusCode).toBe(200);
      const flags = [
        'Has_Unpaid_Carer',
        'Autism_Spectrum_Disorder_ASD',
        'Visual_Impairment',
        'Hearing_Impairment',
        'Dementia',
      ];
      const byId = Object.fromEntries(
        parseCsv(res.body).map((r) => [r.LA_Person_Unique_Identifier, flags.map((f) => r[f])]),
      );
      const id = (name: string) => rows.find((r) => r.given_name === name)!.id;
      // Flo: dual sensory loss (both impairments), Asperger's (autism spectrum), has a carer.
      expect(byId[id('Flo')]).toEqual(['Yes', 'Yes', 'Yes', 'Yes', 'No']);
      expect(byId[id('Nan')]).toEqual(['No', 'No', 'No', '', 'Yes']);
      expect(byId[id('Unk')]).toEqual(['Unknown', '', '', '', '']);
      // The columns sit after Employment_Status, as in DHSC's release 2 tables.
      const at = cldFields.indexOf('Employment_Status');
      expect(cldFields.slice(at + 1, at + 6)).toEqual(flags);
    } finally {
      await t.db.pool.query('delete from contacts where person_id = any($1::uuid[])', [rows.map((r) => r.id)]);
      await t.db.pool.query('delete from people where id = any($1::uuid[])', [rows.map((r) => r.id)]);
    }
  });

  it('quotes a value holding a comma, a quote or a line break, as the CSV standard asks', async () => {
    const { rows } = await t.db.pool.query<{ id: string }>(
      `insert into people (given_name, family_name, council_person_id, postcode, gp_practice_code, date_of_birth, gender, ethnicity)
       values ('Ivy', 'Quote', 'SC-7,"B"', E'SY1\n1AA', 'M8,2', '1930-05-06', ' Woman ', 'z') returning id`,
    );
    const contact = await t.db.pool.query<{ id: string }>(
      `insert into contacts (person_id, occurred_at, channel, made_by, route_of_access, source, created_by_type, outcome, resolved_at)
       values ($1, '2019-03-04 10:00Z', 'phone', 'self', 'prison', 'console', 'user', 'no_further_action', '2019-03-04 10:30Z')
       returning id`,
      [rows[0]!.id],
    );
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2019-03-01&to=2019-03-31',
      headers: council,
    });
    expect(res.statusCode).toBe(200);
    const record: Record<string, string> = {
      ...Object.fromEntries(cldFields.map((f) => [f, ''])),
      LA_Code: '893',
      Reporting_Period_Start_Date: '2019-03-01',
      Reporting_Period_End_Date: '2019-03-31',
      LA_Person_Unique_Identifier: 'SC-7,"B"',
      GP_Practice_Code: 'M8,2',
      Gender: 'Female',
      Ethnicity: 'No data: Refused',
      Date_of_Birth: '1930-05-06',
      Postcode: 'SY1\n1AA',
      Client_Type: 'Service user',
      Primary_Support_Reason: 'Unknown',
      Accommodation_Status: 'Unknown',
      Employment_Status: 'Unknown',
      Has_Unpaid_Carer: 'Unknown',
      Event_Type: 'Request',
      Event_Reference: `REQ-${contact.rows[0]!.id}`,
      Event_Description: 'Contact at the front door',
      Event_Start_Date: '2019-03-04',
      Event_End_Date: '2019-03-04',
      Event_Outcome: 'NFA: Other',
      Request_Route_of_Access: 'Prison',
    };
    expect(res.body).toBe(
      `${cldFields.join(',')}\n` +
        '893,2019-03-01,2019-03-31,"SC-7,""B""",,"M8,2",Female,No data: Refused,1930-05-06,,"SY1\n1AA",Service user,Unknown,Unknown,Unknown,Unknown,,,,,' +
        `Request,${record.Event_Reference},Contact at the front door,2019-03-04,2019-03-04,NFA: Other,Prison,,,,,,,,,,,,,,,\n`,
    );
    // Byte for byte what csv-stringify writes for the same record.
    expect(res.body).toBe(stringify([[...cldFields], cldFields.map((f) => record[f]!)]));
    // Ivy is no one else's business in this file.
    await t.db.pool.query('delete from contacts where person_id = $1', [rows[0]!.id]);
    await t.db.pool.query('delete from people where id = $1', [rows[0]!.id]);
  });

  it('writes a carer’s assessment and budget as an unpaid carer’s rows, linked to the adult they care for', async () => {
    const { P2 } = s.people;
    const { rows: found } = await t.db.pool.query<{ id: string; person_id: string; budget_id: string }>(
      `select d.id, d.person_id, b.id as budget_id from eligibility_determinations d
         join personal_budgets b on b.determination_id = d.id and b.status = 'signed_off' limit 1`,
    );
    expect(found).toHaveLength(1);
    const { id, person_id: carer, budget_id: budget } = found[0]!;
    await t.db.pool.query(
      `update eligibility_determinations set kind = 'carer', cared_for_person_id = $2 where id = $1`,
      [id, P2],
    );
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/returns/client-level-data?from=2016-06-07&to=2026-06-07',
        headers: council,
      });
      const rows = parseCsv(res.body);
      const service = rows.find((r) => r.Event_Reference!.startsWith(`LTS-${budget}`))!;
      expect(service).toMatchObject({
        Client_Type: 'Unpaid carer',
        Service_Type: 'Unpaid carer support: Direct to unpaid carer',
        No_of_adults_being_cared_for: '1',
        Adult_1_Linked_Person_ID: P2,
        Adult_2_Linked_Person_ID: '',
      });
      // Everyone else's rows stay a service user's, with no one linked.
      const others = rows.filter((r) => r.Client_Type === 'Service user');
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((r) => r.Adult_1_Linked_Person_ID === '' && r.No_of_adults_being_cared_for === '')).toBe(
        true,
      );
      expect(
        rows.filter((r) => r.Client_Type === 'Unpaid carer').every((r) => r.LA_Person_Unique_Identifier !== P2),
      ).toBe(true);
      expect(carer).not.toBe(P2);
    } finally {
      await t.db.pool.query(
        `update eligibility_determinations set kind = 'adult', cared_for_person_id = null where id = $1`,
        [id],
      );
    }
  });

  it('writes an unpaid carer with no carer’s event of their own as a carer known by association: person and linked adults, no event (conformance)', async () => {
    const url = '/v1/returns/client-level-data?from=2026-06-01&to=2026-06-07';
    const before = parseCsv((await t.app.inject({ method: 'GET', url, headers: council })).body);
    // The adults the return carries for an assessment, a service or a review in the period.
    const supported = [
      ...new Set(before.filter((r) => r.Event_Type !== 'Request').map((r) => r.LA_Person_Unique_Identifier!)),
    ].sort();
    expect(supported.length).toBeGreaterThanOrEqual(2);
    const idOf = async (laId: string) =>
      (
        await t.db.pool.query<{ id: string }>(
          `select id from people where coalesce(council_person_id, id::text) = $1`,
          [laId],
        )
      ).rows[0]!.id;
    const [first, second] = [await idOf(supported[0]!), await idOf(supported[1]!)];
    const { rows: made } = await t.db.pool.query<{ id: string }>(
      `insert into people (given_name, family_name, date_of_birth, gender, ethnicity, has_unpaid_carer)
       values ('Cara', 'Byassociation', '1958-03-03', 'female', 'A1', false),
              ('Colin', 'Ended', '1955-05-05', 'male', 'A1', false),
              ('Carl', 'Nobodysupported', '1957-07-07', 'male', 'A1', false)
       returning id`,
    );
    const [cara, colin, carl] = made.map((r) => r.id) as [string, string, string];
    const { rows: idle } = await t.db.pool.query<{ id: string }>(
      `insert into people (given_name, family_name, date_of_birth) values ('Ida', 'Idle', '1930-01-01') returning id`,
    );
    const relate = (carer: string, cared: string, main: boolean, created: string, ended: string | null) =>
      t.db.pool.query(
        `with pair as (select gen_random_uuid() as id)
         insert into relationships (pair_id, person_id, related_person_id, type, is_main_carer, created_at, ended_at)
         select pair.id, $1::uuid, $2::uuid, 'unpaid_carer_of', $3::boolean, $4::timestamptz, $5::timestamptz from pair
         union all select pair.id, $2::uuid, $1::uuid, 'cared_for_by', $3::boolean, $4::timestamptz, $5::timestamptz from pair`,
        [carer, cared, main, created, ended],
      );
    try {
      // Cara cares for both supported adults, the second as their main carer.
      await relate(cara, first, false, '2025-01-01T00:00:00Z', null);
      await relate(cara, second, true, '2025-02-01T00:00:00Z', null);
      // Colin stopped caring before the period; Carl cares for someone with no event in it.
      await relate(colin, first, true, '2024-01-01T00:00:00Z', '2026-05-01T00:00:00Z');
      await relate(carl, idle[0]!.id, true, '2025-01-01T00:00:00Z', null);
      const rows = parseCsv((await t.app.inject({ method: 'GET', url, headers: council })).body);
      const associated = rows.filter((r) => r.Client_Type === 'Unpaid carer known by association');
      expect(associated.map((r) => r.LA_Person_Unique_Identifier)).toEqual([cara]);
      const row = associated[0]!;
      expect(row).toMatchObject({
        LA_Code: '893',
        Reporting_Period_Start_Date: '2026-06-01',
        Reporting_Period_End_Date: '2026-06-07',
        Gender: 'Female',
        Ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British',
        Date_of_Birth: '1958-03-03',
        Has_Unpaid_Carer: 'No',
        No_of_adults_being_cared_for: '2',
        // The main carer's adult first, then by when the caring began.
        Adult_1_Linked_Person_ID: supported[1],
        Adult_2_Linked_Person_ID: supported[0],
        Adult_3_Linked_Person_ID: '',
      });
      // "Not contain any event details": every event column is empty.
      for (const field of cldFields.slice(cldFields.indexOf('Event_Type')))
        if (!field.startsWith('Adult_') && field !== 'No_of_adults_being_cared_for') expect(row[field], field).toBe('');
      for (const [field, list] of Object.entries(cldLists))
        if (row[field] !== '') expect(list as readonly string[], field).toContain(row[field]);
      // Everyone else's rows are as before.
      expect(rows.length).toBe(before.length + 1);

      // A carer's own carer's budget makes them an unpaid carer with events, not one by association.
      const { rows: own } = await t.db.pool.query<{ id: string; person_id: string }>(
        `select d.id, d.person_id from eligibility_determinations d
           join personal_budgets b on b.determination_id = d.id and b.status = 'signed_off'
          limit 1`,
      );
      const carer = own[0]!.person_id;
      const caredFor = carer === first ? second : first;
      await t.db.pool.query(
        `update eligibility_determinations set kind = 'carer', cared_for_person_id = $2 where id = $1`,
        [own[0]!.id, caredFor],
      );
      await relate(carer, caredFor, false, '2025-01-01T00:00:00Z', null);
      try {
        const again = parseCsv((await t.app.inject({ method: 'GET', url, headers: council })).body);
        expect(
          again
            .filter((r) => r.Client_Type === 'Unpaid carer known by association')
            .map((r) => r.LA_Person_Unique_Identifier),
        ).toEqual([cara]);
      } finally {
        await t.db.pool.query(
          `update eligibility_determinations set kind = 'adult', cared_for_person_id = null where id = $1`,
          [own[0]!.id],
        );
      }
    } finally {
      const everyone = [cara, colin, carl, idle[0]!.id];
      await t.db.pool.query(`delete from relationships where person_id = any($1) or related_person_id = any($1)`, [
        everyone,
      ]);
      await t.db.pool.query(`delete from relationships where type in ('unpaid_carer_of', 'cared_for_by')`);
      await t.db.pool.query(`delete from people where id = any($1)`, [everyone]);
    }
  });

  it('is for the council client with returns:read and practice administrators only', async () => {
    const url = '/v1/returns/client-level-data?from=2026-06-01&to=2026-06-07';
    expect((await t.app.inject({ method: 'GET', url, headers: admin.headers })).statusCode).toBe(200);
    const practitioner = await signInAs(t.app, t.db, { roles: ['social_worker'] });
    expect((await t.app.inject({ method: 'GET', url, headers: practitioner.headers })).statusCode).toBe(403);
    const other = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    const { headers } = await tokenFor(t.app, other);
    expect((await t.app.inject({ method: 'GET', url, headers })).statusCode).toBe(403);
  });

  it('refuses a backwards or malformed period with the field at fault', async () => {
    const backwards = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2026-06-07&to=2026-06-01',
      headers: council,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'validation_failed', errors: [{ in: 'query', field: 'to' }] });
    const bad = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=June&to=2026-06-01',
      headers: council,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('covers up to ten years (3,653 days), a full history backfill, and refuses a longer period', async () => {
    const ten = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2016-06-07&to=2026-06-07',
      headers: council,
    });
    expect(ten.statusCode).toBe(200);
    expect(ten.body.split('\n')[0]).toBe(cldFields.join(','));
    const longer = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2016-06-06&to=2026-06-07',
      headers: council,
    });
    expect(longer.statusCode).toBe(400);
    expect(longer.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ in: 'query', field: 'to', message: expect.stringContaining('3653 days') }],
    });
  });
});

describe('the Safeguarding Adults Collection for 2026-27', () => {
  // Concerns SC1–SC5 all fall in the year. Enquiries: E1 s42 (Ann, P3: female, born 1944, C1),
  // concluded 6 June with financial and psychological risk at home from someone she knows; E2
  // other, open; E3 other, ended at Tomasz's request on 1 May. (Every table, cell by cell from
  // the lists: test/returns/safeguarding-adults.test.ts.)
  const cells: [string, string, string, string | null, number][] = [
    ['SG1f', 'Safeguarding Concerns', 'Total Number of Safeguarding Concerns', null, 5],
    ['SG1f', 'Section 42 Enquiries', 'Total Number of Section 42 Safeguarding Enquiries', null, 1],
    ['SG1f', 'Other Enquiries', 'Total Number of Other Safeguarding Enquiries', null, 2],
    ['SG1a', 'Section 42 Enquiries', '75-84', null, 1],
    ['SG1b', 'Section 42 Enquiries', 'Female', null, 1],
    ['SG1c', 'Section 42 Enquiries', 'Asian / Asian British', null, 1],
    ['SG1d', 'Section 42 Enquiries', 'Not Known', null, 1],
    ['SG2a', 'Concluded Section 42 Enquiries', 'Financial or Material Abuse', 'Other - Known to individual', 1],
    ['SG2a', 'Concluded Section 42 Enquiries', 'Psychological Abuse', 'Other - Known to individual', 1],
    ['SG2b', 'Concluded Section 42 Enquiries', 'Own Home', 'Other - Known to individual', 1],
    ['SG2c', 'Concluded Section 42 Enquiries', 'Risk identified and action taken', null, 1],
    ['SG2e', 'Concluded Section 42 Enquiries', 'Risk reduced', null, 1],
    ['SG3a', 'Concluded Section 42 Enquiries', 'Not recorded', null, 1],
    ['SG4a', 'Concluded Section 42 Enquiries', 'Yes they were asked and outcomes were expressed', null, 1],
    ['SG4a', 'Concluded Section 42 Enquiries', 'Partially Achieved', null, 1],
  ];

  it('counts the year’s concerns and enquiries in the collection’s tables (hand-computed)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/safeguarding-adults?year=2026',
      headers: council,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ laCode: '893', year: '2026-27', from: '2026-04-01', to: '2027-03-31' });
    const rows: { table: string; measure: string; category: string; subcategory: string | null; value: number }[] =
      body.rows;
    for (const [table, measure, category, subcategory, value] of cells)
      expect(
        rows.find(
          (r) => r.table === table && r.measure === measure && r.category === category && r.subcategory === subcategory,
        )?.value,
        `${table} ${category} ${subcategory}`,
      ).toBe(value);
    // Nothing else counted in the section 42 tables: the other enquiries are not in them.
    const s42Total = rows
      .filter((r) => ['SG2a', 'SG2b', 'SG2c', 'SG2e', 'SG3a', 'SG4a'].includes(r.table))
      .reduce((n, r) => n + r.value, 0);
    expect(s42Total).toBe(8);
  });

  it('counts nothing in a year with no safeguarding work, and refuses a year out of range', async () => {
    const empty = (
      await t.app.inject({ method: 'GET', url: '/v1/returns/safeguarding-adults?year=2024', headers: council })
    ).json();
    expect(empty.rows.every((r: { value: number }) => r.value === 0)).toBe(true);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/safeguarding-adults?year=1999',
      headers: council,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('year');
  });
});

describe('the data quality report', () => {
  it('lists the people whose records would fail the returns, with what is wrong and where to fix it', async () => {
    // Has_Unpaid_Carer is mandatory in release 2: recorded for all but P6 (yes or no alike).
    await t.db.pool.query(`update people set has_unpaid_carer = (id <> $1) where id = any($2::uuid[])`, [
      s.people.P1,
      [s.people.P1, s.people.P2, s.people.P3, s.people.P4, s.people.P5],
    ]);
    const res = await t.app.inject({ method: 'GET', url: '/v1/returns/data-quality', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // P1–P6 are known to the returns; Joan (P1) is complete.
    expect(body.population).toBe(6);
    expect(body.withIssues).toBe(5);
    expect(body.byField).toEqual([
      { field: 'nhsNumber', missing: 1, invalid: 0 },
      { field: 'ethnicity', missing: 1, invalid: 1 },
      { field: 'gender', missing: 1, invalid: 1 },
      { field: 'dateOfBirth', missing: 1, invalid: 0 },
      { field: 'postcode', missing: 1, invalid: 1 },
      { field: 'primarySupportReason', missing: 1, invalid: 0 },
      { field: 'hasUnpaidCarer', missing: 1, invalid: 0 },
    ]);
    const { P2, P3, P4, P5, P6 } = s.people;
    const issues = (list: { field: string; problem: string }[]) => list.map((i) => `${i.field}:${i.problem}`);
    const byPerson = Object.fromEntries(
      body.items.map((i: { personId: string; issues: { field: string; problem: string }[] }) => [
        i.personId,
        issues(i.issues),
      ]),
    );
    expect(byPerson).toEqual({
      [P2]: ['ethnicity:missing'],
      [P3]: ['nhsNumber:missing', 'postcode:missing'],
      [P4]: ['primarySupportReason:missing'], // has a signed-off budget
      [P5]: ['gender:missing'],
      [P6]: [
        'ethnicity:invalid',
        'gender:invalid',
        'dateOfBirth:missing',
        'postcode:invalid',
        'hasUnpaidCarer:missing',
      ],
    });
    const p6 = body.items.find((i: { personId: string }) => i.personId === P6);
    expect(p6.issues.at(-1)).toMatchObject({
      message: 'Whether they have an unpaid carer is not recorded: the return says “Unknown”.',
      href: `/people/${P6}?fix=hasUnpaidCarer`,
    });
    const p3 = body.items.find((i: { personId: string }) => i.personId === P3);
    expect(p3).toMatchObject({ name: 'Ann Pritchard', link: `/people/${P3}` });
    expect(p3.issues[0].message).toBe('No NHS number: the council cannot link the record.');
    // Each problem links to the field that puts it right on the person's page.
    expect(p3.issues.map((i: { href: string }) => i.href)).toEqual([
      `/people/${P3}?fix=nhsNumber`,
      `/people/${P3}?fix=postcode`,
    ]);
    const audited = await t.db.pool.query(
      `select count(*)::int as n from audit_events where action = 'returns.data_quality.read' and person_id = $1`,
      [P3],
    );
    expect(audited.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('offers the person’s page the national lists for the coded fields, one choice per national value', async () => {
    const practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/person-code-lists',
      headers: practitioner.headers,
    });
    expect(res.statusCode).toBe(200);
    const lists = res.json();
    const labels = (field: string) => lists[field].map((c: { label: string }) => c.label);
    expect(labels('gender')).toEqual([...cldLists.Gender]);
    expect(new Set(labels('ethnicity'))).toEqual(new Set(cldLists.Ethnicity));
    expect(labels('accommodationStatus')).toEqual([...cldLists.Accommodation_Status]);
    expect(labels('employmentStatus')).toEqual([...cldLists.Employment_Status]);
    for (const label of labels('primarySupportReason')) expect(cldLists.Primary_Support_Reason).toContain(label);
    expect(lists.ethnicity).toContainEqual({ value: 'A5', label: 'White: Roma' });
    // Autism as SAC SG1e splits it, and none.
    expect(lists.autism.map((c: { value: string }) => c.value)).toEqual(['autism', 'aspergers', 'none']);
  });

  it('pages with a keyset cursor and refuses a forged one', async () => {
    const first = (
      await t.app.inject({ method: 'GET', url: '/v1/returns/data-quality?limit=3', headers: admin.headers })
    ).json();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/returns/data-quality?limit=3&cursor=${first.nextCursor}`,
        headers: admin.headers,
      })
    ).json();
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i: { personId: string }) => i.personId);
    expect(new Set(ids).size).toBe(5);
    const forged = await t.app.inject({
      method: 'GET',
      url: `/v1/returns/data-quality?cursor=${Buffer.from('["nope"]').toString('base64url')}`,
      headers: admin.headers,
    });
    expect(forged.statusCode).toBe(400);
  });
});
