import { eq, sql } from 'drizzle-orm';
import {
  defaultSettings,
  type Settings,
  type SettingsPatch,
  settingsSchema,
} from '../../../contracts/settings.js';
import type { Actor } from '../../platform/auth.js';
import { preparedStatement, type Tx } from '../../platform/db.js';
import { DomainError, validationFailed } from '../../platform/errors.js';
import { diffObjects, recordAudit } from '../audit/index.js';
import { businessSettings } from './schema.js';

export type { Settings } from '../../../contracts/settings.js';

const settingsRow = preparedStatement((db) =>
  db.select().from(businessSettings).where(eq(businessSettings.id, 1)).prepare('settings_row'),
);

export async function getSettings(tx: Tx): Promise<Settings> {
  const [row] = await settingsRow(tx, {});
  // Settings added by a later release get their defaults until first saved.
  return row ? mergeSettings(defaultSettings, row.value as SettingsPatch) : defaultSettings;
}

/**
 * The customer portal's own pages (recurring orders, packages, saved cards) answer 403
 * `feature_disabled` while the portal is switched off; signing in and checkout do not ask.
 */
export async function requirePortal(tx: Tx, what: string): Promise<void> {
  if (!(await getSettings(tx)).portal.enabled) {
    throw new DomainError(
      'feature_disabled',
      'feature_disabled',
      `${what} are not offered by this shop online.`,
    );
  }
}

export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  return {
    ...base,
    ...patch,
    store: { ...base.store, ...patch.store },
    giftCards: { ...base.giftCards, ...patch.giftCards },
    portal: { ...base.portal, ...patch.portal },
  };
}

async function databaseKnowsZone(tx: Tx, zone: string): Promise<boolean> {
  const result = (await tx.execute(sql`select 1 from pg_timezone_names where name = ${zone}`)) as {
    rows: unknown[];
  };
  return result.rows.length > 0;
}

/** Applies a partial change and records exactly what changed in the audit log. */
export async function updateSettings(tx: Tx, actor: Actor, patch: SettingsPatch): Promise<Settings> {
  return tx.transaction(async (t) => {
    await t.insert(businessSettings).values({ id: 1, value: defaultSettings }).onConflictDoNothing();
    await t.select().from(businessSettings).where(eq(businessSettings.id, 1)).for('update');
    const before = await getSettings(t);
    const parsed = settingsSchema.safeParse(mergeSettings(before, patch));
    if (!parsed.success) {
      throw validationFailed(
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const after = parsed.data;
    // Node and the database each carry their own time zone data: both must know the shop's zone.
    if (after.timeZone !== before.timeZone && !(await databaseKnowsZone(t, after.timeZone))) {
      throw validationFailed([{ path: 'timeZone', message: 'must be a time zone such as America/Chicago' }]);
    }
    const changes = diffObjects(before, after);
    if (Object.keys(changes).length === 0) return after;
    await t
      .update(businessSettings)
      .set({ value: after, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(businessSettings.id, 1));
    await recordAudit(t, actor, { action: 'settings.updated', entity: 'settings', changes });
    return after;
  });
}
