import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  cldAccommodation,
  cldBudgetComponent,
  cldConstants as K,
  cldDeliveryMechanism,
  cldEmployment,
  cldEthnicity,
  cldGender,
  cldOutcome,
  cldPrimarySupportReason,
  cldReferencePrefix as REF,
  cldRequestOutcome,
  cldReviewOutcomesAchieved,
  cldReviewReason,
  cldRouteOfAccess,
  cldUnplannedReviewReason,
  conversationNames,
  ETHNICITY_NOT_KNOWN,
  PSR_UNKNOWN,
} from './code-mappings.js';
import { cldFields, onList, type CldField, type cldEventTypeList, type CodedField } from './code-lists.js';

/**
 * Memory for the export's joins and sorts, in its own transaction only: enough for a hash of
 * every person the return names, so ten million events each find their person in memory rather
 * than through an index probe.
 */
export const CLD_WORK_MEM = '256MB';
/**
 * The export is one statement, however long the reader takes to download it; this caps it (and
 * so the snapshot it holds) instead of the API's usual per-statement limit.
 */
export const CLD_STATEMENT_TIMEOUT = '1h';

/**
 * The longest period the return may cover: ten years, for a full history backfill when a council
 * changes systems. Longer than the dashboard's limit, as a quarter's return is its usual use.
 */
export const CLD_MAX_PERIOD_DAYS = 3653;

const { escapeLiteral } = pg;
/** A value as SQL: a literal, or NULL for the empty string (so COPY writes an empty field, not `""`). */
const lit = (value: string) => (value === '' ? 'null' : escapeLiteral(value));

/** A value of `field`'s national list as SQL; anything off the list is a programming error, refused here. */
function on(field: CodedField, value: string): string {
  if (!onList(field, value)) throw new Error(`"${value}" is not on the ${field} list`);
  return lit(value);
}

/**
 * `case <expr> when <key> then <value> … else <otherwise> end` from one of the code-list tables,
 * every value (and the fallback, unless it is the empty field) checked against `field`'s list.
 */
function coded(
  field: CodedField,
  expression: string,
  table: Readonly<Record<string | number, string>>,
  otherwise = '',
): string {
  const whens = Object.entries(table)
    .map(([key, value]) => `when ${escapeLiteral(key)} then ${on(field, value)}`)
    .join(' ');
  return `case ${expression} ${whens} else ${otherwise === '' ? 'null' : on(field, otherwise)} end`;
}

/** A yes/no column from a nullable boolean: `Yes`, `No`, or `otherwise` (blank by default) when not recorded. */
function flag(field: CodedField, expression: string, otherwise = ''): string {
  return `case when ${expression} then ${on(field, 'Yes')} when not ${expression} then ${on(field, 'No')}
               else ${otherwise === '' ? 'null' : on(field, otherwise)} end`;
}

/** `case <expr> when <key> then <text> … end` for free text (descriptions). */
function described(expression: string, table: Readonly<Record<string | number, string>>): string {
  const whens = Object.entries(table)
    .map(([key, value]) => `when ${escapeLiteral(key)} then ${lit(value)}`)
    .join(' ');
  return `case ${expression} ${whens} end`;
}

/** A timestamp's calendar day in England. */
const ENG = (column: string) => `(${column} at time zone 'Europe/London')::date`;
const WHITESPACE = String.raw`E' \t\n\r\f\x0b'`;

/** Columns one kind of event fills; those left out are empty. */
type EventColumns = Partial<Record<CldField, string>> & {
  pid: string;
  Event_Type: string;
  Event_Reference: string;
  Event_Start_Date: string;
};
/** The event columns, in `cldFields` order (and whose row it is: a service user's or a carer's), every branch of the union giving each of them. */
const EVENT_FIELDS: readonly CldField[] = ['Client_Type', ...cldFields.slice(cldFields.indexOf('Event_Type'))];
/** Their types, so that the union agrees whichever branch comes first. */
const EVENT_TYPES: Partial<Record<CldField, string>> = {
  Event_Start_Date: 'date',
  Event_End_Date: 'date',
  Unit_Cost: 'numeric',
};
const eventBranch = (columns: EventColumns, from: string) =>
  `select ${columns.pid} as pid, ${EVENT_FIELDS.map((f) => `(${columns[f] ?? 'null'})::${EVENT_TYPES[f] ?? 'text'} as "${f}"`).join(', ')}
     from ${from}`;

