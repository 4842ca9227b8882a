import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../../../contracts/settings.js';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff, managers } from '../../platform/auth.js';
import type { App } from '../../platform/http.js';
import { getSettings, updateSettings } from './index.js';

export async function settingsRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/api/admin/settings',
    {
      config: { access: anyStaff },
      schema: { tags: ['settings'], summary: 'Business settings', response: { 200: settingsSchema } },
    },
    async () => getSettings(db),
  );

  app.patch(
    '/api/admin/settings',
    {
      config: { access: managers },
      schema: {
        tags: ['settings'],
        summary: 'Changes some settings; every change is written to the audit log',
        body: settingsPatchSchema,
        response: { 200: settingsSchema },
      },
    },
    async (request) => updateSettings(db, actorOf(request.principal), request.body),
  );

  app.get(
    '/api/store/about',
    {
      config: { access: 'public' },
      schema: {
        tags: ['shop'],
        summary:
          'The shop’s name, currency, whether it sells online, and its gift card amounts, for the shop’s pages',
        response: {
          200: z.object({
            name: z.string(),
            currency: z.string(),
            onlineShop: z.boolean(),
            guestCheckout: z.boolean().describe('whether checkout works without signing in'),
            giftCards: z.object({ minAmount: z.number().int(), maxAmount: z.number().int() }),
            portal: z.object({
              enabled: z.boolean(),
              viewRecurring: z.boolean(),
              editRecurring: z.boolean(),
            }),
          }),
        },
      },
    },
    async () => {
      const settings = await getSettings(db);
      const { minAmount, maxAmount } = settings.giftCards;
      return {
        name: settings.businessName,
        currency: settings.currency,
        onlineShop: settings.onlineShop,
        guestCheckout: settings.guestCheckout,
        giftCards: { minAmount, maxAmount },
        portal: {
          enabled: settings.portal.enabled,
          viewRecurring: settings.portal.enabled && settings.portal.viewRecurring,
          editRecurring:
            settings.portal.enabled && settings.portal.viewRecurring && settings.portal.editRecurring,
        },
      };
    },
  );
}
