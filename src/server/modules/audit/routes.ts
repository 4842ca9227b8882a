import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { ownerOnly } from '../../platform/auth.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { listAudit } from './index.js';

const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({
      type: z.enum(['staff', 'api_token', 'system', 'customer']),
      id: z.string().nullable(),
      label: z.string(),
    }),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    changes: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });

export async function auditRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/api/admin/audit-log',
    {
      config: { access: ownerOnly },
      schema: {
        tags: ['audit'],
        summary: 'Who did what, newest first',
        querystring: pageQuery.extend({ entity: z.string().max(60).optional() }),
        response: { 200: pageOf(auditEntrySchema) },
      },
    },
    async (request) => listAudit(deps.database.db, request.query),
  );
}
