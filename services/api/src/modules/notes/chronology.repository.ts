import { caseNotes, caseNoteVersions } from '@threefold/db';
import { and, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ChronologyBranch, ChronologyReader } from '../../platform/chronology.js';
import { safeguardingChronologyAccess } from '../safeguarding/chronology.repository.js';

/**
 * Final case notes for a person's chronology (drafts are their author's alone and never shown):
 * the latest version's summary, marked when amended. A note on a concern or enquiry shows only to
 * those who may see that safeguarding matter, as in the notes list.
 */
function visible(reader: ChronologyReader): SQL {
  if (reader.permissions.has('safeguarding:read')) return sql`true`;
  return or(
    and(isNull(caseNotes.concernId), isNull(caseNotes.enquiryId)),
    safeguardingChronologyAccess.involvedIn(reader, caseNotes.concernId, caseNotes.enquiryId),
  )!;
}

const latest = (column: SQL) =>
  sql`(select ${column} from ${caseNoteVersions} v where v.note_id = ${caseNotes.id} order by v.version desc limit 1)`;

export const noteChronology: ChronologyBranch[] = [
  {
    kind: 'note',
    permission: 'notes:read',
    at: caseNotes.occurredAt,
    id: caseNotes.id,
    byId: caseNotes.authorId,
    link: { type: 'note', id: caseNotes.id },
    summary: latest(sql`v.summary`),
    detail: sql`concat(${caseNotes.kind}, case when ${latest(sql`v.version`)} > 1 then '|amended' else '' end)`,
    from: sql`${caseNotes}`,
    where: (personId, reader) => [
      sql`${caseNotes.personId} = ${personId}`,
      sql`${caseNotes.status} = 'final'`,
      visible(reader),
    ],
  },
];
