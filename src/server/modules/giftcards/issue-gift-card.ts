import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { IssuedGiftCard } from '../../../contracts/giftcards.js';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { GiftCardVault } from './code-vault.js';
import { newGiftCardCode, normaliseCode, serialProblem } from './gift-card.js';
import { type CardRow, toGiftCard } from './gift-cards.js';
import { appendEntry } from './ledger.js';
import { sanitiseMessage } from './message-html.js';
import { giftCards } from './schema.js';

export interface IssueInput {
  amount: number;
  currency: string;
  /** A physical card's printed serial; Tandem numbers a virtual card when left out. */
  serial?: string | undefined;
  ownerEmail?: string | null | undefined;
  customerId?: string | null | undefined;
  /** The sender's message as HTML; kept sanitised. */
  message?: string | null | undefined;
  senderName?: string | null | undefined;
  notes?: string | null | undefined;
  /** The order that sold it. */
  orderId?: string | null | undefined;
  /** The store's 4-digit serial prefix, from settings. */
  serialPrefix: string;
  /** Where a bad serial is reported in the request, e.g. `giftCards.0.serial`. */
  serialPath?: string;
  actor: Actor;
  at?: Date;
}

const codeTaken = async (tx: Tx, hash: string) =>
  (await tx.select({ id: giftCards.id }).from(giftCards).where(eq(giftCards.codeHash, hash))).length > 0;

/**
 * Issues an active card with `amount` on it: writes the card, then its `issue` entry. The answer
 * carries the full code; nothing after this does, except the owner's own view.
 */
export async function issueGiftCard(
  tx: Tx,
  vault: GiftCardVault,
  input: IssueInput,
): Promise<IssuedGiftCard & { row: CardRow }> {
  let code: string;
  if (input.serial !== undefined) {
    const path = input.serialPath ?? 'serial';
    const problem = serialProblem(input.serial);
    if (problem) throw validationFailed([{ path, message: problem }]);
    code = normaliseCode(input.serial);
    if (await codeTaken(tx, vault.lookupHash(code))) {
      throw new DomainError(
        'conflict',
        'conflict',
        `A gift card with the serial ending ${code.slice(-4)} exists already.`,
        {
          errors: [{ path, message: 'is already another card’s serial' }],
        },
      );
    }
  } else {
    // 10^11 codes per prefix: a clash is rare, but a code must never be given twice.
    do code = newGiftCardCode(input.serialPrefix, () => randomInt(10));
    while (await codeTaken(tx, vault.lookupHash(code)));
  }
  const at = input.at ?? new Date();
  const message = input.message ? sanitiseMessage(input.message) || null : null;
  const [card] = await tx
    .insert(giftCards)
    .values({
      id: newId('gc'),
      kind: input.serial !== undefined ? 'physical' : 'virtual',
      status: 'pending',
      currency: input.currency,
      codeSealed: vault.seal(code),
      codeHash: vault.lookupHash(code),
      last4: code.slice(-4),
      customerId: input.customerId ?? null,
      ownerEmail: input.ownerEmail?.trim().toLowerCase() || null,
      message,
      senderName: input.senderName ?? null,
      notes: input.notes ?? null,
      initialAmount: input.amount,
      orderId: input.orderId ?? null,
      ...actorColumns(input.actor),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const issued = await appendEntry(tx, card!, {
    kind: 'issue',
    amount: input.amount,
    orderId: input.orderId ?? null,
    actor: input.actor,
    at,
  });
  return { ...toGiftCard(issued.card), code, row: issued.card };
}
