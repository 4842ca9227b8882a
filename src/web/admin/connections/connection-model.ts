import { type ConnectionType, credentialNames } from '../../../contracts/connections.js';
import type { Connection, SyncRun, WorkReport } from '../../api-client.js';

/** Everything read about connections starts with this key, so that one sync event refreshes it all. */
export const connectionsKey = ['connections'] as const;
export const connectionListKey = ['connections', 'list'] as const;
export const connectionKey = (id: string) => ['connections', 'one', id] as const;
export const runsKey = (id: string) => ['connections', 'runs', id] as const;
/** What a cart has: apart from `connectionsKey`, since reading it calls the cart. */
export const cartRecordsKey = (id: string) => ['cart-records', id] as const;

export const cartTypeLabels: Record<ConnectionType, string> = {
  woocommerce: 'WooCommerce',
  prestashop: 'PrestaShop',
  custom: 'Tandem cart protocol',
  shopify: 'Shopify',
};

/** The order "Add cart" offers them in: those Tandem syncs with first. */
export const cartTypes: readonly ConnectionType[] = ['woocommerce', 'prestashop', 'custom', 'shopify'];

export const credentialLabels: Record<string, { label: string; hint: string }> = {
  consumerKey: {
    label: 'Consumer key',
    hint: 'WooCommerce → Settings → Advanced → REST API: a key with Read/Write permissions. It starts with ck_.',
  },
  consumerSecret: {
    label: 'Consumer secret',
    hint: 'Shown with the key when it is made. It starts with cs_.',
  },
  webhookSecret: {
    label: 'Webhook secret',
    hint: 'The secret of the webhooks that send this cart’s changes to Tandem at once. Leave blank without webhooks.',
  },
  apiKey: {
    label: 'Webservice key',
    hint: 'PrestaShop → Advanced Parameters → Webservice: a key allowed to read and write products, customers, orders and stock.',
  },
  accessToken: { label: 'Admin API access token', hint: 'From a custom app in the Shopify admin.' },
  token: { label: 'Token', hint: 'The bearer token the cart gave for Tandem (Tandem cart protocol).' },
};

/** The credentials a type of cart takes, required first. */
export const credentialsOf = (type: ConnectionType): { name: string; required: boolean }[] => [
  ...credentialNames[type].required.map((name) => ({ name, required: true })),
  ...credentialNames[type].optional.map((name) => ({ name, required: false })),
];

export { documentKindLabels } from '../../components/order-model.js';

export const runStatusLabels: Record<SyncRun['status'], string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export const runStatusBadge: Record<SyncRun['status'], string> = {
  running: 'badge-kept',
  succeeded: 'badge-ok',
  failed: 'badge-failed',
  interrupted: 'badge-low',
};

export const triggerLabels: Record<SyncRun['trigger'], string> = {
  schedule: 'Scheduled',
  manual: 'Run now',
  webhook: 'Webhook',
};

export const entityLabels: Record<string, string> = {
  orders: 'Orders',
  items: 'Items',
  customers: 'Customers',
};

export const countsText = (c: SyncRun['counts']): string =>
  `${c.imported} imported, ${c.updated} updated, ${c.skipped} skipped, ${c.failed} failed`;

export const reportCountsText = (c: WorkReport['counts']): string =>
  `${c.created} created, ${c.linked} linked, ${c.updated} updated, ${c.skipped} skipped, ${c.failed} failed`;

/** Auto-sync may start (and a run be asked for) only after a passed test with the saved address and keys. */
export const mayRun = (c: Pick<Connection, 'lastTest'>): boolean =>
  (c.lastTest?.ok ?? false) && (c.lastTest?.current ?? false);

/** Why Start and Run now are not offered yet, in the merchant's words; null once they are. */
export function whyNotRunnable(c: Pick<Connection, 'lastTest'>): string | null {
  if (mayRun(c)) return null;
  if (c.lastTest === null) return 'Test the connection first: auto-sync starts once a test has passed.';
  if (!c.lastTest.current) {
    return 'The address or credentials changed since the last test: test the connection again.';
  }
  return 'The last test failed: fix what it names, then test the connection again.';
}

const two = (n: number) => String(n).padStart(2, '0');

/** An ISO time as a `datetime-local` input shows it, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A `datetime-local` value as an ISO time: null when blank, undefined when it is no time. */
export function fromLocalInput(value: string): string | null | undefined {
  if (value.trim() === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Several reports of one batch sent in chunks, as one. */
export function mergeReports(reports: readonly WorkReport[]): WorkReport | null {
  const [first] = reports;
  if (!first) return null;
  const counts = { created: 0, linked: 0, updated: 0, skipped: 0, failed: 0 };
  for (const r of reports) {
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += r.counts[k];
  }
  return { dryRun: first.dryRun, counts, results: reports.flatMap((r) => r.results) };
}

/** Splits `ids` into chunks of `size`, in order. */
export function chunks<T>(ids: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
