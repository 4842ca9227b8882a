import { z } from 'zod';
import { actorTypes } from './audit.js';
import { MAX_AMOUNT } from './common.js';

export const itemKinds = ['product', 'service', 'package', 'membership'] as const;

/** What a package's or membership's discount comes off: services only, or everything sold. */
export const discountScopes = ['services', 'all'] as const;
export type DiscountScope = (typeof discountScopes)[number];
export type ItemKind = (typeof itemKinds)[number];

const amount = z
  .number()
  .int('must be a whole number of minor units')
  .min(0, 'must not be negative')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`);
const optionalText = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).nullable();

export const includeInputSchema = z.object({
  itemId: z.string().min(1),
  quantity: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000'),
});

/** The fields an item may have; which ones each kind needs is checked by the catalogue. */
const itemFields = {
  sku: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'may hold letters, digits and . _ - / only'),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: optionalText(5000),
  category: optionalText(100),
  barcode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,64}$/, 'must be 4–64 letters or digits')
    .nullable(),
  price: amount,
  cost: amount,
  taxRate: z
    .number()
    .int('must be whole basis points')
    .min(0, 'must not be negative')
    .max(10_000, 'must be at most 10000 (100%)'),
  trackStock: z.boolean(),
  active: z.boolean(),
  lowStockThreshold: z
    .number()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(1_000_000)
    .nullable(),
  includes: z.array(includeInputSchema).max(50, 'at most 50 items'),
  discountPercent: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0–100')
    .max(100, 'must be 0–100')
    .nullable(),
  discountAppliesTo: z
    .enum(discountScopes)
    .describe("what a package's or membership's discount comes off: services, or everything sold"),
  durationDays: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(3660, 'must be at most 3660')
    .nullable(),
  interval: z.enum(['month', 'year']).nullable(),
};

export const createItemSchema = z
  .object({
    kind: z.enum(itemKinds),
    ...itemFields,
    cost: itemFields.cost.default(0),
    taxRate: itemFields.taxRate.default(0),
    trackStock: itemFields.trackStock.default(false),
    active: itemFields.active.default(true),
    description: itemFields.description.optional(),
    category: itemFields.category.optional(),
    barcode: itemFields.barcode.optional(),
    lowStockThreshold: itemFields.lowStockThreshold.optional(),
    includes: itemFields.includes.optional(),
    discountPercent: itemFields.discountPercent.optional(),
    discountAppliesTo: itemFields.discountAppliesTo.optional(),
    durationDays: itemFields.durationDays.optional(),
    interval: itemFields.interval.optional(),
    initialStock: z
      .number()
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .max(1_000_000)
      .optional(),
  })
  .strict()
  .meta({ id: 'NewItem' });
export type CreateItemInput = z.infer<typeof createItemSchema>;

export const updateItemSchema = z.object(itemFields).partial().strict().meta({ id: 'ItemChange' });
export type UpdateItemInput = z.infer<typeof updateItemSchema>;

export const itemSchema = z
  .object({
    id: z.string(),
    kind: z.enum(itemKinds),
    sku: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    barcode: z.string().nullable(),
    price: z.number().int(),
    cost: z.number().int(),
    currency: z.string(),
    taxRate: z.number().int(),
    trackStock: z.boolean(),
    active: z.boolean(),
    lowStockThreshold: z.number().int().nullable(),
    stock: z.number().int().nullable().describe('On hand, for tracked products; null otherwise'),
    includes: z.array(
      z.object({ itemId: z.string(), quantity: z.number().int(), name: z.string(), sku: z.string() }),
    ),
    discountPercent: z.number().int().nullable(),
    discountAppliesTo: z.enum(discountScopes).nullable().describe('packages and memberships'),
    durationDays: z.number().int().nullable(),
    interval: z.enum(['month', 'year']).nullable(),
    pictureUrl: z
      .string()
      .nullable()
      .describe('its picture (WebP, at most 800 px), for staff; null without one'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Item' });
export type Item = z.infer<typeof itemSchema>;

export const movementKinds = ['receive', 'sale', 'return', 'adjustment', 'count', 'sync'] as const;
export type MovementKind = (typeof movementKinds)[number];

export const stockAdjustmentSchema = z
  .object({
    delta: z
      .number()
      .int('must be a whole number')
      .min(-1_000_000)
      .max(1_000_000)
      .refine((d) => d !== 0, 'must not be 0'),
    reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
    kind: z.enum(['receive', 'adjustment', 'return']).default('adjustment'),
  })
  .strict();

export const stockCountSchema = z
  .object({
    quantity: z.number().int('must be a whole number').min(0, 'must not be negative').max(1_000_000),
    reason: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();

export const stockMovementSchema = z
  .object({
    id: z.string(),
    itemId: z.string(),
    kind: z.enum(movementKinds),
    quantity: z.number().int(),
    onHandAfter: z.number().int(),
    reason: z.string(),
    actor: z.object({ type: z.enum(actorTypes), id: z.string().nullable(), label: z.string() }),
    orderId: z.string().nullable(),
    syncRunId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'StockMovement' });
export type StockMovement = z.infer<typeof stockMovementSchema>;

/** What the shop offers: services are booked in store, not bought online. */
export const shopKinds = ['product', 'package', 'membership'] as const;
export type ShopKind = (typeof shopKinds)[number];

/** An item as the online shop shows it: never its cost. */
export const shopItemSchema = z
  .object({
    id: z.string(),
    kind: z.enum(shopKinds),
    name: z.string(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    price: z.number().int(),
    taxRate: z.number().int(),
    available: z
      .number()
      .int()
      .nullable()
      .describe('how many can be bought now; null when stock is not counted'),
    pictureUrl: z.string().nullable().describe('its picture, public; null without one'),
  })
  .meta({ id: 'ShopItem' });
export type ShopItem = z.infer<typeof shopItemSchema>;

/** A package or membership as the shop offers it: what it includes, for how long, at what price. */
export const shopPlanSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['package', 'membership']),
    name: z.string(),
    description: z.string().nullable(),
    price: z.number().int(),
    taxRate: z.number().int().describe('basis points'),
    tax: z.number().int().describe('the tax charged on it, in minor units'),
    total: z.number().int().describe('what the customer pays, tax included'),
    includes: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
    discountPercent: z.number().int().nullable().describe('off while it is valid or active'),
    discountAppliesTo: z.enum(discountScopes).describe('services only, or everything sold'),
    durationDays: z.number().int().nullable().describe('how long a package is valid'),
    interval: z.enum(['month', 'year']).nullable().describe('how often a membership renews'),
    pictureUrl: z.string().nullable().describe('its picture, public; null without one'),
  })
  .meta({ id: 'ShopPlan' });
export type ShopPlan = z.infer<typeof shopPlanSchema>;

export const shopPlansSchema = z
  .object({ data: z.array(shopPlanSchema), currency: z.string(), pricesIncludeTax: z.boolean() })
  .meta({ id: 'ShopPlans' });
export type ShopPlans = z.infer<typeof shopPlansSchema>;

export const shopCatalogSchema = z
  .object({
    data: z.array(shopItemSchema),
    nextCursor: z.string().nullable(),
    currency: z.string(),
    pricesIncludeTax: z.boolean(),
  })
  .meta({ id: 'ShopCatalog' });
export type ShopCatalog = z.infer<typeof shopCatalogSchema>;
