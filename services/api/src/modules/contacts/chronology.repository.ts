import { contacts } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';

/** Contacts about a person, for their chronology: when someone got in touch, and what matters. */
export const contactChronology: ChronologyBranch[] = [
  {
    kind: 'contact',
    permission: 'contacts:read',
    at: contacts.occurredAt,
    id: contacts.id,
    byId: sql`case when ${contacts.createdByType} = 'user' then ${contacts.createdById}::uuid end`,
    link: { type: 'contact', id: contacts.id },
    summary: sql`coalesce(nullif(${contacts.whatMatters}, ''), ${contacts.notes})`,
    detail: contacts.channel,
    from: sql`${contacts}`,
    where: (personId) => [sql`${contacts.personId} = ${personId}`],
  },
];
