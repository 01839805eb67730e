import { organisations, people } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../src/cli/seed.js';
import { seedActivity } from '../../src/cli/seed-activity.js';
import { cldDateFields, cldFields, cldLists, type CodedField } from '../../src/modules/returns/code-lists.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';
import { parseCsv } from './csv.js';

/**
 * `pnpm seed`'s data, at a small size (150 people, 90 days ending 30 June 2026), must give returns
 * with no findings: every coded Client Level Data value on its release 2 list, every date as the
 * guidance writes it, unique event references, nobody on the data-quality report, and a
 * Safeguarding Adults Collection whose tables agree with each other.
 */
let t: TestApp;
let admin: SignedIn;
let council: Record<string, string>;
const TODAY = new Date('2026-06-30T12:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ now: () => TODAY });
  const data = demoData({ seed: 1, people: 150, organisations: 10 });
  await t.db.db.insert(organisations).values(data.organisations);
  await t.db.db.insert(people).values(data.people);
  await seedActivity(t.db.db, {
    seed: 1,
    days: 90,
    contactsPerDay: 10,
    personIds: data.people.filter((p) => !p.restricted).map((p) => p.id),
    today: TODAY,
  });
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  council = (await tokenFor(t.app, await createMachineClient(t.db, { kind: 'council', scopes: ['returns:read'] })))
    .headers;
}, 600_000);
afterAll(() => t.close());

describe('the seeded practice’s returns', () => {
  it('Client Level Data: every coded value on its list, dates as the guidance writes them, references unique', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/client-level-data?from=2026-05-01&to=2026-06-30',
      headers: council,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.split('\n')[0]).toBe(cldFields.join(','));
    const rows = parseCsv(res.body);
    expect(rows.length).toBeGreaterThan(50);
    const findings: string[] = [];
    rows.forEach((row, i) => {
      for (const [field, list] of Object.entries(cldLists) as [CodedField, readonly string[]][]) {
        const value = row[field] ?? '';
        if (value !== '' && !list.includes(value)) findings.push(`row ${i + 2} ${field}: ${value}`);
      }
      for (const field of cldDateFields) {
        const value = row[field] ?? '';
        if (value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) findings.push(`row ${i + 2} ${field}: ${value}`);
      }
      // A carer known by association's row has no event ([DHSC-DQ]: every Event_* field is not
      // applicable) but names the adult cared for; every other row has its event.
      const byAssociation = row.Client_Type === 'Unpaid carer known by association';
      for (const field of [
        'Gender',
        'Ethnicity',
        'Primary_Support_Reason',
        'Accommodation_Status',
        'Client_Type',
        'Has_Unpaid_Carer',
        ...(byAssociation
          ? ['No_of_adults_being_cared_for', 'Adult_1_Linked_Person_ID']
          : ['Event_Type', 'Event_Reference']),
      ])
        if (!row[field]) findings.push(`row ${i + 2} ${field} is empty`);
      if (byAssociation)
        for (const field of ['Event_Type', 'Event_Reference', 'Event_Start_Date', 'Event_End_Date', 'Event_Outcome'])
          if (row[field]) findings.push(`row ${i + 2} ${field} on a carer known by association`);
    });
    expect(findings).toEqual([]);
    // The seed's unpaid carers, each the carer of an adult with a budget and with no story of their own.
    expect(rows.filter((r) => r.Client_Type === 'Unpaid carer known by association').length).toBeGreaterThan(0);
    const references = rows.map((r) => r.Event_Reference).filter((ref) => ref !== '');
    expect(new Set(references).size).toBe(references.length);
  });

  it('nobody on the data-quality report', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/returns/data-quality', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.population).toBeGreaterThan(20);
    expect(report.items.flatMap((i: { issues: { field: string }[] }) => i.issues.map((x) => x.field))).toEqual([]);
    expect(report.withIssues).toBe(0);
  });

  it('the Safeguarding Adults Collection’s tables agree with each other', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/safeguarding-adults?year=2026',
      headers: council,
    });
    expect(res.statusCode).toBe(200);
    type Row = { table: string; measure: string; category: string; subcategory: string | null; value: number };
    const rows: Row[] = res.json().rows;
    const sum = (table: string, measure: string, only?: readonly string[]) =>
      rows
        .filter((r) => r.table === table && r.measure === measure && (!only || only.includes(r.category)))
        .reduce((n, r) => n + r.value, 0);
    const previous = await t.app.inject({
      method: 'GET',
      url: '/v1/returns/safeguarding-adults?year=2025',
      headers: council,
    });
    const all = [...rows, ...(previous.json().rows as Row[])];
    expect(all.some((r) => r.table === 'SG1f' && r.value > 0)).toBe(true);
    for (const measure of ['Safeguarding Concerns', 'Section 42 Enquiries', 'Other Enquiries']) {
      // Each individual once in each of SG1a–SG1d.
      const individuals = sum('SG1a', measure);
      for (const table of ['SG1b', 'SG1c', 'SG1d'])
        expect(sum(table, measure), `${table} ${measure}`).toBe(individuals);
      // SG1e counts only those with autism: some of them, never more.
      expect(sum('SG1e', measure)).toBeLessThanOrEqual(individuals);
    }
    // Every concluded section 42 enquiry once in SG2c, SG3a and the first part of SG4a.
    const concluded = sum('SG2c', 'Concluded Section 42 Enquiries');
    expect(sum('SG1f', 'Safeguarding Concerns')).toBeGreaterThan(0);
    expect(concluded).toBeGreaterThan(0);
    expect(
      sum('SG3a', 'Concluded Section 42 Enquiries', [
        'Yes, they lacked capacity',
        'No, they did not lack capacity',
        "Don't know",
        'Not recorded',
      ]),
    ).toBe(concluded);
    expect(
      sum('SG4a', 'Concluded Section 42 Enquiries', [
        'Yes they were asked and outcomes were expressed',
        'Yes they were asked but no outcomes were expressed',
        'No',
        "Don't Know",
        'Not Recorded',
      ]),
    ).toBe(concluded);
    // Achieved is asked only of those who expressed outcomes.
    expect(
      sum('SG4a', 'Concluded Section 42 Enquiries', ['Fully Achieved', 'Partially Achieved', 'Not Achieved']),
    ).toBeLessThanOrEqual(
      sum('SG4a', 'Concluded Section 42 Enquiries', ['Yes they were asked and outcomes were expressed']),
    );
  });
});
