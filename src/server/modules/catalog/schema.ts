import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { discountScopes } from '../../../contracts/catalog.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const items = pgTable(
  'items',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['product', 'service', 'package', 'membership'] }).notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category'),
    barcode: text('barcode'),
    price: integer('price').notNull(),
    cost: integer('cost').notNull().default(0),
    currency: text('currency').notNull(),
    taxRate: integer('tax_rate').notNull().default(0),
    trackStock: boolean('track_stock').notNull().default(false),
    active: boolean('active').notNull().default(true),
    discountPercent: integer('discount_percent'),
    /** What a package's or membership's discount comes off: services only, or everything sold. */
    discountAppliesTo: text('discount_applies_to', { enum: discountScopes }),
    durationDays: integer('duration_days'),
    interval: text('interval', { enum: ['month', 'year'] }),
    /** Lower-cased name, SKU and barcode, for the trigram search index. */
    search: text('search')
      .notNull()
      .generatedAlwaysAs(sql`lower(name || ' ' || sku || ' ' || coalesce(barcode, ''))`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('items_sku').on(sql`lower(${t.sku})`),
    index('items_barcode').on(t.barcode),
    index('items_name_id').on(t.name, t.id),
    index('items_search').using('gin', sql`${t.search} gin_trgm_ops`),
    check('items_kind', sql`${t.kind} in ('product', 'service', 'package', 'membership')`),
    check('items_amounts', sql`${t.price} >= 0 and ${t.cost} >= 0 and ${t.taxRate} between 0 and 10000`),
    check('items_only_products_tracked', sql`not ${t.trackStock} or ${t.kind} = 'product'`),
  ],
);

/** What a package includes. */
export const itemIncludes = pgTable(
  'item_includes',
  {
    packageId: text('package_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.packageId, t.itemId] }),
    check('item_includes_quantity', sql`${t.quantity} > 0`),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  // PGlite reads bytea as a Uint8Array, node-postgres as a Buffer.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** An item's picture, as the server re-encoded it: nothing of the uploaded file is kept. */
export const itemPictures = pgTable(
  'item_pictures',
  {
    itemId: text('item_id')
      .primaryKey()
      .references(() => items.id, { onDelete: 'cascade' }),
    content: bytea('content').notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** A hash of the content: the picture's version in URLs and its ETag. */
    etag: text('etag').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [check('item_pictures_size', sql`${t.width} > 0 and ${t.height} > 0`)],
);
