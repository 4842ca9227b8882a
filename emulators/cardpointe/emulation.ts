import type { FaultPlan } from './faults.js';
import type { GatewayStore } from './store.js';
import type { CardVault } from './vault.js';

/** One request as received, with card numbers masked and card security values blanked. */
export interface RecordedRequest {
  method: string;
  endpoint: string;
  path: string;
  body: unknown;
}

/** Everything one running emulator holds, handed to each request handler. */
export interface Emulation {
  store: GatewayStore;
  vault: CardVault;
  faults: FaultPlan;
  requests: RecordedRequest[];
  username: string;
  password: string;
  /** Aborted on close, so answers held back by a planned hang stop waiting. */
  shutdown: AbortSignal;
}
