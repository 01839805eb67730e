import { safeguardingConcerns, safeguardingEnquiries, safeguardingInvolvements } from '@threefold/db';
import { sql, type SQL } from 'drizzle-orm';
import type { ChronologyBranch, ChronologyReader } from '../../platform/chronology.js';

/**
 * The safeguarding access rule (`accessFor` in access.ts) as SQL, for lists that cannot ask row by
 * row: a concern or enquiry is seen in full by the safeguarding lead (`safeguarding:read`) and by
 * colleagues involved in its enquiry. Everyone else gets at most "a matter exists" elsewhere, and
 * nothing in a chronology.
 */
export const safeguardingChronologyAccess = {
  involvedIn(reader: ChronologyReader, concernId: unknown, enquiryId: unknown): SQL {
    if (!reader.userId) return sql`false`;
    return sql`exists (select 1 from ${safeguardingInvolvements} i
                  left join ${safeguardingEnquiries} ie on ie.id = i.enquiry_id
                 where i.user_id = ${reader.userId}
                   and (i.enquiry_id = ${enquiryId} or ie.concern_id = ${concernId}))`;
  },
  seesInFull(reader: ChronologyReader, concernId: unknown, enquiryId: unknown): SQL {
    if (reader.permissions.has('safeguarding:read')) return sql`true`;
    return this.involvedIn(reader, concernId, enquiryId);
  },
};

const concernSeen = (reader: ChronologyReader) =>
  safeguardingChronologyAccess.seesInFull(reader, safeguardingConcerns.id, sql`null::uuid`);
const enquirySeen = (reader: ChronologyReader) =>
  safeguardingChronologyAccess.seesInFull(reader, safeguardingEnquiries.concernId, safeguardingEnquiries.id);

/** Concerns raised, section 42 decisions, enquiries opened and concluded: only for those who may see them. */
export const safeguardingChronology: ChronologyBranch[] = [
  {
    kind: 'safeguarding_concern',
    permission: 'safeguarding:raise',
    at: safeguardingConcerns.raisedAt,
    id: safeguardingConcerns.id,
    byId: sql`case when ${safeguardingConcerns.raisedByType} = 'user' then ${safeguardingConcerns.raisedById}::uuid end`,
    link: { type: 'concern', id: safeguardingConcerns.id },
    summary: safeguardingConcerns.summary,
    detail: safeguardingConcerns.raisedVia,
    from: sql`${safeguardingConcerns}`,
    where: (personId, reader) => [sql`${safeguardingConcerns.personId} = ${personId}`, concernSeen(reader)],
  },
  {
    kind: 'safeguarding_decision',
    permission: 'safeguarding:raise',
    at: safeguardingConcerns.decidedAt,
    id: safeguardingConcerns.id,
    byId: safeguardingConcerns.decidedById,
    link: { type: 'concern', id: safeguardingConcerns.id },
    summary: sql`coalesce(${safeguardingConcerns.decisionRationale}, ${safeguardingConcerns.noEnquiryReason}, '')`,
    detail: safeguardingConcerns.status,
    from: sql`${safeguardingConcerns}`,
    where: (personId, reader) => [
      sql`${safeguardingConcerns.personId} = ${personId}`,
      sql`${safeguardingConcerns.decidedAt} is not null`,
      concernSeen(reader),
    ],
  },
  {
    kind: 'safeguarding_enquiry_opened',
    permission: 'safeguarding:raise',
    at: safeguardingEnquiries.openedAt,
    id: safeguardingEnquiries.id,
    byId: safeguardingEnquiries.leadStaffId,
    link: { type: 'enquiry', id: safeguardingEnquiries.id },
    summary: sql`coalesce(${safeguardingEnquiries.leadOrganisationName}, '')`,
    detail: safeguardingEnquiries.kind,
    from: sql`${safeguardingEnquiries}`,
    where: (personId, reader) => [sql`${safeguardingEnquiries.personId} = ${personId}`, enquirySeen(reader)],
  },
  {
    kind: 'safeguarding_enquiry_concluded',
    permission: 'safeguarding:raise',
    at: safeguardingEnquiries.concludedAt,
    id: safeguardingEnquiries.id,
    byId: safeguardingEnquiries.concludedById,
    link: { type: 'enquiry', id: safeguardingEnquiries.id },
    summary: sql`coalesce(${safeguardingEnquiries.conclusionNote}, ${safeguardingEnquiries.endedEarlyReason}, ${safeguardingEnquiries.outcomesAchieved}, '')`,
    detail: safeguardingEnquiries.status,
    from: sql`${safeguardingEnquiries}`,
    where: (personId, reader) => [
      sql`${safeguardingEnquiries.personId} = ${personId}`,
      sql`${safeguardingEnquiries.concludedAt} is not null`,
      enquirySeen(reader),
    ],
  },
];