const eventType = (type: (typeof cldEventTypeList)[number]) => on('Event_Type', type);
const SERVICE_USER = on('Client_Type', K.serviceUser);

/**
 * A row about a carer's determination (`alias`, joined with the adult they care for as `cared`):
 * Client_Type `Unpaid carer`, one adult cared for, and that adult's person identifier as the
 * return gives it (LA_Person_Unique_Identifier). Anyone else's row is a service user's.
 */
const carerColumns = (alias: string): Partial<Record<CldField, string>> => ({
  Client_Type: `case when ${alias}.kind = 'carer' then ${on('Client_Type', K.unpaidCarer)} else ${SERVICE_USER} end`,
  No_of_adults_being_cared_for: `case when ${alias}.kind = 'carer' then '1' end`,
  Adult_1_Linked_Person_ID: `case when ${alias}.kind = 'carer' then nullif(coalesce(cared.council_person_id, cared.id::text), '') end`,
});
/**
 * The most adults one row links a carer to (Adult_1_Linked_Person_ID … Adult_3_…);
 * No_of_adults_being_cared_for still counts them all.
 */
const LINKED_ADULTS = 3;

/**
 * The "carer known by association" rows: one per person recorded (modules/people relationships,
 * `unpaid_carer_of`, current at some point in the period) as the unpaid carer of someone the
 * return carries as a service user for an assessment, a service or a review in the period, when
 * the carer has no carer's assessment or carer's budget of their own in the period (those make
 * them an `Unpaid carer` with events instead). The guidance ([CLD-R1-guidance] in code-lists.ts):
 * carer support "recorded solely in the cared-for person's records"; "the only instance where a
 * row of data will show person details and carer information, but not contain any event
 * details" — so every Event_* column is empty ([DHSC-DQ]: not applicable) and the row carries
 * the person's fields, the count of adults cared for and up to three of their person
 * identifiers (LA_Person_Unique_Identifier as the return gives it), the main carer's first.
 */
