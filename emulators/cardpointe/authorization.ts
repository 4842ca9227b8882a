import { randomInt } from 'node:crypto';
import { authorizationOutcome, avsResponse, cvvResponse, formatAmount, parseAmount } from './cards.js';
import { type Body, type Fields, storedOrderid, text } from './fields.js';
import { checkMerchant, resolveAccount } from './lookups.js';
import { parseProfileRef, profileDetails, type StoredCard, storeCard, storedAccount } from './profiles.js';
import { isRefusal, type Refusal, refuse } from './responses.js';
import type { GatewayStore, Profile, Transaction } from './store.js';
import { maskedFromEntry, type VaultEntry } from './vault.js';

interface Charge {
  cents: number;
  entry: VaultEntry;
  expiry: string;
  stored: StoredCard | undefined;
  addToProfile: Profile | undefined;
}

/** Every attempt gets a retref and is kept, refused ones included, so inquiry by order id finds them. */
export function auth(store: GatewayStore, body: Body): Fields {
  const merchid = text(body, 'merchid') ?? '';
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant.refusal;
  const txn = openAttempt(store, body, merchid);
  const charge = prepareCharge(store, body, merchid);
  if (isRefusal(charge)) return recordRefusal(txn, charge.refusal);
  return authorize(store, txn, charge, body);
}

function openAttempt(store: GatewayStore, body: Body, merchid: string): Transaction {
  const txn: Transaction = {
    retref: store.newRetref(),
    type: 'auth',
    merchid,
    orderid: storedOrderid(text(body, 'orderid')),
    token: undefined,
    account: '',
    expiry: undefined,
    requestedCents: 0,
    authorisedCents: 0,
    capturedCents: 0,
    refundedCents: 0,
    voidedCents: 0,
    setlstat: 'Declined',
    respstat: 'C',
    respcode: '',
    resptext: '',
    respproc: 'PPS',
    authcode: '',
    batchid: undefined,
    profileid: undefined,
    acctid: undefined,
    ecomind: text(body, 'ecomind'),
    cof: text(body, 'cof'),
    cofscheduled: text(body, 'cofscheduled'),
    originalRetref: undefined,
  };
  store.transactions.set(txn.retref, txn);
  return txn;
}

function recordRefusal(txn: Transaction, refusal: Fields): Fields {
  txn.respcode = refusal.respcode ?? '';
  txn.resptext = refusal.resptext ?? '';
  return { ...refusal, retref: txn.retref, amount: '0.00' };
}

function prepareCharge(store: GatewayStore, body: Body, merchid: string): Charge | Refusal {
  const amount = parseAmount(body.amount);
  if (!amount.ok) return refuse(merchid, amount.respcode, amount.resptext);
  const currency = text(body, 'currency');
  if (currency !== undefined && currency.toUpperCase() !== 'USD')
    return refuse(merchid, '32', 'Wrong currency');
  const source = chargeSource(store, body, merchid);
  if (isRefusal(source)) return source;
  const expiry = text(body, 'expiry') ?? source.stored?.account.expiry ?? source.entry.expiry;
  if (expiry === undefined) return refuse(merchid, '34', 'Invalid field');
  if (!/^\d+$/.test(expiry)) return refuse(merchid, '15', 'Non-numeric expiry');
  const cvv2 = text(body, 'cvv2');
  if (cvv2 !== undefined && !/^\d{3,4}$/.test(cvv2)) return refuse(merchid, '14', 'Non-numeric CVV');
  return { cents: amount.cents, expiry, ...source };
}

