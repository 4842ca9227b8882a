import { z } from 'zod';
import { customerSummarySchema, shopOverviewSchema } from '../../../contracts/overview.js';
import type { AppDeps } from '../../app.js';
import { anyStaff, managers } from '../../platform/auth.js';
import type { App } from '../../platform/http.js';
import { customerSummary } from './customer-summary.js';
import { shopOverview } from './shop-overview.js';

export async function overviewRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/api/admin/overview',
    {
      // Sales figures are for those who run the shop; a cashier's first page does without them.
      config: { access: managers },
      schema: {
        tags: ['reports'],
        summary:
          'The back office overview: net sales today and this week by channel against the same days of last week, ' +
          'orders to ship, low stock, memberships due and failing, recent refunds',
        description: 'Days are the shop’s, in its time zone setting; weeks start on Monday.',
        response: { 200: shopOverviewSchema },
      },
    },
    async () => shopOverview(db, new Date()),
  );

  app.get(
    '/api/admin/customers/:id/summary',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['customers'],
        summary:
          'A customer’s orders and lifetime spend in every channel (net of refunds), and their memberships',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: customerSummarySchema },
      },
    },
    async (request) => customerSummary(db, request.params.id),
  );
}
