import { z } from 'zod';
import { receiptSchema } from '../../../contracts/receipts.js';
import type { AppDeps } from '../../app.js';
import { anyStaff } from '../../platform/auth.js';
import type { App } from '../../platform/http.js';
import { orderReceipt } from './read-receipt.js';

export async function receiptRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/api/pos/orders/:id/receipt',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['register'],
        summary: 'An order’s receipt to print: the shop’s details, cashier, lines, tax, tenders and change',
        description:
          'Line amounts add up to the subtotal; tax is added to it, or included in it when prices include tax. ' +
          'Gift cards activated show only their last 4; package credits name their package.',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: receiptSchema },
      },
    },
    async (request) => orderReceipt(db, request.params.id),
  );
}
