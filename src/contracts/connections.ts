import { z } from 'zod';
import { addressSnapshotSchema } from './orders.js';

export const connectionTypes = ['woocommerce', 'prestashop', 'shopify', 'custom'] as const;
export type ConnectionType = (typeof connectionTypes)[number];

export const documentKinds = ['cash_sale', 'sales_order', 'invoice'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** The credentials each type of cart takes, by name; every one is required to save. */
export const credentialNames: Record<ConnectionType, { required: string[]; optional: string[] }> = {
  woocommerce: { required: ['consumerKey', 'consumerSecret'], optional: ['webhookSecret'] },
  prestashop: { required: ['apiKey'], optional: [] },
  shopify: { required: ['accessToken'], optional: ['webhookSecret'] },
  custom: { required: ['token'], optional: [] },
};

const secret = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(512, 'must be at most 512 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces');

export const credentialsSchema = z
  .object({
    consumerKey: secret.optional(),
    consumerSecret: secret.optional(),
    apiKey: secret.optional(),
    accessToken: secret.optional(),
    webhookSecret: secret.optional(),
    token: secret.optional(),
  })
  .strict()
  .describe('write-only: the answer says only which are set');
export type Credentials = z.infer<typeof credentialsSchema>;

const when = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' });

export const connectionOptionsSchema = z
  .object({
    importOrdersAs: z.enum(documentKinds).describe('the document a cart order becomes'),
    ordersFrom: when.nullable().describe('orders placed from this time on are imported; advances by itself'),
    updatesSince: when
      .nullable()
      .describe('records changed in the cart from this time on are read; advances by itself'),
    fromCart: z.object({ customers: z.boolean(), items: z.boolean() }).strict(),
    toCart: z.object({ customers: z.boolean(), items: z.boolean(), stock: z.boolean() }).strict(),
    defaultItemId: z.string().trim().max(64).nullable().describe('the item an unknown cart line is sold as'),
    pollMinutes: z.number().int().min(1, 'must be at least 1').max(1440, 'must be at most 1440'),
  })
  .strict();
export type ConnectionOptions = z.infer<typeof connectionOptionsSchema>;

export const defaultConnectionOptions = (): ConnectionOptions => ({
  importOrdersAs: 'sales_order',
  ordersFrom: null,
  updatesSince: null,
  fromCart: { customers: false, items: false },
  toCart: { customers: false, items: false, stock: true },
  defaultItemId: null,
  pollMinutes: 10,
});

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const url = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      const parsed = new URL(u);
      return (
        (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username && !parsed.password
      );
    } catch {
      return false;
    }
  }, 'must be an http or https address without a user name or password in it');

export const newConnectionSchema = z
  .object({
    type: z.enum(connectionTypes),
    name,
    url,
    credentials: credentialsSchema,
    options: connectionOptionsSchema.partial().optional(),
  })
  .strict();
export type NewConnection = z.infer<typeof newConnectionSchema>;

export const updateConnectionSchema = z
  .object({
    name: name.optional(),
    url: url.optional(),
    credentials: credentialsSchema.optional().describe('only those given change'),
    options: connectionOptionsSchema.partial().optional(),
  })
  .strict();
export type UpdateConnection = z.infer<typeof updateConnectionSchema>;

export const syncRunSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    trigger: z.enum(['schedule', 'manual', 'webhook']),
    status: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
    progress: z.object({
      entity: z.string().nullable(),
      done: z.number().int(),
      total: z.number().int().nullable(),
    }),
    counts: z.object({
      imported: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
    }),
    requests: z.number().int().describe('requests made to the cart'),
    detail: z.string().nullable(),
    errors: z.array(
      z.object({
        entity: z.string(),
        externalId: z.string().nullable(),
        reason: z.string(),
        at: z.iso.datetime(),
      }),
    ),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SyncRun' });
export type SyncRun = z.infer<typeof syncRunSchema>;