function knownByAssociation(bounds: { from: string; to: string; start: string; end: string }): string {
  const { from, to, start, end } = bounds;
  const linked = `nullif(coalesce(cared.council_person_id, cared.id::text), '')`;
  // The cared-for person's own service-user events in the period (as the branches above find them).
  const caredForEvents = `(
         exists (select 1 from stories st join conversations v on v.story_id = st.id
                  where st.person_id = cared.id and v.concluded_at >= ${start} and v.concluded_at < ${end})
      or exists (select 1 from stories st join conversations v on v.story_id = st.id
                   join intensive_plans ip on ip.conversation_id = v.id
                  where st.person_id = cared.id and ip.starts_on <= ${to} and ip.ends_on >= ${from})
      or exists (select 1 from personal_budgets b
                  where b.person_id = cared.id and b.status = 'signed_off'
                    and coalesce(b.live_on, ${ENG('b.signed_off_at')}) <= ${to})
      or exists (select 1 from reviews r
                  where r.person_id = cared.id and r.status = 'completed' and r.completed_on between ${from} and ${to}))`;
  // The carer's own carer events in the period: a carer's determination in a conversation
  // concluded in the period, or a carer's budget running in it.
  const ownCarerEvents = `(
         exists (select 1 from eligibility_determinations ed join conversations v on v.id = ed.conversation_id
                  where ed.person_id = rel.person_id and ed.kind = 'carer'
                    and v.concluded_at >= ${start} and v.concluded_at < ${end})
      or exists (select 1 from personal_budgets b join eligibility_determinations bd on bd.id = b.determination_id
                  where b.person_id = rel.person_id and bd.kind = 'carer' and b.status = 'signed_off'
                    and coalesce(b.live_on, ${ENG('b.signed_off_at')}) <= ${to}))`;
  const adults = Array.from(
    { length: LINKED_ADULTS },
    (_, i) => `a.adults[${i + 1}]::text as "Adult_${i + 1}_Linked_Person_ID"`,
  ).join(', ');
  const columns: Partial<Record<CldField, string>> = {
    Client_Type: on('Client_Type', K.carerKnownByAssociation),
    No_of_adults_being_cared_for: 'ck.n::text',
    Adult_1_Linked_Person_ID: 'ck."Adult_1_Linked_Person_ID"',
    Adult_2_Linked_Person_ID: 'ck."Adult_2_Linked_Person_ID"',
    Adult_3_Linked_Person_ID: 'ck."Adult_3_Linked_Person_ID"',
  };
  return `select ck.pid, ${EVENT_FIELDS.map((f) => `(${columns[f] ?? 'null'})::${EVENT_TYPES[f] ?? 'text'} as "${f}"`).join(', ')}
     from (select a.pid, a.n, ${adults}
             from (select rel.person_id as pid, count(distinct rel.related_person_id) as n,
                          array_agg(${linked} order by rel.is_main_carer desc, rel.created_at, rel.related_person_id) as adults
                     from relationships rel
                     join people cared on cared.id = rel.related_person_id and cared.merged_into_id is null
                     join people carer on carer.id = rel.person_id and carer.merged_into_id is null
                    where rel.type = 'unpaid_carer_of'
                      and rel.created_at < ${end} and (rel.ended_at is null or rel.ended_at >= ${start})
                      and ${caredForEvents}
                      and not ${ownCarerEvents}
                    group by rel.person_id) a) ck`;
}

/** An event's reference: its kind's prefix and the record's id, so no two rows share one. */
const reference = (prefix: string, id: string) => `${escapeLiteral(prefix)} || ${id}`;

/**
 * Every event of the period, one row each, with the person's fields, as the return's CSV
 * columns under their national names (`cldFields` order) with the release 2 code lists applied.
 * The events follow the CLD guidance: requests whose outcome was recorded in the period;
 * assessments (every conversation is a proportionate assessment: long-term when it carries an
 * eligibility determination, short-term otherwise) concluded in the period; services running at
 * some point in the period (conversation 2's intensive plans as short-term support, signed-off
 * personal budgets as long-term support, one row per part of a budget managed partly one way
 * and partly another); reviews completed in the period. Each row's Event_Reference is its
 * kind's prefix and the record's id (and a budget part's number), so a conversation 2's
 * assessment and service rows do not share one. No ORDER BY: the rows stream as the planner
 * finds them, so a ten-million-row return needs no sort. A value the return leaves empty is
 * NULL, which COPY writes as an empty field.
 */
