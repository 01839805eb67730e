/**
 * The safeguarding lead's queue at volume. Seeds (once, into `threefold_bench_safeguarding`, kept
 * between runs) 50,000 people and 200,000 concerns over two years — nearly all decided (a third to
 * an enquiry, with the enquiry; the rest to no enquiry), a few hundred of the last fortnight still
 * awaiting the section 42 decision — starts the real API on 127.0.0.1 with audit on, and times
 * `GET /v1/safeguarding/concerns` as a signed-in safeguarding lead: the queue awaiting a decision,
 * its overdue part, each decided status, and decided statuses paged deep with the cursor.
 *
 *   pnpm bench:safeguarding [-- --concerns 200000 --requests 40]
 *
 * Uses BENCH_DATABASE_URL, else DATABASE_URL (a server it may create a database on).
 */
import { parseArgs } from 'node:util';
import { signInAs } from '../services/api/test/support/auth.js';
import { benchDatabase, n, percentile, pg, startBenchApi } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    concerns: { type: 'string', default: '200000' },
    requests: { type: 'string', default: '40' },
  },
});
const CONCERNS = Number(values.concerns);
const REQUESTS = Number(values.requests);
const AWAITING = 400;

async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const have = (await client.query<{ n: number }>('select count(*)::int as n from safeguarding_concerns')).rows[0]!.n;
  if (have < CONCERNS) {
    console.log('seeding…');
    const t0 = Date.now();
    await client.query(`set synchronous_commit = off`);
    await client.query(
      `insert into people (given_name, family_name, date_of_birth)
       select (array['Joan','Mary','Ann','Robert','John','Aisha','Priya','Edith','Frank','Tomasz'])[1 + g % 10],
              (array['Talbot','Corbett','Pritchard','Lloyd','Hammond','Nowak','Khan','Bowen'])[1 + (g * 7) % 8],
              date '1930-01-01' + (g % 25000)
         from generate_series(1, 50000) g`,
    );
    const h = `abs(hashtext(g::text))`;
    // Decided concerns over two years, then the ones still awaiting a decision (the last fortnight).
    await client.query(`insert into staff_users (email, display_name, password_hash, roles)
                        values ('safeguarding.bench@practice.example', 'Safeguarding bench', 'not-a-login', '{safeguarding_lead}')
                        on conflict do nothing`);
    const lead = `(select id from staff_users where email = 'safeguarding.bench@practice.example')`;
    // Decided concerns over two years (each decision whole: the three criteria, route, rationale,
    // who and when), then the ones still awaiting a decision (the last fortnight).
    const awaiting = `g > ${CONCERNS - AWAITING}`;
    const s42 = `${h} % 3 = 0`;
    await client.query(
      `insert into safeguarding_concerns (person_id, summary, status, raised_by_type, raised_at, decided_at, decided_by_id,
                                          has_care_and_support_needs, experiencing_or_at_risk_of_abuse_or_neglect,
                                          unable_to_protect_themselves, decision_route, decision_rationale, no_enquiry_reason)
       select p.id, 'Bruising noticed at a visit',
              case when ${awaiting} then 'awaiting_decision' when ${s42} then 'enquiry' else 'no_enquiry' end, 'user', at.raised,
              case when ${awaiting} then null else at.raised + (${h} % 4) * interval '1 day' end,
              case when ${awaiting} then null else ${lead} end,
              case when ${awaiting} then null else true end,
              case when ${awaiting} then null else true end,
              case when ${awaiting} then null else ${s42} end,
              case when ${awaiting} then null when ${s42} then 's42_enquiry' else 'no_enquiry' end,
              case when ${awaiting} then null else 'Decided with the person and their daughter' end,
              case when ${awaiting} or ${s42} then null else 'She can protect herself and wants to' end
         from generate_series(${have + 1}, ${CONCERNS}) g
         join (select id, row_number() over (order by id) - 1 as rn from people) p on p.rn = g % 50000
         cross join lateral (select case when ${awaiting}
                                         then now() - (g % 14) * interval '1 day' - (g % 600) * interval '1 minute'
                                         else now() - interval '15 days' - (g::bigint * 104729 % (715 * 86400)) * interval '1 second'
                                    end as raised) at`,
    );
    await client.query(
      `insert into safeguarding_enquiries (concern_id, person_id, kind, opened_at, status, desired_outcomes_status)
       select sc.id, sc.person_id, 's42', sc.decided_at, 'open', 'asked_expressed'
         from safeguarding_concerns sc
        where sc.status = 'enquiry' and not exists (select 1 from safeguarding_enquiries e where e.concern_id = sc.id)`,
    );
    await client.query('vacuum analyze');
    console.log(`  ${n(CONCERNS - have)} concerns in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  await client.end();
}

async function main(): Promise<void> {
  const url = await benchDatabase('threefold_bench_safeguarding');
  await seed(url);
  const { app, db, base } = await startBenchApi(url, { pool: 10, logger: process.env.BENCH_LOG === '1' });
  const { headers } = await signInAs(app, db, { roles: ['safeguarding_lead'] });
  const counts = (
    await db.pool.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from safeguarding_concerns group by status order by status',
    )
  ).rows;
  console.log(
    `\nThreefold safeguarding queue benchmark — ${counts.map((c) => `${n(c.n)} ${c.status}`).join(', ')}; 50 a page, every listed concern audited`,
  );

  const get = async (query: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/v1/safeguarding/concerns${query}`, { headers });
    const body = (await res.json()) as { nextCursor: string | null };
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t0, next: body.nextCursor };
  };
  const all: number[] = [];
  const time = async (label: string, query: string, pages = 1) => {
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      let cursor: string | null = null;
      for (let page = 0; page < pages; page++) {
        const r = await get(`${query}${cursor ? `${query ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : ''}`);
        if (page === pages - 1 || !r.next) ms.push(r.ms);
        cursor = r.next;
        if (!cursor) break;
      }
    }
    ms.sort((a, b) => a - b);
    all.push(...ms);
    console.log(
      `  ${label.padEnd(44)} p50 ${percentile(ms, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(ms, 95).toFixed(1).padStart(6)} ms`,
    );
  };
  console.log('\nGET /v1/safeguarding/concerns');
  await time('awaiting a decision (the default)', '');
  await time('awaiting, overdue only', '?overdue=true');
  await time('decided: enquiry', '?status=enquiry');
  await time('decided: no enquiry', '?status=no_enquiry');
  await time('decided: no enquiry, the 20th page', '?status=no_enquiry', 20);
  all.sort((a, b) => a - b);
  console.log(`  every request: p95 ${percentile(all, 95).toFixed(1)} ms`);
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
