import { and, eq } from 'drizzle-orm';
import type { Payment, PaymentMethod } from '../../../contracts/payments.js';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { formatMajorUnits } from '../../platform/money.js';
import { getSettings } from '../settings/index.js';
import { brandOfToken } from './cardpointe-client.js';
import { savedOnlineBy } from './cards-saved-online.js';
import {
  type AuthorizeRequest,
  type CardEntry,
  type CardGateway,
  type CardSource,
  type GatewayAnswer,
  type GatewayTransaction,
  GatewayUnreachable,
} from './gateway.js';
import { answerColumns, newGatewayOrderId, toPayment, toPaymentMethod } from './payments.js';
import { paymentMethods, paymentOperations, payments } from './schema.js';

export interface PaymentDeps {
  /** The database outside any transaction: the gateway is never called inside one. */
  db: Tx;
  gateway: CardGateway;
  now?: () => Date;
}

export interface ChargeInput {
  amount: number;
  card: { token: string; expiry: string; cvv?: string | undefined } | { paymentMethodId: string };
  entry: CardEntry;
  purpose: 'sale' | 'card_check' | 'renewal';
  customerId?: string | null | undefined;
  /** Authorise only (a card check); captured at once otherwise. */
  capture?: boolean | undefined;
  /** Keep the card as a saved card of `customerId` (they agreed). */
  saveCard?: boolean | undefined;
  name?: string | undefined;
  postal?: string | undefined;
  actor: Actor;
  /** The store settings, when the caller has just read them (one query fewer on a busy register). */
  settings?: { cardProcessing: boolean; currency: string } | undefined;
  /**
   * The payment's id, when the caller wrote it down before charging (a renewal attempt), so that
   * a run cut short can find out what became of the charge.
   */
  paymentId?: string | undefined;
}

export interface ChargeResult {
  payment: Payment;
  savedCard: PaymentMethod | null;
}

type PaymentRow = typeof payments.$inferSelect;

/**
 * Charges a card (authorise and capture) at most once. The intent is written first; then the
 * gateway is called outside any transaction; then the answer is written. An answer that is lost
 * or says "retry" is resolved by asking the gateway for the attempt's order id before trying
 * again, so a card is never charged twice; what stays unknown is left pending for the settling
 * job, which reverses any charge nobody received.
 */
export async function chargeCard(deps: PaymentDeps, input: ChargeInput): Promise<ChargeResult> {
  const settings = input.settings ?? (await getSettings(deps.db));
  if (!settings.cardProcessing) {
    throw new DomainError(
      'feature_disabled',
      'feature_disabled',
      'Card processing is switched off in Settings.',
    );
  }
  if (input.saveCard && !input.customerId) {
    throw new DomainError('invalid_input', 'validation_failed', 'Only a customer’s card can be saved.');
  }
  const currency = settings.currency;
  const card = await resolveCard(deps.db, input);
  const payment = await beginCharge(
    deps.db,
    deps.gateway.name,
    { ...input, currency, paymentMethodId: card.paymentMethodId },
    card.brand,
    card.last4,
  );
  const request: Omit<AuthorizeRequest, 'orderId'> = {
    amount: input.amount,
    currency,
    card: card.source,
    capture: input.capture !== false,
    entry: input.entry,
    saveProfile: input.saveCard === true,
    name: input.name,
    postal: input.postal,
  };

  let outcome = await attempt(deps, payment, request, payment.gatewayOrderId, payment.operationId);
  if (outcome.kind === 'not_processed' || (outcome.kind === 'answer' && outcome.answer.status === 'retry')) {
    // The gateway said "try again" or never saw it: one more attempt, under its own order id.
    const second = newGatewayOrderId();
    await deps.db.update(payments).set({ gatewayOrderId: second }).where(eq(payments.id, payment.id));
    outcome = await attempt(deps, payment, request, second);
  }

  if (outcome.kind === 'unknown') {
    await deps.db
      .update(payments)
      .set({
        note: 'The gateway did not answer; the settling job will find out what happened.',
        updatedAt: now(deps),
      })
      .where(eq(payments.id, payment.id));
    throw new DomainError(
      'unavailable',
      'payment_gateway_unavailable',
      'The card gateway did not answer. If the card was charged, the charge will be reversed; nothing is owed. Try again in a moment.',
    );
  }
  if (outcome.kind === 'not_processed' || outcome.answer.status === 'retry') {
    const text = outcome.kind === 'answer' ? outcome.answer.text : 'not processed';
    await finish(deps, payment.id, {
      status: 'failed',
      note: `The gateway could not process the card (${text}).`,
    });
    throw new DomainError(
      'payment_declined',
      'payment_declined',
      `The card could not be processed (${text}). Nothing was charged; try again or use another card.`,
    );
  }

  const { answer, operation } = outcome;
  if (answer.status === 'declined') {
    await finish(deps, payment.id, { status: 'declined', ...answerColumns(answer) }, operation);
    throw new DomainError(
      'payment_declined',
      'payment_declined',
      `The card was declined: ${declineText(answer)}.`,
    );
  }

  if (answer.amount < input.amount) {
    return reversePartialApproval(deps, payment.id, answer, input.amount, currency, operation);
  }

  const approved: PaymentChange = {
    status: request.capture ? 'captured' : 'authorized',
    approvedAmount: answer.amount,
    capturedAmount: request.capture ? answer.amount : 0,
    authCode: answer.authCode,
    avsResp: answer.avs,
    cvvResp: answer.cvv,
    ...answerColumns(answer),
  };
  const profile =
    input.saveCard && input.customerId && answer.profileId && answer.accountId && 'token' in card.source
      ? {
          customerId: input.customerId,
          profileId: answer.profileId,
          accountId: answer.accountId,
          expiry: card.source.expiry,
        }
      : null;
  if (!profile) {
    // One statement: the operation's answer and the payment's.
    return { payment: toPayment(await finish(deps, payment.id, approved, operation)), savedCard: null };
  }
  return deps.db.transaction(async (tx) => {
    const savedCard = await keepSavedCard(tx, deps, { ...profile, brand: card.brand, last4: card.last4 });
    const row = await finishIn(
      tx,
      deps,
      payment.id,
      { ...approved, paymentMethodId: savedCard.id },
      operation,
    );
    return { payment: toPayment(row), savedCard };
  });
}

