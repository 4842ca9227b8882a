// Gift card redemptions at the register through the HTTP API of the built server, on PostgreSQL:
// 32 registers at once, each sale a service paid by gift card (a ledger entry and an order tender
// in the order's transaction), first all on one hot card, then spread over 10,000 cards.
import { randomBytes } from 'node:crypto';
import { GiftCardVault, issueGiftCard } from '../src/server/modules/giftcards/index.js';
import { systemActor } from '../src/server/platform/auth.js';
import { openPostgres } from '../src/server/platform/db.js';
import { withFreshPostgres } from './databases.js';
import { type LoadResult, runClients } from './load.js';
import { signInOwner, startBuiltTandem } from './tandem-process.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 32;
const CARDS = Number(process.env.BENCH_CARDS ?? 10_000);
const PRICE = 100;

/** Cards issued straight through the ledger (as the back office would), each with plenty on it. */
async function issueCards(url: string, vault: GiftCardVault, count: number): Promise<string[]> {
  const database = await openPostgres(url);
  const codes: string[] = [];
  try {
    while (codes.length < count) {
      const batch = Math.min(500, count - codes.length);
      await database.db.transaction(async (tx) => {
        for (let i = 0; i < batch; i++) {
          const card = await issueGiftCard(tx, vault, {
            amount: 100_000_000,
            currency: 'USD',
            serialPrefix: '6061',
            actor: systemActor,
          });
          codes.push(card.code);
        }
      });
    }
  } finally {
    await database.close();
  }
  return codes;
}

async function redeemers(url: string, codes: readonly string[]): Promise<LoadResult> {
  const headers = await signInOwner(url);
  const res = await fetch(`${url}/api/admin/items`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      kind: 'service',
      sku: `GC-BENCH-${codes.length}`,
      name: 'Bench service',
      price: PRICE,
      cost: 0,
      taxRate: 0,
    }),
  });
  if (!res.ok) throw new Error(`item: ${res.status} ${await res.text()}`);
  const item = (await res.json()) as { id: string };
  let n = 0;
  return runClients(CLIENTS, seconds, async () => {
    const code = codes[Math.floor(Math.random() * codes.length)]!;
    const sale = await fetch(`${url}/api/pos/sales`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `gc-bench-${process.pid}-${codes.length}-${++n}` },
      body: JSON.stringify({
        lines: [{ itemId: item.id, quantity: 1 }],
        payments: [{ method: 'gift_card', code, amount: PRICE }],
      }),
    });
    const body = await sale.text();
    if (sale.status !== 201 && process.env.BENCH_DEBUG) console.log(sale.status, body.slice(0, 300));
    return sale.status === 201;
  });
}

const report = (label: string, r: LoadResult) =>
  console.log(
    `postgres  gift card redemptions, ${label.padEnd(18)} ${CLIENTS} registers: ${r.perSecond.toFixed(0)} sales/s, ` +
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.failed ? `, ${r.failed} failed` : ''} (${seconds} s)`,
  );

export async function benchGiftCards(): Promise<void> {
  await withFreshPostgres(async (url) => {
    const key = randomBytes(32);
    const vault = new GiftCardVault(key);
    const tandem = await startBuiltTandem({
      DATABASE_URL: url,
      TANDEM_SEED: 'none',
      LOG_LEVEL: 'silent',
      GIFT_CARD_KEY: key.toString('hex'),
    });
    try {
      const [hot] = await issueCards(url, vault, 1);
      report('one hot card,', await redeemers(tandem.url, [hot!]));
      const began = performance.now();
      const many = await issueCards(url, vault, CARDS);
      console.log(`postgres  issued ${CARDS} cards in ${((performance.now() - began) / 1000).toFixed(1)} s`);
      report(`${CARDS} cards,`, await redeemers(tandem.url, many));
    } finally {
      await tandem.stop();
    }
  });
}
