import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    addresses: jsonb('addresses').notNull().default([]),
    notes: text('notes'),
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    source: text('source', { enum: ['back_office', 'register', 'shop', 'cart'] }).notNull(),
    /** Lower-cased name, email and phone digits, for the trigram search index. */
    search: text('search')
      .notNull()
      .generatedAlwaysAs(
        sql`lower(name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), ''))`,
      ),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_email').on(sql`lower(${t.email})`).where(sql`${t.email} is not null`),
    index('customers_name_id').on(t.name, t.id),
    index('customers_search').using('gin', sql`${t.search} gin_trgm_ops`),
    check('customers_source', sql`${t.source} in ('back_office', 'register', 'shop', 'cart')`),
  ],
);
