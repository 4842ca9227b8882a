import { z } from 'zod';
import { auditEntrySchema } from '../../../contracts/audit.js';
import type { AppDeps } from '../../app.js';
import { ownerOnly } from '../../platform/auth.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { listAudit } from './index.js';

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
