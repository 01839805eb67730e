import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staffUsers } from './identity.js';

/**
 * The practice as it signs every written record: name, address and how to reach it. One row,
 * kept by practice administrators (reference data, not fixed text in the letters).
 */
export const practiceDetails = pgTable(
  'practice_details',
  {
    id: text().primaryKey().default('practice'),
    name: text().notNull(),
    addressLines: jsonb().$type<string[]>().notNull(),
    postcode: text().notNull(),
    phone: text().notNull(),
    email: text().notNull(),
    website: text(),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    updatedById: uuid().references(() => staffUsers.id),
  },
  (t) => [check('practice_details_one_row', sql`${t.id} = 'practice'`)],
);
