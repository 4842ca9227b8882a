import type { Database, Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import { getSettings } from '../settings/index.js';
import { type Cart, CartError } from './cart.js';
import { type ConnectionRow, openCredentials } from './connections.js';
import type { OpenCart } from './open-cart.js';
import { connectionRow } from './read-connections.js';

/** What the cart lists, the selective import and the export need: each opens the cart and calls it. */
export interface ManualDeps {
  db: Database['db'];
  box: SealedBox;
  openCart: OpenCart;
}

/** A cart's failure, as staff read it in the answer (502: the cart, not the request, went wrong). */
export const cartProblem = (err: CartError) =>
  new DomainError(
    err.failure === 'unauthorized' || err.failure === 'forbidden' ? 'conflict' : 'unavailable',
    err.failure === 'unauthorized' || err.failure === 'forbidden' ? 'cart_refused' : 'cart_unavailable',
    `The cart answered: ${err.message}`,
  );

export async function openForWork(
  deps: ManualDeps,
  id: string,
): Promise<{ row: ConnectionRow; cart: Cart; currency: string }> {
  const row = await connectionRow(deps.db, id);
  const { currency } = await getSettings(deps.db);
  try {
    return {
      row,
      currency,
      cart: deps.openCart(row.type, { url: row.url, credentials: openCredentials(deps.box, row), currency }),
    };
  } catch (err) {
    if (err instanceof CartError) throw cartProblem(err);
    throw err;
  }
}

export const calling = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CartError) throw cartProblem(err);
    throw err;
  }
};

class RolledBack extends Error {}

/** Runs `work` in a transaction that is always rolled back: what it would do, doing nothing. */
export async function dryRun<T>(db: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await work(tx);
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  return result as T;
}

export interface ImportRequest {
  ids: string[];
  mode: 'create' | 'link';
  links?: Record<string, string> | undefined;
  rows?:
    | Record<
        string,
        { sku?: string | undefined; cost?: number | undefined; stock?: number | null | undefined }
      >
    | undefined;
  dryRun?: boolean | undefined;
}

export interface RecordResult {
  id: string;
  outcome: 'created' | 'linked' | 'updated' | 'skipped' | 'failed';
  tandemId: string | null;
  externalId: string | null;
  reason: string | null;
}

export interface WorkReport {
  dryRun: boolean;
  counts: { created: number; linked: number; updated: number; skipped: number; failed: number };
  results: RecordResult[];
}

export const report = (dry: boolean, results: RecordResult[]): WorkReport => ({
  dryRun: dry,
  counts: {
    created: results.filter((r) => r.outcome === 'created').length,
    linked: results.filter((r) => r.outcome === 'linked').length,
    updated: results.filter((r) => r.outcome === 'updated').length,
    skipped: results.filter((r) => r.outcome === 'skipped').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
  },
  results,
});

/**
 * Imports the chosen cart records: each is read from the cart, then all are created or linked in
 * one transaction (rolled back for a dry run, which answers the same report and changes nothing).
 */