export function cldQuery(period: { laCode: string; from: string; to: string }): string {
  const from = `${escapeLiteral(period.from)}::date`;
  const to = `${escapeLiteral(period.to)}::date`;
  const start = `(${from}::timestamp at time zone 'Europe/London')`;
  const end = `((${to} + 1)::timestamp at time zone 'Europe/London')`;
  const recorded = 'coalesce(c.resolved_at, c.occurred_at)';
  const budgetStart = `coalesce(b.live_on, ${ENG('b.signed_off_at')})`;
  const O = (key: keyof typeof cldOutcome) => on('Event_Outcome', cldOutcome[key]);
  const events = [
    eventBranch(
      {
        pid: 'c.person_id',
        Event_Type: eventType('Request'),
        Event_Reference: reference(REF.request, 'c.id'),
        Event_Description: `'Contact at the front door'`,
        Event_Start_Date: ENG('c.occurred_at'),
        Event_End_Date: ENG(recorded),
        Event_Outcome: coded('Event_Outcome', 'c.outcome', cldRequestOutcome, cldOutcome.other),
        Client_Type: SERVICE_USER,
        Request_Route_of_Access: coded(
          'Request_Route_of_Access',
          'c.route_of_access',
          cldRouteOfAccess,
          cldRouteOfAccess.community_other,
        ),
      },
      `contacts c
      where c.person_id is not null and c.outcome is not null and ${recorded} >= ${start} and ${recorded} < ${end}`,
    ),
    eventBranch(
      {
        pid: 'st.person_id',
        Event_Type: eventType('Assessment'),
        Event_Reference: reference(REF.assessment, 'v.id'),
        Event_Description: described('v.kind', conversationNames),
        Event_Start_Date: ENG('v.started_at'),
        Event_End_Date: ENG('v.concluded_at'),
        Event_Outcome: `case when d.eligible then ${O('toServices')} when not d.eligible then ${O('other')}
                             when v.resolved then ${O('advice')} else ${O('toAssessment')} end`,
        Assessment_Type: `case when d.eligible is null then ${on('Assessment_Type', K.shortTermAssessment)}
                               else ${on('Assessment_Type', K.longTermAssessment)} end`,
        Eligible_Needs_Identified: `case when d.eligible then ${on('Eligible_Needs_Identified', K.yes)}
                                         when not d.eligible then ${on('Eligible_Needs_Identified', K.no)} end`,
        Method_of_Assessment: on('Method_of_Assessment', K.faceToFace),
        ...carerColumns('d'),
      },
      `conversations v
       join stories st on st.id = v.story_id
       left join (
         select distinct on (ed.conversation_id) ed.conversation_id, ed.eligible, ed.kind, ed.cared_for_person_id
           from eligibility_determinations ed
          order by ed.conversation_id, ed.decided_at desc) d on d.conversation_id = v.id
       left join people cared on cared.id = d.cared_for_person_id
      where v.concluded_at >= ${start} and v.concluded_at < ${end}`,
    ),
    eventBranch(
      {
        pid: 'st.person_id',
        Event_Type: eventType('Service'),
        Event_Reference: reference(REF.shortTermService, 'ip.conversation_id'),
        Event_Description: `'Conversation 2 intensive support plan'`,
        Event_Start_Date: 'ip.starts_on',
        Event_End_Date: 'ip.ends_on',
        Event_Outcome: `case when ip.ends_on <= ${to} then ${O('endedAsPlanned')} else ${O('continuing')} end`,
        Client_Type: SERVICE_USER,
        Service_Type: on('Service_Type', K.shortTermOther),
        Service_Component: on('Service_Component', K.shortTermComponent),
      },
      `intensive_plans ip
       join conversations v on v.id = ip.conversation_id
       join stories st on st.id = v.story_id
      where ip.starts_on <= ${to} and ip.ends_on >= ${from}`,
    ),
    // A budget is one service row; a mixed one, one row per part (its own delivery mechanism and
    // weekly cost as agreed at sign-off, the part's number after the reference). A mixed budget
    // without parts keeps one row, with no delivery mechanism. (A review that raises a mixed
    // budget changes the agreed total, not the parts: the rows still show the parts.)
    eventBranch(
      {
        pid: 'b.person_id',
        Event_Type: eventType('Service'),
        Event_Reference: `${reference(REF.longTermService, 'b.id')} || coalesce('-' || part.n, '')`,
        Event_Description: `'Personal budget and support plan'`,
        Event_Start_Date: budgetStart,
        Event_Outcome: O('continuing'),
        // A carer's budget part: support involving the person cared-for when the part's latest
        // service running in the period is provided to them (care_services.carer_support), else
        // support direct to the carer.
        Service_Type: `case when bd.kind = 'carer' and cs.carer_support = 'to_cared_for_person'
                              then ${on('Service_Type', K.carerInvolvingCaredFor)}
                            when bd.kind = 'carer' then ${on('Service_Type', K.carerDirect)}
                            else ${on('Service_Type', K.longTermCommunity)} end`,
        ...carerColumns('bd'),
        Service_Component: coded('Service_Component', 'part.method', cldBudgetComponent),
        Delivery_Mechanism: coded('Delivery_Mechanism', 'part.method', cldDeliveryMechanism),
        Unit_Cost: '(part.pence::numeric / 100)::numeric(20, 2)',
        Cost_Frequency_Unit_Type: on('Cost_Frequency_Unit_Type', K.weekly),
        Planned_Units_Per_Week: `'1'`,
      },
      `personal_budgets b
       left join eligibility_determinations bd on bd.id = b.determination_id
       left join people cared on cared.id = bd.cared_for_person_id
       cross join lateral (
         select x.part->>'method' as method, (x.part->>'weeklyPence')::bigint as pence, x.n
           from jsonb_array_elements(case when b.management->>'method' = 'mixed'
                                          then coalesce(b.management->'parts', '[]') else '[]' end)
                with ordinality x(part, n)
         union all
         select b.management->>'method', b.agreed_weekly_pence, null
          where b.management->>'method' is distinct from 'mixed'
             or jsonb_array_length(coalesce(b.management->'parts', '[]')) = 0) part
       left join lateral (
         select s.carer_support
           from care_services s
          where bd.kind = 'carer' and s.budget_id = b.id and s.part = part.method
            and s.start_on <= ${to} and (s.end_on is null or s.end_on >= ${from})
          order by s.start_on desc, s.id
          limit 1) cs on true
      where b.status = 'signed_off' and ${budgetStart} <= ${to}`,
    ),
    eventBranch(
      {
        pid: 'r.person_id',
        Event_Type: eventType('Review'),
        Event_Reference: reference(REF.review, 'r.id'),
        Event_Description: `'Support plan review'`,
        Event_Start_Date: 'least(r.due_from, r.completed_on)',
        Event_End_Date: 'r.completed_on',
        Event_Outcome: `case when coalesce(r.weekly_after_pence, 0) > coalesce(r.weekly_before_pence, 0)
                             then ${O('toServices')} else ${O('continuing')} end`,
        Client_Type: SERVICE_USER,
        Review_Reason: `case when r.kind = 'unplanned'
                             then ${coded('Review_Reason', 'r.reason', cldUnplannedReviewReason, K.unplannedOther)}
                             else ${coded('Review_Reason', 'r.kind', cldReviewReason)} end`,
        Review_Outcomes_Achieved: coded('Review_Outcomes_Achieved', 'r.outcome', cldReviewOutcomesAchieved),
      },
      `reviews r where r.status = 'completed' and r.completed_on between ${from} and ${to}`,
    ),
    knownByAssociation({ from, to, start, end }),
  ];
  // Fields the same on every row: text literals, so COPY has nothing to convert.
  const constant: Partial<Record<CldField, string>> = {
    LA_Code: lit(period.laCode),
    Reporting_Period_Start_Date: lit(period.from),
    Reporting_Period_End_Date: lit(period.to),
  };
  // The person's fields, with their code lists applied once per person rather than once per event.
  const person: Partial<Record<CldField, string>> = {
    LA_Person_Unique_Identifier: `nullif(coalesce(p.council_person_id, p.id::text), '')`,
    NHS_Number: `nullif(p.nhs_number, '')`,
    GP_Practice_Code: `nullif(p.gp_practice_code, '')`,
    // A blank gender is `Unknown`; one the list does not know is `Other`.
    Gender: `case when coalesce(p.gender, '') = '' then ${on('Gender', 'Unknown')}
                  else ${coded('Gender', `lower(btrim(p.gender, ${WHITESPACE}))`, cldGender, 'Other')} end`,
    Ethnicity: coded('Ethnicity', `upper(btrim(p.ethnicity, ${WHITESPACE}))`, cldEthnicity, ETHNICITY_NOT_KNOWN),
    Date_of_Birth: 'p.date_of_birth',
    Date_of_Death: 'p.date_of_death',
    Postcode: `nullif(p.postcode, '')`,
    // Not yet determined is `Unknown`, as the guidance asks: never an empty field.
    Primary_Support_Reason: coded(
      'Primary_Support_Reason',
      'p.primary_support_reason',
      cldPrimarySupportReason,
      PSR_UNKNOWN,
    ),
    // Mandatory (employment for 18–64s with a learning disability): `Unknown` rather than blank.
    Accommodation_Status: coded(
      'Accommodation_Status',
      `lower(btrim(p.accommodation_status, ${WHITESPACE}))`,
      cldAccommodation,
      'Unknown',
    ),
    Employment_Status: coded(
      'Employment_Status',
      `lower(btrim(p.employment_status, ${WHITESPACE}))`,
      cldEmployment,
      'Unknown',
    ),
    // [DHSC-DQ]: Has_Unpaid_Carer is mandatory on every row, so not recorded is `Unknown`; the
    // other flags are optional and left blank when not recorded.
    Has_Unpaid_Carer: flag('Has_Unpaid_Carer', 'p.has_unpaid_carer', 'Unknown'),
    // SG1e's two kinds of autism are both autism spectrum disorder.
    Autism_Spectrum_Disorder_ASD: flag('Autism_Spectrum_Disorder_ASD', `(p.autism <> 'none')`),
    Visual_Impairment: flag('Visual_Impairment', 'p.visual_impairment'),
    Hearing_Impairment: flag('Hearing_Impairment', 'p.hearing_impairment'),
    Dementia: flag('Dementia', 'p.dementia'),
  };
  const personFields = cldFields.filter((f) => person[f] !== undefined);
  const columns = cldFields.map((f) => `${constant[f] ?? (person[f] ? `p."${f}"` : `e."${f}"`)} as "${f}"`);
  // OFFSET 0 keeps the people subquery whole, so its expressions are worked out as the hash of
  // people is built, not again for each of a person's events.
  return `
    select ${columns.join(',\n           ')}
      from (${events.join('\n      union all\n      ')}) e
      join (select p.id, ${personFields.map((f) => `${person[f]} as "${f}"`).join(',\n                   ')}
              from people p offset 0) p on p.id = e.pid`;
}

