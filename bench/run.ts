// `npm run bench` runs every benchmark; `npm run bench -- catalog` (or startup, payments, orders, gift-cards, renewals, connections) runs one.
import { benchCatalog } from './catalog.js';
import { benchConnections } from './connections.js';
import { benchGiftCards } from './gift-cards.js';
import { benchOrders } from './orders.js';
import { benchPayments } from './payments.js';
import { benchRenewals } from './renewals.js';
import { benchStartup } from './startup.js';

const benches: Record<string, () => Promise<void>> = {
  startup: benchStartup,
  catalog: benchCatalog,
  payments: benchPayments,
  orders: benchOrders,
  'gift-cards': benchGiftCards,
  renewals: benchRenewals,
  connections: benchConnections,
};
const chosen = process.argv.slice(2);
for (const name of chosen.length > 0 ? chosen : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) {
    console.error(`No benchmark ${name}; there are: ${Object.keys(benches).join(', ')}`);
    process.exit(1);
  }
  console.log(`== ${name}`);
  await bench();
}
