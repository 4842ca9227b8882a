/** The columns of the CSV files that exports write and imports read, in order. Kept apart from
 * the zod schemas so that the web app can show them without loading zod. */

export const itemCsvColumns = [
  'kind',
  'sku',
  'name',
  'price',
  'cost',
  'tax_rate',
  'track_stock',
  'stock',
  'low_stock_threshold',
  'barcode',
  'category',
  'interval',
  'discount_percent',
  'discount_applies_to',
  'active',
  'description',
] as const;

export const customerCsvColumns = [
  'name',
  'email',
  'phone',
  'marketing_consent',
  'notes',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postal_code',
  'country',
] as const;
