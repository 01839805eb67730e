import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type pg from 'pg';
import {
  cldDeliveryMechanism,
  cldFields,
  cldRequestOutcome,
  cldReviewOutcomesAchieved,
  cldReviewReason,
  cldRouteOfAccess,
  conversationNames,
  ethnicityCode,
  genderCode,
  primarySupportReasonCode,
} from './code-lists.js';

/** Rows fetched from the server-side cursor at a time: memory stays flat however long the return. */
export const CLD_FETCH_ROWS = 5_000;

const ENG = (column: string) => `to_char((${column} at time zone 'Europe/London')::date, 'YYYY-MM-DD')`;

/**
 * Every event of the period, one row each, with the person's fields. The events follow the CLD
 * guidance: requests whose outcome was recorded in the period; assessments (every conversation is
 * a proportionate assessment: long-term when it carries an eligibility determination, short-term
 * otherwise) concluded in the period; services running at some point in the period (conversation
 * 2's intensive plans as short-term support, signed-off personal budgets as long-term support);
 * reviews completed in the period. No ORDER BY: the rows stream as the planner finds them, so a
 * ten-million-row return needs no sort.
 */
export function cldQuery(from: string, to: string): string {
  // Both dates are checked YYYY-MM-DD strings before they get here; literals keep DECLARE simple.
  const start = `(('${from}'::date)::timestamp at time zone 'Europe/London')`;
  const end = `((('${to}'::date) + 1)::timestamp at time zone 'Europe/London')`;
  return `
    select e.*, p.id as person_id, p.council_person_id, p.nhs_number, p.gp_practice_code, p.gender, p.ethnicity,
           p.date_of_birth, p.date_of_death, p.postcode, p.primary_support_reason, p.accommodation_status, p.employment_status
      from (
        select 'Request' as event_type, c.id as ref, c.person_id as pid, ${ENG('c.occurred_at')} as start_date,
               ${ENG('coalesce(c.resolved_at, c.occurred_at)')} as end_date, c.outcome, c.route_of_access as route,
               null::int as kind, null::boolean as long_term, null::boolean as eligible, null::boolean as resolved,
               null::text as service, null::text as mechanism, null::int as weekly_pence,
               null::text as review_kind, null::text as review_outcome, null::int as before_pence, null::int as after_pence
          from contacts c
         where c.person_id is not null and c.outcome is not null
           and coalesce(c.resolved_at, c.occurred_at) >= ${start} and coalesce(c.resolved_at, c.occurred_at) < ${end}
        union all
        select 'Assessment', v.id, st.person_id, ${ENG('v.started_at')}, ${ENG('v.concluded_at')}, null, null,
               v.kind, d.eligible is not null, d.eligible, v.resolved, null, null, null, null, null, null, null
          from conversations v
          join stories st on st.id = v.story_id
          left join lateral (
            select ed.eligible from eligibility_determinations ed
             where ed.conversation_id = v.id order by ed.decided_at desc limit 1) d on true
         where v.concluded_at >= ${start} and v.concluded_at < ${end}
        union all
        select 'Service', ip.conversation_id, st.person_id, to_char(ip.starts_on, 'YYYY-MM-DD'), to_char(ip.ends_on, 'YYYY-MM-DD'),
               null, null, 2, false, null, null, 'short', null, null, null, null, null, null
          from intensive_plans ip
          join conversations v on v.id = ip.conversation_id
          join stories st on st.id = v.story_id
         where ip.starts_on <= '${to}'::date and ip.ends_on >= '${from}'::date
        union all
        select 'Service', b.id, b.person_id, to_char(coalesce(b.live_on, (b.signed_off_at at time zone 'Europe/London')::date), 'YYYY-MM-DD'),
               null, null, null, null, true, null, null, 'long', b.management->>'method', b.agreed_weekly_pence, null, null, null, null
          from personal_budgets b
         where b.status = 'signed_off' and coalesce(b.live_on, (b.signed_off_at at time zone 'Europe/London')::date) <= '${to}'::date
        union all
        select 'Review', r.id, r.person_id, to_char(least(r.due_from, r.completed_on), 'YYYY-MM-DD'), to_char(r.completed_on, 'YYYY-MM-DD'),
               null, null, null, null, null, null, null, null, null, r.kind, r.outcome, r.weekly_before_pence, r.weekly_after_pence
          from reviews r
         where r.status = 'completed' and r.completed_on between '${from}'::date and '${to}'::date
      ) e
      join people p on p.id = e.pid`;
}

export interface CldRow {
  event_type: 'Request' | 'Assessment' | 'Service' | 'Review';
  ref: string;
  start_date: string;
  end_date: string | null;
  outcome: string | null;
  route: string | null;
  kind: number | null;
  long_term: boolean | null;
  eligible: boolean | null;
  resolved: boolean | null;
  service: 'short' | 'long' | null;
  mechanism: string | null;
  weekly_pence: number | null;
  review_kind: string | null;
  review_outcome: string | null;
  before_pence: number | null;
  after_pence: number | null;
  person_id: string;
  council_person_id: string | null;
  nhs_number: string | null;
  gp_practice_code: string | null;
  gender: string | null;
  ethnicity: string | null;
  date_of_birth: string | null;
  date_of_death: string | null;
  postcode: string | null;
  primary_support_reason: string | null;
  accommodation_status: string | null;
  employment_status: string | null;
}

