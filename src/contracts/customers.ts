import { z } from 'zod';

export const customerSources = ['back_office', 'register', 'shop', 'cart'] as const;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const addressSchema = z
  .object({
    label: text(60).nullable().default(null),
    line1: text(200).min(1, 'must not be empty'),
    line2: text(200).nullable().default(null),
    city: text(100).min(1, 'must not be empty'),
    region: text(100).nullable().default(null),
    postalCode: text(20).min(1, 'must not be empty'),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'must be a 2-letter country code')
      .transform((c) => c.toUpperCase()),
  })
  .meta({ id: 'Address' });
export type Address = z.output<typeof addressSchema>;

const customerFields = {
  name: text(200).min(1, 'must not be empty'),
  email: z.email('must be an email address').max(320).nullable(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()./-]{5,30}$/, 'must be a phone number')
    .nullable(),
  addresses: z.array(addressSchema).max(10, 'at most 10 addresses'),
  notes: text(5000).nullable(),
  marketingConsent: z.boolean(),
};

export const createCustomerSchema = z
  .object({
    ...customerFields,
    email: customerFields.email.optional(),
    phone: customerFields.phone.optional(),
    addresses: customerFields.addresses.default([]),
    notes: customerFields.notes.optional(),
    marketingConsent: customerFields.marketingConsent.default(false),
  })
  .strict()
  .meta({ id: 'NewCustomer' });
export type CreateCustomerInput = z.input<typeof createCustomerSchema>;
/** A new customer after validation and defaults. */
export type NewCustomer = z.output<typeof createCustomerSchema>;
/** What staff send to add a customer: from the back office (the default) or at the register. */
export const staffNewCustomerSchema = createCustomerSchema
  .extend({
    source: z
      .enum(['back_office', 'register'])
      .optional()
      .describe('where the customer was added; back_office unless the register adds them'),
  })
  .meta({ id: 'StaffNewCustomer' });

export const updateCustomerSchema = z
  .object(customerFields)
  .partial()
  .strict()
  .meta({ id: 'CustomerChange' });
export type UpdateCustomerInput = z.output<typeof updateCustomerSchema>;

export const customerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    addresses: z.array(
      z.object({
        label: z.string().nullable(),
        line1: z.string(),
        line2: z.string().nullable(),
        city: z.string(),
        region: z.string().nullable(),
        postalCode: z.string(),
        country: z.string(),
      }),
    ),
    notes: z.string().nullable(),
    marketingConsent: z.boolean(),
    source: z.enum(customerSources),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customerSchema>;