/**
 * The return as CSV, written by PostgreSQL itself (`COPY … TO STDOUT WITH (FORMAT csv, HEADER)`)
 * from a read-only snapshot and piped straight through: no row is built in JavaScript. The
 * stream is pulled: the connection's socket is read only as fast as the caller takes the CSV, so
 * a slow reader slows the query instead of filling memory. CSV quoting is PostgreSQL's, the same
 * as csv-stringify's: a field is quoted only when it holds a comma, a quote or a line break.
 * Destroying the stream (the caller hung up) closes the connection, which ends the statement and
 * its transaction on the server, and the pool replaces it.
 */
export function clientLevelDataCsv(pool: pg.Pool, period: { laCode: string; from: string; to: string }): Readable {
  const out = new PassThrough();
  void (async () => {
    const client = await pool.connect().catch((error: Error) => void out.destroy(error));
    if (!client) return;
    if (out.destroyed) {
      client.release();
      return;
    }
    try {
      await client.query('begin isolation level repeatable read read only');
      await client.query(
        `set local work_mem = '${CLD_WORK_MEM}'; set local statement_timeout = '${CLD_STATEMENT_TIMEOUT}'; set local datestyle = 'ISO, YMD'`,
      );
      const copy = client.query(copyTo(`copy (${cldQuery(period)}) to stdout with (format csv, header)`));
      // Once the pipeline has settled, a late error from the closed connection has nowhere to go.
      copy.on('error', () => {});
      await pipeline(copy, out, { end: false });
      await client.query('commit');
      client.release();
      // The reader sees the end only once the snapshot is let go and the connection is back.
      out.end();
    } catch (error) {
      // Mid-COPY the protocol has no way back: the pool drops the client, closing its socket,
      // which stops the backend and rolls its transaction back.
      client.release(true);
      client.connection.stream.destroy();
      out.destroy(error as Error);
    }
  })();
  return out;
}
