import type { Connection } from '../../api-client.js';
import { ConnectionDetailsForm } from './connection-details-form.js';
/** Auto-sync: test, start and stop; what comes from the cart and goes to it; the webhook address; the keys. */
import { RemoveConnection } from './remove-connection.js';
import { SyncControls } from './sync-controls.js';
import { SyncOptionsForm } from './sync-options-form.js';
import { WebhookAddress } from './webhook-address.js';

export function AutoSyncTab({ connection }: { connection: Connection }) {
  return (
    <div className="stack">
      <SyncControls connection={connection} />
      <SyncOptionsForm connection={connection} />
      <WebhookAddress connection={connection} />
      <ConnectionDetailsForm connection={connection} />
      <RemoveConnection connection={connection} />
    </div>
  );
}