const now = (deps: Pick<PaymentDeps, 'now'>) => deps.now?.() ?? new Date();

const declineText = (answer: GatewayAnswer) => answer.text || `code ${answer.code}`;

async function resolveCard(
  db: Tx,
  input: ChargeInput,
): Promise<{ source: CardSource; brand: string; last4: string; paymentMethodId: string | null }> {
  if ('paymentMethodId' in input.card) {
    const filters = [eq(paymentMethods.id, input.card.paymentMethodId)];
    if (input.customerId) filters.push(eq(paymentMethods.customerId, input.customerId));
    // A customer pays online only with a card their own account saved.
    if (input.actor.type === 'customer') filters.push(savedOnlineBy(db, input.actor.id ?? ''));
    const [method] = await db
      .select()
      .from(paymentMethods)
      .where(and(...filters));
    if (!method) throw notFound('No such saved card.');
    return {
      source: { profileId: method.profileId, accountId: method.accountId },
      brand: method.brand,
      last4: method.last4,
      paymentMethodId: method.id,
    };
  }
  const { token, expiry, cvv } = input.card;
  return {
    source: { token, expiry, cvv },
    brand: brandOfToken(token),
    last4: token.slice(-4),
    paymentMethodId: null,
  };
}

/**
 * The intent: a pending payment and its pending authorisation, before the gateway hears of it —
 * one statement, so one round trip and one commit.
 */
