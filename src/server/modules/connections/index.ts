// What the rest of Tandem may use of cart connections.
import { SealedBox } from '../../platform/sealed-box.js';

/** The box cart credentials are sealed in: derived from the data key, for this purpose only. */
export const connectionCredentialBox = (dataKey: Buffer) =>
  new SealedBox(dataKey, 'tandem cart credentials: seal');

export { type OpenCart, openCart } from './open-cart.js';
export { CART_OUTBOX_CHANNEL, type PushDeps, pushChanges } from './push-changes.js';
export { pruneWebhookDeliveries } from './receive-webhook.js';
export { runSync, type SyncDeps, type SyncTrigger } from './run-sync.js';
export { claimDueRuns, SYNC_CHANNEL } from './sync-control.js';