const pounds = (pence: number | null) => (pence === null ? '' : (pence / 100).toFixed(2));

function eventOutcome(r: CldRow, to: string): string {
  switch (r.event_type) {
    case 'Request':
      return cldRequestOutcome[r.outcome ?? ''] ?? 'NFA - Other';
    case 'Assessment':
      if (r.eligible === true) return 'Progress to Support Planning / Services';
      if (r.eligible === false) return 'NFA - Other';
      return r.resolved ? 'NFA - Information & Advice / Signposting only' : 'Progress to Assessment';
    case 'Service':
      return r.end_date !== null && r.end_date <= to ? 'Service ended as planned' : 'Provision of service';
    case 'Review':
      return (r.after_pence ?? 0) > (r.before_pence ?? 0)
        ? 'Progress to Support Planning / Services'
        : 'No change in package';
  }
}

/** One database row as the return's record, in `cldFields` order. */
export function cldRecord(r: CldRow, period: { laCode: string; from: string; to: string }): string[] {
  const long = r.service === 'long';
  const record: Record<(typeof cldFields)[number], string> = {
    LA_Code: period.laCode,
    Reporting_Period_Start_Date: period.from,
    Reporting_Period_End_Date: period.to,
    LA_Person_Unique_Identifier: r.council_person_id ?? r.person_id,
    NHS_Number: r.nhs_number ?? '',
    GP_Practice_Code: r.gp_practice_code ?? '',
    Gender: genderCode(r.gender),
    Ethnicity: ethnicityCode(r.ethnicity),
    Date_of_Birth: r.date_of_birth ?? '',
    Date_of_Death: r.date_of_death ?? '',
    Postcode: r.postcode ?? '',
    Client_Type: 'Service User',
    Primary_Support_Reason: primarySupportReasonCode(r.primary_support_reason),
    Accommodation_Status: r.accommodation_status ?? '',
    Employment_Status: r.employment_status ?? '',
    Event_Type: r.event_type,
    Event_Reference: r.ref,
    Event_Description:
      r.event_type === 'Assessment'
        ? (conversationNames[r.kind ?? 0] ?? '')
        : r.event_type === 'Service'
          ? long
            ? 'Personal budget and support plan'
            : 'Conversation 2 intensive support plan'
          : r.event_type === 'Request'
            ? 'Contact at the front door'
            : 'Support plan review',
    Event_Start_Date: r.start_date,
    Event_End_Date: r.end_date ?? '',
    Event_Outcome: eventOutcome(r, period.to),
    Request_Route_of_Access:
      r.event_type === 'Request' ? (cldRouteOfAccess[r.route ?? ''] ?? 'Community / Other route') : '',
    Assessment_Type:
      r.event_type === 'Assessment' ? (r.long_term ? 'Long Term Assessment' : 'Short Term Assessment') : '',
    Eligible_Needs_Identified: r.event_type === 'Assessment' && r.long_term ? (r.eligible ? 'Yes' : 'No') : '',
    Method_of_Assessment: r.event_type === 'Assessment' ? 'Face to Face Assessment' : '',
    Service_Type:
      r.event_type === 'Service'
        ? long
          ? 'Long Term Support: Community'
          : 'Short Term Support: Other Short Term Support'
        : '',
    Service_Component: r.event_type === 'Service' ? (long ? 'Personal Budget' : 'Intensive Support Plan') : '',
    Delivery_Mechanism: long ? (cldDeliveryMechanism[r.mechanism ?? ''] ?? '') : '',
    Unit_Cost: long ? pounds(r.weekly_pence) : '',
    Cost_Frequency_Unit_Type: long ? 'Weekly' : '',
    Planned_Units_Per_Week: long ? '1' : '',
    Review_Reason: r.event_type === 'Review' ? (cldReviewReason[r.review_kind ?? ''] ?? '') : '',
    Review_Outcomes_Achieved:
      r.event_type === 'Review' ? (cldReviewOutcomesAchieved[r.review_outcome ?? ''] ?? '') : '',
  };
  return cldFields.map((f) => record[f]);
}

/**
 * The return as CSV text chunks, read through a server-side cursor in a read-only snapshot. The
 * stream is pulled: the next batch is fetched only when the previous one has been written to the
 * socket, so a slow reader slows the query instead of filling memory. Destroying the stream (the
 * caller hung up) ends the transaction and hands the connection back.
 */
export function clientLevelDataCsv(
  pool: pg.Pool,
  period: { laCode: string; from: string; to: string },
  fetchRows = CLD_FETCH_ROWS,
): Readable {
  async function* chunks(): AsyncGenerator<string> {
    const client = await pool.connect();
    let open = false;
    try {
      await client.query('begin isolation level repeatable read read only');
      open = true;
      await client.query(`declare cld no scroll cursor for ${cldQuery(period.from, period.to)}`);
      yield stringify([[...cldFields]]);
      for (;;) {
        const { rows } = await client.query<CldRow>(`fetch forward ${fetchRows} from cld`);
        if (rows.length === 0) break;
        yield stringify(rows.map((r) => cldRecord(r, period)));
      }
      await client.query('commit');
      open = false;
    } finally {
      if (open) await client.query('rollback').catch(() => {});
      client.release();
    }
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
}
