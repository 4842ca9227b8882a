import { and, eq } from 'drizzle-orm';
import { type ConnectionTest, TEST_PASSED } from '../../../contracts/connections.js';
import type { Tx } from '../../platform/db.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import { getSettings } from '../settings/index.js';
import { CartError, type CartFailure } from './cart.js';
import { type ConnectionRow, connectionFingerprint, openCredentials } from './connections.js';
import { cartNames, type OpenCart } from './open-cart.js';
import { connectionRow } from './read-connections.js';
import { connections } from './schema.js';

/** What staff read when a test fails, by what went wrong. */
function failureWords(failure: CartFailure, row: ConnectionRow): string {
  switch (failure) {
    case 'unreachable':
      return 'ADDRESS NOT REACHED';
    case 'unauthorized':
      return 'CREDENTIALS REFUSED';
    case 'forbidden':
      return 'MISSING PERMISSION';
    case 'not_a_cart':
      return `NOT A ${cartNames[row.type].toUpperCase()} SITE`;
    case 'throttled':
      return 'THE CART ASKED TO SLOW DOWN';
    case 'server_error':
      return 'THE CART FAILED';
    case 'not_found':
    case 'rejected':
      return 'THE CART REFUSED';
  }
}

/**
 * Calls the cart with the connection's address and credentials and remembers the answer. Only a
 * pass with the address and credentials still saved when it ends lets auto-sync start: a change
 * made while the test ran is not marked tested.
 */
export async function testConnection(
  db: Tx,
  deps: { box: SealedBox; openCart: OpenCart },
  id: string,
): Promise<ConnectionTest> {
  const row = await connectionRow(db, id);
  const { currency } = await getSettings(db);
  let result: ConnectionTest;
  try {
    const cart = deps.openCart(row.type, {
      url: row.url,
      credentials: openCredentials(deps.box, row),
      currency,
      timeoutMs: 15_000,
    });
    await cart.test();
    result = { ok: true, detail: TEST_PASSED };
  } catch (err) {
    if (!(err instanceof CartError)) throw err;
    result = { ok: false, detail: `TEST FAILED: ${failureWords(err.failure, row)}. ${err.message}` };
  }
  await db
    .update(connections)
    .set({
      testedAt: new Date(),
      lastTestOk: result.ok ? 'yes' : 'no',
      lastTestDetail: result.detail,
      testedFingerprint: result.ok ? connectionFingerprint(row) : null,
      ...(result.ok ? { stoppedReason: null } : {}),
    })
    .where(
      and(
        eq(connections.id, id),
        eq(connections.credentialsSealed, row.credentialsSealed),
        eq(connections.url, row.url),
      ),
    );
  return result;
}
