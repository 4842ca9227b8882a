import { z } from 'zod';

export const actorTypes = ['staff', 'api_token', 'system', 'customer'] as const;

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({ type: z.enum(actorTypes), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    changes: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;