export async function beginCharge(
  db: Tx,
  gateway: 'sandbox' | 'cardpointe',
  input: Omit<ChargeInput, 'card'> & { currency: string; paymentMethodId?: string | null },
  brand: string | null,
  last4: string | null,
): Promise<PaymentRow & { operationId: string }> {
  const id = input.paymentId ?? newId('pay');
  const operationId = newId('pop');
  const gatewayOrderId = newGatewayOrderId();
  // Whole milliseconds, as the list's cursor carries them.
  const at = new Date();
  const operation = db.$with('operation').as(
    db
      .insert(paymentOperations)
      .values({
        id: operationId,
        paymentId: id,
        kind: 'authorize',
        status: 'pending',
        amount: input.amount,
        gatewayOrderId,
        ...actorColumns(input.actor),
        createdAt: at,
      })
      .returning({ id: paymentOperations.id }),
  );
  const [row] = await db
    .with(operation)
    .insert(payments)
    .values({
      id,
      gatewayOrderId,
      gateway,
      status: 'pending',
      purpose: input.purpose,
      entry: input.entry,
      amount: input.amount,
      currency: input.currency,
      customerId: input.customerId ?? null,
      paymentMethodId: input.paymentMethodId ?? null,
      brand,
      last4,
      ...actorColumns(input.actor),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  return { ...row!, operationId };
}

/** An operation's answer not written yet. */
interface OperationResult {
  id: string;
  answer: GatewayAnswer;
}

type Outcome =
  | { kind: 'answer'; answer: GatewayAnswer; operation?: OperationResult }
  /** The gateway has no record of the attempt: safe to try again. */
  | { kind: 'not_processed' }
  /** Neither an answer nor an inquiry got through. */
  | { kind: 'unknown' };

/**
 * One authorisation under `orderId`, its intent and result kept as an operation. The intent is
 * written here unless `written` names the operation already written with the payment. A plain
 * answer comes back with its operation still to complete: the caller writes it together with the
 * payment's own change (`finish`).
 */
async function attempt(
  deps: PaymentDeps,
  payment: PaymentRow,
  request: Omit<AuthorizeRequest, 'orderId'>,
  orderId: string,
  written?: string,
): Promise<Outcome> {
  const operationId = written ?? newId('pop');
  if (!written) {
    await deps.db.insert(paymentOperations).values({
      id: operationId,
      paymentId: payment.id,
      kind: 'authorize',
      status: 'pending',
      amount: request.amount,
      gatewayOrderId: orderId,
      ...actorColumns({ type: payment.actorType, id: payment.actorId, label: payment.actorLabel }),
    });
  }
  let answer: GatewayAnswer | null = null;
  try {
    answer = await deps.gateway.authorize({ ...request, orderId });
  } catch (err) {
    if (!(err instanceof GatewayUnreachable)) throw err;
  }
  if (answer && answer.status !== 'retry') {
    return { kind: 'answer', answer, operation: { id: operationId, answer } };
  }
  // No answer, or "retry": ask the gateway whether this attempt went through after all.
  let found: GatewayTransaction[];
  try {
    found = await deps.gateway.inquireByOrderId(orderId, request.currency);
  } catch (err) {
    if (!(err instanceof GatewayUnreachable)) throw err;
    return { kind: 'unknown' };
  }
  const approved = found.find((t) => t.status === 'approved');
  if (approved) {
    const recovered = answerFromTransaction(approved);
    await completeOperation(deps, operationId, recovered, 'Answer lost; found approved by inquiry');
    return { kind: 'answer', answer: recovered };
  }
  if (answer) {
    await completeOperation(deps, operationId, answer);
    return { kind: 'answer', answer };
  }
  const declined = found.find((t) => t.status === 'declined');
  if (declined) {
    const recovered = answerFromTransaction(declined);
    await completeOperation(deps, operationId, recovered, 'Answer lost; found declined by inquiry');
    return { kind: 'answer', answer: recovered };
  }
  await deps.db
    .update(paymentOperations)
    .set({ status: 'failed', reason: 'No answer; the gateway has no record of it', completedAt: now(deps) })
    .where(eq(paymentOperations.id, operationId));
  return { kind: 'not_processed' };
}

export function answerFromTransaction(t: GatewayTransaction): GatewayAnswer {
  return {
    status: t.status,
    code: t.code,
    text: t.text,
    processor: '',
    retref: t.retref,
    amount: t.amount,
    authCode: null,
    token: null,
    profileId: null,
    accountId: null,
    avs: null,
    cvv: null,
  };
}

export async function completeOperation(
  deps: Pick<PaymentDeps, 'db' | 'now'>,
  operationId: string,
  answer: GatewayAnswer,
  reason?: string,
): Promise<void> {
  await deps.db
    .update(paymentOperations)
    .set({ ...operationAnswer(deps, answer), ...(reason ? { reason } : {}) })
    .where(eq(paymentOperations.id, operationId));
}

/** What an operation keeps of the gateway's answer. */
const operationAnswer = (deps: Pick<PaymentDeps, 'now'>, answer: GatewayAnswer) => ({
  status: (answer.status === 'approved'
    ? 'approved'
    : answer.status === 'declined'
      ? 'declined'
      : 'failed') as 'approved' | 'declined' | 'failed',
  ...answerColumns(answer),
  completedAt: now(deps),
});

type PaymentChange = Partial<Omit<PaymentRow, 'id' | 'createdAt'>>;

async function finish(
  deps: PaymentDeps,
  paymentId: string,
  change: PaymentChange,
  operation?: OperationResult,
): Promise<PaymentRow> {
  return finishIn(deps.db, deps, paymentId, change, operation);
}

/** Writes a payment's change, and the answer of its operation when there is one, in one statement. */
async function finishIn(
  tx: Tx,
  deps: PaymentDeps,
  paymentId: string,
  change: PaymentChange,
  operation?: OperationResult,
): Promise<PaymentRow> {
  const update = (db: Tx) =>
    db
      .update(payments)
      .set({ ...change, updatedAt: now(deps) })
      .where(eq(payments.id, paymentId))
      .returning();
  if (!operation) return (await update(tx))[0]!;
  const completed = tx
    .$with('completed')
    .as(
      tx
        .update(paymentOperations)
        .set(operationAnswer(deps, operation.answer))
        .where(eq(paymentOperations.id, operation.id))
        .returning({ id: paymentOperations.id }),
    );
  const [row] = await tx
    .with(completed)
    .update(payments)
    .set({ ...change, updatedAt: now(deps) })
    .where(eq(payments.id, paymentId))
    .returning();
  return row!;
}

/**
 * A partial approval (the card covers only part) is reversed at once: a sale paid in part by a
 * card the customer thinks paid in full helps nobody. The cashier then asks for another card.
 */
async function reversePartialApproval(
  deps: PaymentDeps,
  paymentId: string,
  answer: GatewayAnswer,
  asked: number,
  currency: string,
  operation: OperationResult | undefined,
): Promise<never> {
  await finish(
    deps,
    paymentId,
    {
      status: 'captured',
      approvedAmount: answer.amount,
      capturedAmount: answer.amount,
      authCode: answer.authCode,
      ...answerColumns(answer),
    },
    operation,
  );
  const reversed = await voidPayment(deps, paymentId, 'Partial approval reversed', {
    type: 'system',
    id: null,
    label: 'Tandem',
  });
  const approved = formatMajorUnits(answer.amount, currency);
  const whole = formatMajorUnits(asked, currency);
  throw new DomainError(
    'payment_declined',
    'payment_declined',
    reversed
      ? `The card was approved for only ${approved} of ${whole}; that approval was reversed. Use another card or another way to pay.`
      : `The card was approved for only ${approved} of ${whole}; Tandem is reversing that approval. Use another card or another way to pay.`,
  );
}

/**
 * Voids a payment the gateway has not settled yet, intent first. Returns whether the gateway
 * confirmed; an unanswered void stays pending for the settling job to finish.
 */
export async function voidPayment(
  deps: PaymentDeps,
  paymentId: string,
  reason: string,
  actor: Actor,
  /** The void's intent, when the caller wrote it already (under the payment's lock). */
  written?: string,
): Promise<boolean> {
  const [payment] = await deps.db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment?.retref) return false;
  const operationId = written ?? newId('pop');
  if (!written)
    await deps.db.insert(paymentOperations).values(voidIntent(payment, operationId, reason, actor));
  let answer: GatewayAnswer;
  try {
    answer = await deps.gateway.void(payment.retref, payment.currency);
  } catch (err) {
    if (err instanceof GatewayUnreachable) return false;
    throw err;
  }
  await recordVoid(deps, operationId, paymentId, answer, reason);
  return answer.status === 'approved';
}

/** A void about to be sent: the whole of what the payment holds. */
export const voidIntent = (
  payment: Pick<PaymentRow, 'id' | 'capturedAmount' | 'approvedAmount' | 'retref'>,
  operationId: string,
  reason: string,
  actor: Actor,
) => ({
  id: operationId,
  paymentId: payment.id,
  kind: 'void' as const,
  status: 'pending' as const,
  amount: payment.capturedAmount || payment.approvedAmount,
  retref: payment.retref,
  reason,
  ...actorColumns(actor),
});

/** The answer to a void, on its operation and, when approved, on the payment. */
export async function recordVoid(
  deps: Pick<PaymentDeps, 'db' | 'now'>,
  operationId: string,
  paymentId: string,
  answer: GatewayAnswer,
  reason: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx
      .update(paymentOperations)
      .set({
        status: answer.status === 'approved' ? 'approved' : 'declined',
        respStat: answerColumns(answer).respStat,
        respCode: answer.code,
        respText: answer.text,
        respProc: answer.processor,
        completedAt: now(deps),
      })
      .where(eq(paymentOperations.id, operationId));
    if (answer.status === 'approved') {
      await tx
        .update(payments)
        .set({ status: 'voided', note: reason, updatedAt: now(deps) })
        .where(eq(payments.id, paymentId));
    }
  });
}

async function keepSavedCard(
  tx: Tx,
  deps: PaymentDeps,
  card: {
    customerId: string;
    profileId: string;
    accountId: string;
    brand: string;
    last4: string;
    expiry: string;
  },
): Promise<PaymentMethod> {
  // The gateway answers a card saved twice with the same profile: keep one row for it per customer.
  const [existing] = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.customerId, card.customerId),
        eq(paymentMethods.gateway, deps.gateway.name),
        eq(paymentMethods.profileId, card.profileId),
        eq(paymentMethods.accountId, card.accountId),
      ),
    );
  if (existing) return toPaymentMethod(existing, now(deps));
  const [row] = await tx
    .insert(paymentMethods)
    .values({ id: newId('pm'), gateway: deps.gateway.name, ...card })
    .returning();
  return toPaymentMethod(row!, now(deps));
}
