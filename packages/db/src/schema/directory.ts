import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Community and voluntary organisations the practice works with. The community directory
 * (Open Referral UK services, locations, taxonomy) grows from here.
 */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text().notNull().default(''),
    email: text(),
    phone: text(),
    website: text(),
    kind: text({ enum: ['partner', 'community'] })
      .notNull()
      .default('community'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisations_name_idx').on(t.name)],
);