export const connectionSchema = z
  .object({
    id: z.string(),
    type: z.enum(connectionTypes),
    name: z.string(),
    url: z.string(),
    credentialsSet: z.array(z.string()).describe('which credentials are set; never their values'),
    options: connectionOptionsSchema,
    syncStatus: z.enum(['RUNNING', 'STOPPED']),
    stoppedReason: z.string().nullable().describe('why auto-sync stopped by itself'),
    cursors: z.object({ ordersFrom: z.string().nullable(), updatesSince: z.string().nullable() }),
    lastTest: z
      .object({ ok: z.boolean(), detail: z.string().nullable(), at: z.iso.datetime(), current: z.boolean() })
      .nullable()
      .describe('`current`: made with the address and credentials saved now'),
    nextRunAt: z.iso.datetime().nullable(),
    lastRun: syncRunSchema.omit({ errors: true }).nullable(),
    webhookUrl: z.string().describe('where the cart delivers webhooks'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Connection' });
export type Connection = z.infer<typeof connectionSchema>;

export const connectionTestSchema = z
  .object({ ok: z.boolean(), detail: z.string() })
  .meta({ id: 'ConnectionTest' });
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const TEST_PASSED = 'TEST PASSED: SUCCESSFULLY CONNECTED TO CART!';

const cartItemView = z.object({
  externalId: z.string(),
  sku: z.string().nullable(),
  name: z.string(),
  price: z.number().int(),
  currency: z.string(),
  stock: z.number().int().nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});
const cartCustomerView = z.object({
  externalId: z.string(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  address: addressSnapshotSchema.nullable(),
  updatedAt: z.string(),
});

export const cartListRowSchema = z
  .object({
    externalId: z.string(),
    linkedTo: z.string().nullable().describe('the Tandem record it is linked to'),
    match: z.string().nullable().describe('a Tandem record with the same SKU or email, to link to'),
    error: z.string().nullable().describe('why the cart’s record cannot be read'),
    item: cartItemView.optional(),
    customer: cartCustomerView.optional(),
    order: z
      .object({
        number: z.string(),
        status: z.enum(['awaiting_payment', 'paid', 'completed', 'cancelled', 'refunded']),
        cartStatus: z.string(),
        total: z.number().int(),
        currency: z.string(),
        customerName: z.string().nullable(),
        customerEmail: z.string().nullable(),
        lines: z.number().int(),
        createdAt: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'CartRecord' });
export type CartListRow = z.infer<typeof cartListRowSchema>;

export const cartListSchema = z.object({
  data: z.array(cartListRowSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable().describe('how many the cart has in all, when it says'),
});

const externalId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.~-]+$/, 'must be letters, digits or . _ ~ -');

export const importRequestSchema = z
  .object({
    ids: z.array(externalId).min(1, 'choose at least one').max(100, 'at most 100 at once'),
    mode: z.enum(['create', 'link']),
    links: z.record(externalId, z.string().max(64)).optional().describe('link mode: cart id → Tandem id'),
    rows: z
      .record(
        externalId,
        z
          .object({
            sku: z.string().trim().min(1).max(64).optional(),
            cost: z.number().int().min(0).max(100_000_000).optional(),
            stock: z.number().int().min(0).max(1_000_000).nullable().optional(),
          })
          .strict(),
      )
      .optional()
      .describe('create mode for items: the item code, cost and stock level per cart id'),
    dryRun: z.boolean().optional().describe('answer what would happen, changing nothing'),
  })
  .strict();

export const exportRequestSchema = z
  .object({
    ids: z.array(z.string().max(64)).min(1, 'choose at least one').max(100, 'at most 100 at once'),
    dryRun: z.boolean().optional(),
  })
  .strict();

export const workReportSchema = z
  .object({
    dryRun: z.boolean(),
    counts: z.object({
      created: z.number().int(),
      linked: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
    }),
    results: z.array(
      z.object({
        id: z.string(),
        outcome: z.enum(['created', 'linked', 'updated', 'skipped', 'failed']),
        tandemId: z.string().nullable(),
        externalId: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ConnectionWorkReport' });
export type WorkReport = z.infer<typeof workReportSchema>;