/** The card comes from `account` (optionally added to a profile) or from a stored profile account. */
function chargeSource(
  store: GatewayStore,
  body: Body,
  merchid: string,
): Omit<Charge, 'cents' | 'expiry'> | Refusal {
  const account = text(body, 'account');
  const profileField = text(body, 'profile');
  const ref = profileField?.toUpperCase() === 'Y' ? undefined : parseProfileRef(profileField);
  if (account !== undefined) {
    const entry = resolveAccount(store, account, merchid);
    if (isRefusal(entry)) return entry;
    if (!ref) return { entry, stored: undefined, addToProfile: undefined };
    const profile = store.profiles.get(ref.profileid);
    if (!profile) return refuse(merchid, '96', 'Profile not found');
    return { entry, stored: undefined, addToProfile: profile };
  }
  if (!ref) return refuse(merchid, '34', 'Invalid field');
  const stored = storedAccount(store, ref, merchid);
  if (isRefusal(stored)) return stored;
  const entry = store.vault.lookup(stored.account.token);
  if (!entry) return refuse(merchid, '98', 'Invalid token');
  return { entry, stored, addToProfile: undefined };
}

function authorize(store: GatewayStore, txn: Transaction, charge: Charge, body: Body): Fields {
  const { entry, cents } = charge;
  const outcome = authorizationOutcome(entry.behaviour, cents);
  const capture = text(body, 'capture')?.toUpperCase() === 'Y';
  Object.assign(txn, {
    token: entry.token,
    account: maskedFromEntry(entry),
    expiry: charge.expiry,
    requestedCents: cents,
    authorisedCents: outcome.approvedCents,
    respstat: outcome.respstat,
    respcode: outcome.respcode,
    resptext: outcome.resptext,
    respproc: outcome.respproc,
  });
  const fields: Fields = {
    merchid: txn.merchid,
    account: entry.token,
    token: entry.token,
    retref: txn.retref,
    amount: formatAmount(outcome.approvedCents),
    expiry: charge.expiry,
    respstat: outcome.respstat,
    respproc: outcome.respproc,
    respcode: outcome.respcode,
    resptext: outcome.resptext,
  };
  if (outcome.respstat === 'B') return { ...fields, setlstat: 'Declined' };
  const cvvresp = cvvResult(entry, text(body, 'cvv2'));
  const checks = { avsresp: avsResponse(text(body, 'postal')), cvvresp, commcard: 'N' };
  if (outcome.respstat === 'C') return { ...fields, ...checks, cardproc: outcome.respproc };
  return { ...fields, ...checks, ...approve(store, txn, charge, body, capture) };
}

function cvvResult(entry: VaultEntry, cvv2: string | undefined): string {
  if (cvv2 !== undefined) return cvvResponse(cvv2);
  // CardSecure keeps a CVV only for the first authorization that uses the token.
  const stored = entry.cvvresp;
  entry.cvvresp = undefined;
  return stored ?? cvvResponse(undefined);
}

function approve(
  store: GatewayStore,
  txn: Transaction,
  charge: Charge,
  body: Body,
  capture: boolean,
): Fields {
  txn.authcode = `PPS${String(randomInt(0, 1000)).padStart(3, '0')}`;
  txn.setlstat = charge.cents === 0 ? 'Zero amount' : capture ? 'Queued for Capture' : 'Authorized';
  const extra: Fields = { authcode: txn.authcode };
  if (capture && charge.cents > 0) {
    txn.capturedCents = txn.authorisedCents;
    txn.batchid = String(store.batch);
    extra.batchid = txn.batchid;
  }
  const saved = charge.stored ?? saveCardFromAuth(store, charge, body);
  if (saved) {
    txn.profileid = saved.profile.profileid;
    txn.acctid = saved.account.acctid;
    extra.profileid = saved.profile.profileid;
    extra.acctid = saved.account.acctid;
  }
  return extra;
}

function saveCardFromAuth(store: GatewayStore, charge: Charge, body: Body): StoredCard | undefined {
  const wantsProfile = text(body, 'profile')?.toUpperCase() === 'Y';
  if (!wantsProfile && !charge.addToProfile) return undefined;
  return storeCard(store, charge.entry, charge.expiry, profileDetails(body), charge.addToProfile, undefined);
}
