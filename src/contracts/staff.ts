import { z } from 'zod';

export const roles = ['owner', 'manager', 'cashier'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const staffUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    active: z.boolean(),
    invitationPending: z.boolean().describe('invited, and has not chosen a password yet'),
    createdAt: z.string(),
  })
  .meta({ id: 'StaffUser' });
export type StaffUser = z.infer<typeof staffUserSchema>;

/** Who is calling: a signed-in staff member or an API token. */
export const meSchema = z.object({
  type: z.enum(['staff', 'api_token']),
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
});
export type Me = z.infer<typeof meSchema>;

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    actsAs: roleSchema
      .nullable()
      .describe(
        'the role it acts with now: at most its creator’s current role; null once they are deactivated',
      ),
    lastFour: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createdApiTokenSchema = apiTokenSchema
  .extend({ token: z.string() })
  .meta({ id: 'CreatedApiToken' });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
