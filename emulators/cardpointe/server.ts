import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  authorizationOutcome,
  avsResponse,
  behaviourOf,
  brandOf,
  type CardBehaviour,
  type CardBrand,
  cvvResponse,
  expiryAsMmyy,
  formatAmount,
  looksLikeClearPan,
  maskedAccount,
  maskPan,
  parseAmount,
  passesLuhn,
  refundDecline,
} from './cards.js';

export interface CardPointeEmulatorOptions {
  host?: string;
  port?: number;
  merchantId?: string;
  username?: string;
  password?: string;
}

/** One request as received, with card numbers masked and card security values blanked. */
export interface RecordedRequest {
  method: string;
  endpoint: string;
  path: string;
  body: unknown;
}

export type SettlementStatus =
  | 'Authorized'
  | 'Queued for Capture'
  | 'Accepted'
  | 'Voided'
  | 'Declined'
  | 'Zero amount';

/** Amounts are integer cents. */
export interface RecordedTransaction {
  retref: string;
  type: 'auth' | 'refund';
  merchid: string;
  orderid: string | undefined;
  amount: number;
  requestedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  voidedAmount: number;
  captured: boolean;
  settled: boolean;
  voided: boolean;
  setlstat: SettlementStatus;
  respstat: string;
  respcode: string;
  resptext: string;
  respproc: string;
  authcode: string;
  batchid: string | undefined;
  token: string | undefined;
  account: string;
  profileid: string | undefined;
  acctid: string | undefined;
  ecomind: string | undefined;
  cof: string | undefined;
  cofscheduled: string | undefined;
  originalRetref: string | undefined;
}

export interface CardPointeEmulator {
  /** Site root: the gateway lives under /cardconnect/rest, CardSecure under /cardsecure/api/v1. */
  url: string;
  merchantId: string;
  username: string;
  password: string;
  requests: RecordedRequest[];
  transactions(): RecordedTransaction[];
  /**
   * The next `times` requests to the endpoint (after letting `after` more through untouched) are
   * processed as usual, but answered only after `ms`.
   */
  hang(endpoint: string, ms: number, times?: number, after?: number): void;
  /** The next request to the endpoint gets a bare HTTP error and is not processed. */
  failNext(endpoint: string, httpStatus: number): void;
  /** Runs the batch: everything queued for capture is accepted for funding. Returns how many moved. */
  settle(): number;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;
type Fields = Record<string, string>;
type Refusal = { refusal: Fields };

interface Reply {
  status: number;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  merchantId: '496160873888',
  username: 'testing',
  password: 'testing123',
};

const GATEWAY_ROOT = '/cardconnect/rest';
const CARDSECURE_ROOT = '/cardsecure/api/v1';
const TOKENIZE_PATH = `${CARDSECURE_ROOT}/ccn/tokenize`;
const ECHO_PATH = `${CARDSECURE_ROOT}/echo`;
const CONTROL_ROOT = '/__emulator';
const MAX_BODY_BYTES = 1024 * 1024;
const TOKEN_SHAPE = /^9\d{15}$/;
const WRITE_METHODS: ReadonlySet<string> = new Set(['PUT', 'POST']);
const CARD_SECRET_FIELDS: ReadonlySet<string> = new Set(['cvv', 'cvv2', 'track', 'pin']);
const PROFILE_DETAIL_FIELDS = [
  'name',
  'address',
  'address2',
  'city',
  'region',
  'postal',
  'country',
  'phone',
  'email',
  'company',
  'cofpermission',
  'auoptout',
] as const;
/** The duplicate guard compares everything the customer sees on the stored card; consent flags are not part of it. */
const PROFILE_IDENTITY_FIELDS = PROFILE_DETAIL_FIELDS.filter((field) => field !== 'cofpermission');

/** Per process, so the same card keeps its token across emulator restarts within one test run. */
const TOKEN_SECRET = randomBytes(32);

interface VaultEntry {
  token: string;
  brand: CardBrand | undefined;
  firstTwo: string;
  lastFour: string;
  panLength: number;
  behaviour: CardBehaviour;
  expiry: string | undefined;
  /** The CVV check result the processor would give; the CVV itself is dropped at once. */
  cvvresp: string | undefined;
}

type TokenizeResult = { ok: true; entry: VaultEntry } | { ok: false; errorcode: number; message: string };

interface TokenizeExtras {
  expiry?: string | undefined;
  cvv?: string | undefined;
  unique?: boolean;
}

function tokenFor(pan: string, unique: boolean): string {
  const mac = createHmac('sha256', TOKEN_SECRET).update(pan);
  if (unique) mac.update(randomBytes(16));
  const middle = (BigInt(`0x${mac.digest('hex')}`) % 1_000_000_000n).toString().padStart(9, '0');
  return `9${pan.slice(0, 2)}${middle}${pan.slice(-4)}`;
}

function tokenizeFailure(errorcode: number, message: string): TokenizeResult {
  return { ok: false, errorcode, message };
}

/** Remembers what a token stands for without ever keeping the card number. */
class CardVault {
  private readonly entries = new Map<string, VaultEntry>();

  lookup(token: string): VaultEntry | undefined {
    return this.entries.get(token);
  }

  tokenize(account: string, extras: TokenizeExtras): TokenizeResult {
    if (account === '') return tokenizeFailure(14, 'Data is empty.');
    if (TOKEN_SHAPE.test(account)) return this.retokenize(account, extras);
    if (!/^\d+$/.test(account)) return tokenizeFailure(8, 'Data is not decimal digits.');
    if (account.length > 19) return tokenizeFailure(13, 'Data is too long.');
    if (account.length < 12) return tokenizeFailure(21, 'Data is too short.');
    if (!passesLuhn(account)) return tokenizeFailure(54, 'Card number check (Luhn formula) failed.');
    const token = tokenFor(account, extras.unique === true);
    const entry = this.entries.get(token) ?? {
      token,
      brand: brandOf(account),
      firstTwo: account.slice(0, 2),
      lastFour: account.slice(-4),
      panLength: account.length,
      behaviour: behaviourOf(account),
      expiry: undefined,
      cvvresp: undefined,
    };
    attachExtras(entry, extras);
    this.entries.set(token, entry);
    return { ok: true, entry };
  }

  private retokenize(token: string, extras: TokenizeExtras): TokenizeResult {
    const entry = this.entries.get(token);
    if (!entry) return tokenizeFailure(49, 'Data not found.');
    attachExtras(entry, extras);
    return { ok: true, entry };
  }
}

function attachExtras(entry: VaultEntry, extras: TokenizeExtras): void {
  if (extras.expiry && /^\d{4,8}$/.test(extras.expiry)) entry.expiry = extras.expiry;
  if (extras.cvv) entry.cvvresp = cvvResponse(extras.cvv);
}

function maskedFromEntry(entry: VaultEntry): string {
  return maskedAccount(entry.firstTwo, entry.lastFour, entry.panLength);
}

interface Transaction {
  retref: string;
  type: 'auth' | 'refund';
  merchid: string;
  orderid: string | undefined;
  token: string | undefined;
  account: string;
  expiry: string | undefined;
  requestedCents: number;
  authorisedCents: number;
  capturedCents: number;
  refundedCents: number;
  voidedCents: number;
  setlstat: SettlementStatus;
  respstat: string;
  respcode: string;
  resptext: string;
  respproc: string;
  authcode: string;
  batchid: string | undefined;
  profileid: string | undefined;
  acctid: string | undefined;
  ecomind: string | undefined;
  cof: string | undefined;
  cofscheduled: string | undefined;
  originalRetref: string | undefined;
}

interface ProfileAccount {
  acctid: string;
  token: string;
  accttype: string;
  expiry: string;
  defaultacct: 'Y' | 'N';
  details: Fields;
}

interface Profile {
  profileid: string;
  accounts: ProfileAccount[];
  nextAcctId: number;
}

interface ProfileRef {
  profileid: string;
  acctid: string | undefined;
}

interface Charge {
  cents: number;
  entry: VaultEntry;
  expiry: string;
  stored: { profile: Profile; account: ProfileAccount } | undefined;
  addToProfile: Profile | undefined;
}

function text(body: Body, key: string): string | undefined {
  const value = body[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function refuse(merchid: string, respcode: string, resptext: string, extra: Fields = {}): Refusal {
  return { refusal: { respstat: 'C', respproc: 'PPS', respcode, resptext, merchid, ...extra } };
}

function isRefusal<T extends object>(value: T | Refusal): value is Refusal {
  return 'refusal' in value;
}

function parseProfileRef(value: string | undefined): ProfileRef | undefined {
  const match = value === undefined ? null : /^(\d{1,20})(?:\/(\d*))?$/.exec(value);
  if (!match?.[1]) return undefined;
  return { profileid: match[1], acctid: match[2] || undefined };
}

function storedOrderid(orderid: string | undefined): string | undefined {
  // The gateway masks a Luhn-valid order id as if it were a card, which then defeats lookups by it.
  return orderid !== undefined && looksLikeClearPan(orderid) ? maskPan(orderid) : orderid;
}

function yesNo(flag: boolean): string {
  return flag ? 'Y' : 'N';
}

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}

class Gateway {
  private readonly transactions = new Map<string, Transaction>();
  private readonly profiles = new Map<string, Profile>();
  private readonly merchantId: string;
  private readonly vault: CardVault;
  private batch = randomInt(1000, 9000);

  constructor(merchantId: string, vault: CardVault) {
    this.merchantId = merchantId;
    this.vault = vault;
  }

  records(): RecordedTransaction[] {
    return [...this.transactions.values()].map(recordOf);
  }

  settle(): number {
    let settled = 0;
    for (const txn of this.transactions.values()) {
      if (txn.setlstat !== 'Queued for Capture') continue;
      txn.setlstat = 'Accepted';
      settled++;
    }
    this.batch++;
    return settled;
  }

  auth(body: Body): Fields {
    const merchid = text(body, 'merchid') ?? '';
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant.refusal;
    const txn = this.openAttempt(body, merchid);
    const charge = this.prepareCharge(body, merchid);
    if (isRefusal(charge)) return this.recordRefusal(txn, charge.refusal);
    return this.authorize(txn, charge, body);
  }

  private openAttempt(body: Body, merchid: string): Transaction {
    const txn: Transaction = {
      retref: this.newRetref(),
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
    this.transactions.set(txn.retref, txn);
    return txn;
  }

  private recordRefusal(txn: Transaction, refusal: Fields): Fields {
    txn.respcode = refusal.respcode ?? '';
    txn.resptext = refusal.resptext ?? '';
    return { ...refusal, retref: txn.retref, amount: '0.00' };
  }

  private prepareCharge(body: Body, merchid: string): Charge | Refusal {
    const amount = parseAmount(body.amount);
    if (!amount.ok) return refuse(merchid, amount.respcode, amount.resptext);
    const currency = text(body, 'currency');
    if (currency !== undefined && currency.toUpperCase() !== 'USD')
      return refuse(merchid, '32', 'Wrong currency');
    const source = this.chargeSource(body, merchid);
    if (isRefusal(source)) return source;
    const expiry = text(body, 'expiry') ?? source.stored?.account.expiry ?? source.entry.expiry;
    if (expiry === undefined) return refuse(merchid, '34', 'Invalid field');
    if (!/^\d+$/.test(expiry)) return refuse(merchid, '15', 'Non-numeric expiry');
    const cvv2 = text(body, 'cvv2');
    if (cvv2 !== undefined && !/^\d{3,4}$/.test(cvv2)) return refuse(merchid, '14', 'Non-numeric CVV');
    return { cents: amount.cents, expiry, ...source };
  }

  private chargeSource(body: Body, merchid: string): Omit<Charge, 'cents' | 'expiry'> | Refusal {
    const account = text(body, 'account');
    const profileField = text(body, 'profile');
    const ref = profileField?.toUpperCase() === 'Y' ? undefined : parseProfileRef(profileField);
    if (account !== undefined) {
      const entry = this.resolveAccount(account, merchid);
      if (isRefusal(entry)) return entry;
      if (!ref) return { entry, stored: undefined, addToProfile: undefined };
      const profile = this.profiles.get(ref.profileid);
      if (!profile) return refuse(merchid, '96', 'Profile not found');
      return { entry, stored: undefined, addToProfile: profile };
    }
    if (!ref) return refuse(merchid, '34', 'Invalid field');
    const stored = this.storedAccount(ref, merchid);
    if (isRefusal(stored)) return stored;
    const entry = this.vault.lookup(stored.account.token);
    if (!entry) return refuse(merchid, '98', 'Invalid token');
    return { entry, stored, addToProfile: undefined };
  }

  /** A token must be one CardSecure issued; a clear PAN is tokenized on the way in, as the gateway does. */
  private resolveAccount(account: string, merchid: string): VaultEntry | Refusal {
    if (TOKEN_SHAPE.test(account)) {
      const entry = this.vault.lookup(account);
      if (!entry) return refuse(merchid, '98', 'Invalid token');
      return entry.brand ? entry : refuse(merchid, '11', 'Invalid card');
    }
    const tokenized = this.vault.tokenize(account.replace(/[\s-]/g, ''), {});
    if (!tokenized.ok || !tokenized.entry.brand) return refuse(merchid, '11', 'Invalid card');
    return tokenized.entry;
  }

  private authorize(txn: Transaction, charge: Charge, body: Body): Fields {
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
    const cvvresp = this.cvvResult(entry, text(body, 'cvv2'));
    const checks = { avsresp: avsResponse(text(body, 'postal')), cvvresp, commcard: 'N' };
    if (outcome.respstat === 'C') return { ...fields, ...checks, cardproc: outcome.respproc };
    return { ...fields, ...checks, ...this.approve(txn, charge, body, capture) };
  }

  private cvvResult(entry: VaultEntry, cvv2: string | undefined): string {
    if (cvv2 !== undefined) return cvvResponse(cvv2);
    // CardSecure keeps a CVV only for the first authorization that uses the token.
    const stored = entry.cvvresp;
    entry.cvvresp = undefined;
    return stored ?? cvvResponse(undefined);
  }

  private approve(txn: Transaction, charge: Charge, body: Body, capture: boolean): Fields {
    txn.authcode = `PPS${String(randomInt(0, 1000)).padStart(3, '0')}`;
    txn.setlstat = charge.cents === 0 ? 'Zero amount' : capture ? 'Queued for Capture' : 'Authorized';
    const extra: Fields = { authcode: txn.authcode };
    if (capture && charge.cents > 0) {
      txn.capturedCents = txn.authorisedCents;
      txn.batchid = String(this.batch);
      extra.batchid = txn.batchid;
    }
    const saved = charge.stored ?? this.saveCardFromAuth(charge, body);
    if (saved) {
      txn.profileid = saved.profile.profileid;
      txn.acctid = saved.account.acctid;
      extra.profileid = saved.profile.profileid;
      extra.acctid = saved.account.acctid;
    }
    return extra;
  }

  private saveCardFromAuth(
    charge: Charge,
    body: Body,
  ): { profile: Profile; account: ProfileAccount } | undefined {
    const wantsProfile = text(body, 'profile')?.toUpperCase() === 'Y';
    if (!wantsProfile && !charge.addToProfile) return undefined;
    return this.storeCard(charge.entry, charge.expiry, profileDetails(body), charge.addToProfile, undefined);
  }

  capture(body: Body): Fields {
    const found = this.findByRetref(body);
    if (isRefusal(found)) return found.refusal;
    const { txn, merchid } = found;
    if (txn.setlstat === 'Queued for Capture' || txn.setlstat === 'Accepted') return captureReply(txn);
    if (txn.type !== 'auth' || txn.setlstat !== 'Authorized') {
      return refuse(merchid, '34', 'Invalid field', { retref: txn.retref, batchid: '-1' }).refusal;
    }
    const cents = optionalAmount(body.amount, txn.authorisedCents);
    if (cents === undefined || cents === 0 || cents > txn.authorisedCents) {
      return refuse(merchid, '43', 'Invalid amount', { retref: txn.retref, batchid: '-1' }).refusal;
    }
    txn.capturedCents = cents;
    txn.setlstat = 'Queued for Capture';
    txn.batchid = String(this.batch);
    return captureReply(txn);
  }

  void(body: Body): Fields {
    const found = this.findByRetref(body);
    if (isRefusal(found)) return found.refusal;
    return this.voidTransaction(found.txn, body, found.merchid);
  }

  voidByOrderId(body: Body): Fields {
    const merchid = text(body, 'merchid') ?? '';
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant.refusal;
    const orderid = text(body, 'orderid');
    const target = orderid === undefined ? undefined : this.approvedAuthFor(orderid, merchid);
    if (orderid === undefined || !target) return refuse(merchid, '29', 'Txn not found').refusal;
    return { ...this.voidTransaction(target, body, merchid), orderid };
  }

  /** Declined attempts share the order id but hold no money, so only approvals are candidates. */
  private approvedAuthFor(orderid: string, merchid: string): Transaction | undefined {
    const approved = [...this.transactions.values()].filter(
      (txn) =>
        txn.type === 'auth' && txn.respstat === 'A' && txn.orderid === orderid && txn.merchid === merchid,
    );
    return approved.findLast((txn) => txn.setlstat !== 'Voided') ?? approved.at(-1);
  }

  private voidTransaction(txn: Transaction, body: Body, merchid: string): Fields {
    if (txn.respstat !== 'A') return refuse(merchid, '29', 'Txn not found', { retref: txn.retref }).refusal;
    if (txn.setlstat === 'Voided') return voidReply(txn, 0);
    if (txn.setlstat === 'Accepted') {
      return refuse(merchid, '39', 'Void not permitted', { retref: txn.retref }).refusal;
    }
    const remaining = txn.setlstat === 'Authorized' ? txn.authorisedCents : txn.capturedCents;
    const cents = optionalAmount(body.amount, remaining);
    if (cents === undefined) return refuse(merchid, '43', 'Invalid amount', { retref: txn.retref }).refusal;
    // A void for zero, like one without an amount, reverses everything.
    if (cents === 0 || cents >= remaining) return this.voidFully(txn, remaining);
    if (txn.setlstat !== 'Authorized') {
      // Once queued for capture only a full reversal is possible.
      return refuse(merchid, '39', 'Void not permitted', { retref: txn.retref }).refusal;
    }
    txn.authorisedCents -= cents;
    txn.voidedCents += cents;
    return voidReply(txn, txn.authorisedCents);
  }

  private voidFully(txn: Transaction, remaining: number): Fields {
    txn.voidedCents += remaining;
    txn.setlstat = 'Voided';
    const original = txn.originalRetref ? this.transactions.get(txn.originalRetref) : undefined;
    if (original && txn.type === 'refund') original.refundedCents -= txn.capturedCents;
    return voidReply(txn, 0);
  }

  refund(body: Body): Fields {
    const found = this.findByRetref(body);
    if (isRefusal(found)) return found.refusal;
    const { txn, merchid } = found;
    if (txn.type !== 'auth' || txn.respstat !== 'A') return refuse(merchid, '29', 'Txn not found').refusal;
    if (txn.setlstat !== 'Accepted') {
      return refuse(merchid, '28', 'Txn not settled', { retref: txn.retref }).refusal;
    }
    const refundable = txn.capturedCents - txn.refundedCents;
    const cents = optionalAmount(body.amount, refundable);
    if (cents === undefined || cents <= 0 || cents > refundable) {
      return refuse(merchid, '43', 'Invalid amount', { retref: txn.retref }).refusal;
    }
    const refund = this.openRefund(txn, body, cents);
    const decline = refundDecline(txn.capturedCents, cents);
    if (decline) {
      Object.assign(refund, {
        respstat: 'C',
        respproc: 'RPCT',
        authcode: '',
        authorisedCents: 0,
        ...decline,
      });
      return {
        merchid,
        account: refund.token ?? '',
        retref: refund.retref,
        amount: '0.00',
        ...statusOf(refund),
      };
    }
    Object.assign(refund, {
      capturedCents: cents,
      setlstat: 'Queued for Capture',
      batchid: String(this.batch),
    });
    txn.refundedCents += cents;
    return {
      merchid,
      account: refund.token ?? '',
      token: refund.token ?? '',
      retref: refund.retref,
      amount: formatAmount(cents),
      authcode: refund.authcode,
      ...statusOf(refund),
    };
  }

  private openRefund(original: Transaction, body: Body, cents: number): Transaction {
    const refund: Transaction = {
      ...original,
      retref: this.newRetref(),
      type: 'refund',
      orderid: storedOrderid(text(body, 'orderid')) ?? original.orderid,
      requestedCents: cents,
      authorisedCents: cents,
      capturedCents: 0,
      refundedCents: 0,
      voidedCents: 0,
      setlstat: 'Declined',
      respstat: 'A',
      respcode: '00',
      resptext: 'Approval',
      respproc: 'PPS',
      authcode: 'REFUND',
      batchid: undefined,
      originalRetref: original.retref,
    };
    this.transactions.set(refund.retref, refund);
    return refund;
  }

  inquire(retref: string, merchid: string): Fields {
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant.refusal;
    const txn = this.transactions.get(retref);
    if (!txn || txn.merchid !== merchid) return refuse(merchid, '29', 'Txn not found').refusal;
    return describe(txn);
  }

  inquireByOrderid(orderid: string, merchid: string): Fields | Fields[] {
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant.refusal;
    const matches = [...this.transactions.values()].filter(
      (txn) => txn.orderid === orderid && txn.merchid === merchid,
    );
    const [only] = matches;
    if (!only) return refuse(merchid, '29', 'Txn not found').refusal;
    return matches.length === 1 ? describe(only) : matches.map(describe);
  }

  saveProfile(body: Body): Fields {
    const merchid = text(body, 'merchid') ?? '';
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant.refusal;
    const ref = parseProfileRef(text(body, 'profile'));
    if (ref?.acctid && text(body, 'profileupdate')?.toUpperCase() === 'Y')
      return this.updateProfile(ref, body, merchid);
    const profile = ref ? this.profiles.get(ref.profileid) : undefined;
    if (ref && !profile) return refuse(merchid, '96', 'Profile not found').refusal;
    const account = text(body, 'account');
    if (account === undefined) return refuse(merchid, '34', 'Invalid field').refusal;
    const entry = this.resolveAccount(account, merchid);
    if (isRefusal(entry)) return entry.refusal;
    const expiry = text(body, 'expiry') ?? entry.expiry ?? '';
    const saved = this.storeCard(entry, expiry, profileDetails(body), profile, text(body, 'defaultacct'));
    return profileSaved(saved.profile, saved.account, merchid);
  }

  private updateProfile(ref: ProfileRef, body: Body, merchid: string): Fields {
    const stored = this.storedAccount(ref, merchid);
    if (isRefusal(stored)) return stored.refusal;
    const account = text(body, 'account');
    if (account !== undefined) {
      const entry = this.resolveAccount(account, merchid);
      if (isRefusal(entry)) return entry.refusal;
      stored.account.token = entry.token;
      stored.account.accttype = entry.brand ?? '';
    }
    stored.account.expiry = text(body, 'expiry') ?? stored.account.expiry;
    Object.assign(stored.account.details, profileDetails(body));
    if (text(body, 'defaultacct')?.toUpperCase() === 'Y') makeDefault(stored.profile, stored.account);
    return profileSaved(stored.profile, stored.account, merchid);
  }

  getProfile(profileid: string, acctid: string, merchid: string): Fields | Fields[] {
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant.refusal;
    const profile = this.profiles.get(profileid);
    const accounts = profile?.accounts.filter((account) => acctid === '' || account.acctid === acctid) ?? [];
    if (!profile || accounts.length === 0) return refuse(merchid, '96', 'Profile not found').refusal;
    return accounts.map((account) => describeProfileAccount(profile, account));
  }

  deleteProfile(profileid: string, acctid: string, merchid: string): Fields {
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant.refusal;
    const profile = this.profiles.get(profileid);
    const remaining = profile?.accounts.filter((account) => acctid !== '' && account.acctid !== acctid);
    if (!profile || !remaining || remaining.length === profile.accounts.length) {
      return refuse(merchid, '96', 'Profile not found').refusal;
    }
    profile.accounts = remaining;
    if (remaining.length === 0) this.profiles.delete(profileid);
    else if (!remaining.some((account) => account.defaultacct === 'Y')) makeDefault(profile, remaining[0]!);
    return {
      respstat: 'A',
      respcode: '08',
      resptext: 'Profile Deleted',
      respproc: 'PPS',
      profileid,
      acctid,
      merchid,
    };
  }

  private storeCard(
    entry: VaultEntry,
    expiry: string,
    details: Fields,
    into: Profile | undefined,
    defaultacct: string | undefined,
  ): { profile: Profile; account: ProfileAccount } {
    const accttype = entry.brand ?? '';
    const duplicate = into ? undefined : this.findDuplicate(entry.token, expiry, accttype, details);
    if (duplicate) return duplicate;
    const profile = into ?? this.newProfile();
    const account: ProfileAccount = {
      acctid: String(profile.nextAcctId++),
      token: entry.token,
      accttype,
      expiry,
      defaultacct: profile.accounts.length === 0 ? 'Y' : 'N',
      details,
    };
    profile.accounts.push(account);
    if (defaultacct?.toUpperCase() === 'Y') makeDefault(profile, account);
    return { profile, account };
  }

  private findDuplicate(
    token: string,
    expiry: string,
    accttype: string,
    details: Fields,
  ): { profile: Profile; account: ProfileAccount } | undefined {
    for (const profile of this.profiles.values()) {
      const account = profile.accounts.find(
        (candidate) =>
          candidate.token === token &&
          candidate.expiry === expiry &&
          candidate.accttype === accttype &&
          PROFILE_IDENTITY_FIELDS.every((field) => candidate.details[field] === details[field]),
      );
      if (account) return { profile, account };
    }
    return undefined;
  }

  private newProfile(): Profile {
    let profileid = randomDigits(20);
    while (this.profiles.has(profileid)) profileid = randomDigits(20);
    const profile: Profile = { profileid, accounts: [], nextAcctId: 1 };
    this.profiles.set(profileid, profile);
    return profile;
  }

  private storedAccount(
    ref: ProfileRef,
    merchid: string,
  ): { profile: Profile; account: ProfileAccount } | Refusal {
    const profile = this.profiles.get(ref.profileid);
    const account = ref.acctid
      ? profile?.accounts.find((candidate) => candidate.acctid === ref.acctid)
      : (profile?.accounts.find((candidate) => candidate.defaultacct === 'Y') ?? profile?.accounts[0]);
    if (!profile || !account) return refuse(merchid, '96', 'Profile not found');
    return { profile, account };
  }

  private checkMerchant(merchid: string): Refusal | undefined {
    return merchid === this.merchantId ? undefined : refuse(merchid, '21', 'Invalid merchant');
  }

  private findByRetref(body: Body): { txn: Transaction; merchid: string } | Refusal {
    const merchid = text(body, 'merchid') ?? '';
    const wrongMerchant = this.checkMerchant(merchid);
    if (wrongMerchant) return wrongMerchant;
    const txn = this.transactions.get(text(body, 'retref') ?? '');
    if (!txn || txn.merchid !== merchid) return refuse(merchid, '29', 'Txn not found');
    return { txn, merchid };
  }

  private newRetref(): string {
    let retref = randomDigits(12);
    while (this.transactions.has(retref)) retref = randomDigits(12);
    return retref;
  }
}

/** An omitted amount means the whole remaining amount. */
function optionalAmount(value: unknown, whole: number): number | undefined {
  if (value === undefined || value === '') return whole;
  const parsed = parseAmount(value);
  return parsed.ok ? parsed.cents : undefined;
}

function statusOf(txn: Transaction): Fields {
  return { respstat: txn.respstat, respcode: txn.respcode, resptext: txn.resptext, respproc: txn.respproc };
}

function captureReply(txn: Transaction): Fields {
  return {
    merchid: txn.merchid,
    account: txn.token ?? '',
    token: txn.token ?? '',
    retref: txn.retref,
    amount: formatAmount(txn.capturedCents),
    setlstat: txn.setlstat,
    batchid: txn.batchid ?? '',
    authcode: txn.authcode,
    commcard: 'N',
    ...statusOf(txn),
  };
}

function voidReply(txn: Transaction, remainingCents: number): Fields {
  return {
    merchid: txn.merchid,
    account: txn.token ?? '',
    token: txn.token ?? '',
    retref: txn.retref,
    amount: formatAmount(remainingCents),
    respstat: 'A',
    respcode: '00',
    resptext: 'Approval',
    respproc: txn.respproc,
    authcode: 'REVERS',
  };
}

function currentAmount(txn: Transaction): number {
  return txn.capturedCents > 0 ? txn.capturedCents : txn.authorisedCents;
}

function isVoidable(txn: Transaction): boolean {
  return txn.respstat === 'A' && (txn.setlstat === 'Authorized' || txn.setlstat === 'Queued for Capture');
}

function isRefundable(txn: Transaction): boolean {
  return txn.type === 'auth' && txn.setlstat === 'Accepted' && txn.capturedCents > txn.refundedCents;
}

function describe(txn: Transaction): Fields {
  const fields: Fields = {
    merchid: txn.merchid,
    account: txn.account,
    token: txn.token ?? '',
    retref: txn.retref,
    amount: formatAmount(currentAmount(txn)),
    currency: 'USD',
    setlstat: txn.setlstat,
    ...statusOf(txn),
    authcode: txn.authcode,
    expiry: txn.expiry ? (expiryAsMmyy(txn.expiry) ?? txn.expiry) : '',
    orderId: txn.orderid ?? '',
    capture: yesNo(txn.capturedCents > 0),
    voidable: yesNo(isVoidable(txn)),
    refundable: yesNo(isRefundable(txn)),
  };
  if (txn.batchid) fields.batchid = txn.batchid;
  if (txn.profileid) fields.profileid = txn.profileid;
  if (txn.acctid) fields.acctid = txn.acctid;
  return fields;
}

function recordOf(txn: Transaction): RecordedTransaction {
  return {
    retref: txn.retref,
    type: txn.type,
    merchid: txn.merchid,
    orderid: txn.orderid,
    amount: txn.type === 'refund' ? txn.capturedCents : txn.authorisedCents,
    requestedAmount: txn.requestedCents,
    capturedAmount: txn.capturedCents,
    refundedAmount: txn.refundedCents,
    voidedAmount: txn.voidedCents,
    captured: txn.setlstat === 'Queued for Capture' || txn.setlstat === 'Accepted',
    settled: txn.setlstat === 'Accepted',
    voided: txn.setlstat === 'Voided',
    setlstat: txn.setlstat,
    respstat: txn.respstat,
    respcode: txn.respcode,
    resptext: txn.resptext,
    respproc: txn.respproc,
    authcode: txn.authcode,
    batchid: txn.batchid,
    token: txn.token,
    account: txn.account,
    profileid: txn.profileid,
    acctid: txn.acctid,
    ecomind: txn.ecomind,
    cof: txn.cof,
    cofscheduled: txn.cofscheduled,
    originalRetref: txn.originalRetref,
  };
}

function profileDetails(body: Body): Fields {
  const details: Fields = {};
  for (const field of PROFILE_DETAIL_FIELDS) {
    const value = text(body, field);
    if (value !== undefined) details[field] = value;
  }
  return details;
}

function makeDefault(profile: Profile, chosen: ProfileAccount): void {
  for (const account of profile.accounts) account.defaultacct = account === chosen ? 'Y' : 'N';
}

function describeProfileAccount(profile: Profile, account: ProfileAccount): Fields {
  return {
    profileid: profile.profileid,
    acctid: account.acctid,
    token: account.token,
    accttype: account.accttype,
    expiry: account.expiry,
    defaultacct: account.defaultacct,
    auoptout: 'N',
    ...account.details,
  };
}

function profileSaved(profile: Profile, account: ProfileAccount, merchid: string): Fields {
  return {
    respstat: 'A',
    respcode: '09',
    resptext: 'Profile Saved',
    respproc: 'PPS',
    merchid,
    ...describeProfileAccount(profile, account),
  };
}

/** Delayed answers and bare HTTP failures, keyed by endpoint, for rehearsing lost responses. */
class FaultPlan {
  private readonly hangs = new Map<string, { ms: number; remaining: number; skip: number }>();
  private readonly failures = new Map<string, number[]>();

  hang(endpoint: string, ms: number, times: number, after = 0): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('hang: ms must be a non-negative number');
    if (!Number.isInteger(after) || after < 0)
      throw new RangeError('hang: after must be a non-negative integer');
    if (!Number.isInteger(times) || times < 0)
      throw new RangeError('hang: times must be a non-negative integer');
    if (times === 0) this.hangs.delete(endpoint);
    else this.hangs.set(endpoint, { ms, remaining: times, skip: after });
  }

  failNext(endpoint: string, httpStatus: number): void {
    if (!Number.isInteger(httpStatus) || httpStatus < 400 || httpStatus > 599) {
      throw new RangeError('failNext: httpStatus must be an HTTP error status');
    }
    this.failures.set(endpoint, [...(this.failures.get(endpoint) ?? []), httpStatus]);
  }

  takeFailure(endpoint: string): number | undefined {
    return this.failures.get(endpoint)?.shift();
  }

  takeHang(endpoint: string): number | undefined {
    const hang = this.hangs.get(endpoint);
    if (!hang) return undefined;
    if (hang.skip > 0) {
      hang.skip--;
      return undefined;
    }
    hang.remaining--;
    if (hang.remaining <= 0) this.hangs.delete(endpoint);
    return hang.ms;
  }
}

/** The request log must hold nothing that identifies a card or authenticates it. */
function redact(value: unknown, key?: string): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    const raw = String(value);
    if (key !== undefined && CARD_SECRET_FIELDS.has(key)) return '*'.repeat(raw.length);
    if (key === 'account' && !TOKEN_SHAPE.test(raw)) return maskPan(raw);
    return looksLikeClearPan(raw) ? maskPan(raw) : value;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  }
  return value;
}

function redactPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (looksLikeClearPan(safeDecode(segment)) ? maskPan(safeDecode(segment)) : segment))
    .join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

class BadRequest extends Error {}
class PayloadTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLarge('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(raw: string): Body {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadRequest('malformed JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new BadRequest('not an object');
  return parsed as Body;
}

function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(value), headers };
}

function html(status: number, page: string): Reply {
  return { status, contentType: 'text/html;charset=UTF-8', body: page };
}

function httpError(status: number, error: string, path: string, headers?: Record<string, string>): Reply {
  return json(status, { timestamp: new Date().toISOString(), status, error, path }, headers);
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.contentType) headers['Content-Type'] = reply.contentType;
  res.writeHead(reply.status, headers);
  res.end(reply.body ?? '');
}

function hasValidCredentials(req: IncomingMessage, username: string, password: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return (
    separator >= 0 && decoded.slice(0, separator) === username && decoded.slice(separator + 1) === password
  );
}

const SERVLET_PAGE =
  '<!DOCTYPE html><html><head><title>CardConnect REST Servlet</title></head>' +
  '<body><h1>CardConnect REST Servlet</h1></body></html>';

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};

type Route =
  | { kind: 'gateway'; endpoint: string; segments: string[] }
  | { kind: 'cardsecure'; endpoint: 'tokenize' | 'echo' | '' }
  | { kind: 'tokenizer'; page: 'tokenizer' | 'outer' }
  | { kind: 'control'; action: string }
  | { kind: 'unknown' };

function routeOf(path: string): Route {
  if (path === GATEWAY_ROOT || path.startsWith(`${GATEWAY_ROOT}/`)) {
    const segments = path.slice(GATEWAY_ROOT.length + 1).split('/');
    if (segments.length > 1 && segments.at(-1) === '') segments.pop();
    return { kind: 'gateway', endpoint: segments[0] ?? '', segments };
  }
  if (path.startsWith(`${CARDSECURE_ROOT}/`) || path === CARDSECURE_ROOT) {
    const endpoint = path === TOKENIZE_PATH ? 'tokenize' : path === ECHO_PATH ? 'echo' : '';
    return { kind: 'cardsecure', endpoint };
  }
  if (path === '/itoke/ajax-tokenizer.html') return { kind: 'tokenizer', page: 'tokenizer' };
  if (path === '/itoke/outer-page.html') return { kind: 'tokenizer', page: 'outer' };
  if (path.startsWith(`${CONTROL_ROOT}/`))
    return { kind: 'control', action: path.slice(CONTROL_ROOT.length + 1) };
  return { kind: 'unknown' };
}

interface Emulation {
  gateway: Gateway;
  vault: CardVault;
  faults: FaultPlan;
  requests: RecordedRequest[];
  username: string;
  password: string;
  shutdown: AbortSignal;
}

function dispatchGateway(
  emulation: Emulation,
  method: string,
  segments: string[],
  body: Body,
): Reply | undefined {
  const { gateway } = emulation;
  const [endpoint = '', first = '', second = '', third] = segments;
  const ok = (value: Fields | Fields[]): Reply => json(200, value);
  const writes: Record<string, (body: Body) => Fields> = {
    auth: (b) => gateway.auth(b),
    capture: (b) => gateway.capture(b),
    void: (b) => gateway.void(b),
    refund: (b) => gateway.refund(b),
    voidByOrderId: (b) => gateway.voidByOrderId(b),
    profile: (b) => gateway.saveProfile(b),
  };
  if (endpoint === '' && segments.length <= 1) return html(200, SERVLET_PAGE);
  const write = writes[endpoint];
  if (write && segments.length === 1) return WRITE_METHODS.has(method) ? ok(write(body)) : methodNotAllowed();
  const orderid = safeDecode(first);
  if (endpoint === 'inquire' && segments.length === 3) {
    return method === 'GET' ? ok(gateway.inquire(first, second)) : methodNotAllowed();
  }
  if (
    endpoint === 'inquireByOrderid' &&
    (segments.length === 3 || (segments.length === 4 && third === '1'))
  ) {
    return method === 'GET' ? ok(gateway.inquireByOrderid(orderid, second)) : methodNotAllowed();
  }
  if (endpoint === 'profile' && segments.length === 4 && third !== undefined) {
    if (method === 'GET') return ok(gateway.getProfile(first, second, third));
    if (method === 'DELETE') return ok(gateway.deleteProfile(first, second, third));
    return methodNotAllowed();
  }
  return undefined;
}

function methodNotAllowed(): Reply {
  return {
    status: 405,
    contentType: 'application/json;charset=UTF-8',
    body: '{"error":"Method Not Allowed"}',
  };
}

function handleCardSecure(emulation: Emulation, endpoint: string, body: Body): Reply {
  if (endpoint === 'echo') {
    return json(
      200,
      { message: typeof body.message === 'string' ? body.message : '', errorcode: 0 },
      CORS_HEADERS,
    );
  }
  const account = typeof body.account === 'string' ? body.account : '';
  const result = emulation.vault.tokenize(account, {
    expiry: text(body, 'expiry'),
    cvv: text(body, 'cvv'),
    unique: text(body, 'unique')?.toLowerCase() === 'true',
  });
  if (!result.ok) return json(400, { message: result.message, errorcode: result.errorcode }, CORS_HEADERS);
  return json(200, { message: 'No Error', errorcode: 0, token: result.entry.token }, CORS_HEADERS);
}

function handleControl(emulation: Emulation, action: string, method: string, raw: string): Reply {
  const path = `${CONTROL_ROOT}/${action}`;
  if (action === 'transactions' && method === 'GET') return json(200, emulation.gateway.records());
  if (action === 'requests' && method === 'GET') return json(200, emulation.requests);
  if (method !== 'POST') return httpError(404, 'Not Found', path);
  const body = parseJsonObject(raw);
  try {
    if (action === 'settle') return json(200, { settled: emulation.gateway.settle() });
    if (action === 'hang') {
      emulation.faults.hang(
        String(body.endpoint ?? ''),
        Number(body.ms),
        body.times === undefined ? 1 : Number(body.times),
        body.after === undefined ? 0 : Number(body.after),
      );
      return json(200, { ok: true });
    }
    if (action === 'fail-next') {
      emulation.faults.failNext(String(body.endpoint ?? ''), Number(body.status));
      return json(200, { ok: true });
    }
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
  return httpError(404, 'Not Found', path);
}

async function answerAfterFaults(
  emulation: Emulation,
  res: ServerResponse,
  endpoint: string,
  produce: () => Reply,
): Promise<void> {
  const failure = emulation.faults.takeFailure(endpoint);
  if (failure !== undefined) return send(res, { status: failure });
  const reply = produce();
  const hang = emulation.faults.takeHang(endpoint);
  if (hang !== undefined) await delay(hang, undefined, { signal: emulation.shutdown }).catch(() => undefined);
  send(res, reply);
}

async function handleRequest(emulation: Emulation, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const path = url.pathname;
  const route = routeOf(path);
  const raw = await readBody(req);
  if (route.kind === 'control') return send(res, handleControl(emulation, route.action, method, raw));
  if (route.kind === 'tokenizer') {
    if (method !== 'GET') return send(res, methodNotAllowed());
    const page =
      route.page === 'tokenizer' ? tokenizerPage(tokenizerOptions(url.searchParams)) : outerPage(url.search);
    return send(res, html(200, page));
  }
  if (route.kind === 'cardsecure')
    return handleCardSecureRequest(emulation, res, route.endpoint, method, path, raw);
  if (route.kind === 'gateway') return handleGatewayRequest(emulation, req, res, { ...route, path }, raw);
  send(res, httpError(404, 'Not Found', path));
}

async function handleCardSecureRequest(
  emulation: Emulation,
  res: ServerResponse,
  endpoint: string,
  method: string,
  path: string,
  raw: string,
): Promise<void> {
  if (method === 'OPTIONS') return send(res, { status: 204, headers: CORS_HEADERS });
  if (endpoint === '') return send(res, httpError(404, 'Not Found', path, CORS_HEADERS));
  let body: Body;
  try {
    body = method === 'POST' ? parseJsonObject(raw) : {};
  } catch (error) {
    return send(res, { ...failureReply(error, path), headers: CORS_HEADERS });
  }
  emulation.requests.push({ method, endpoint, path, body: redact(body) });
  if (method !== 'POST') return send(res, { ...methodNotAllowed(), headers: CORS_HEADERS });
  await answerAfterFaults(emulation, res, endpoint, () => handleCardSecure(emulation, endpoint, body));
}

async function handleGatewayRequest(
  emulation: Emulation,
  req: IncomingMessage,
  res: ServerResponse,
  route: Extract<Route, { kind: 'gateway' }> & { path: string },
  raw: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const { path } = route;
  const body = WRITE_METHODS.has(method) ? parseJsonObject(raw) : {};
  const logged = WRITE_METHODS.has(method) ? redact(body) : undefined;
  emulation.requests.push({ method, endpoint: route.endpoint, path: redactPath(path), body: logged });
  await answerAfterFaults(emulation, res, route.endpoint, () => {
    if (!hasValidCredentials(req, emulation.username, emulation.password)) {
      return httpError(401, 'Unauthorized', path, { 'WWW-Authenticate': 'Basic realm="CardConnect"' });
    }
    return dispatchGateway(emulation, method, route.segments, body) ?? httpError(404, 'Not Found', path);
  });
}

function failureReply(error: unknown, path: string): Reply {
  if (error instanceof BadRequest) return httpError(400, 'Bad Request', path);
  if (error instanceof PayloadTooLarge) return httpError(413, 'Payload Too Large', path);
  return httpError(500, 'Internal Server Error', path);
}

interface TokenizerOptions {
  useexpiry: boolean;
  usecvv: boolean;
  enhancedresponse: boolean;
  invalidinputevent: boolean;
  tokenizewheninactive: boolean;
  unique: boolean;
  autofocus: boolean;
  inactivityto: number;
  tokenpropname: string;
  css: string;
  cardlabel: string;
  expirylabel: string;
  cvvlabel: string;
  placeholder: string;
}

function tokenizerOptions(query: URLSearchParams): TokenizerOptions {
  const flag = (name: string): boolean => query.get(name)?.toLowerCase() === 'true';
  const propname = query.get('tokenpropname') ?? '';
  const inactivity = Number(query.get('inactivityto') ?? '500');
  return {
    useexpiry: flag('useexpiry'),
    usecvv: flag('usecvv'),
    enhancedresponse: flag('enhancedresponse'),
    invalidinputevent: flag('invalidinputevent') || flag('invalidcreditcardevent'),
    tokenizewheninactive: flag('tokenizewheninactive'),
    unique: flag('unique'),
    autofocus: flag('autofocus'),
    inactivityto: Number.isFinite(inactivity) && inactivity >= 0 ? Math.min(inactivity, 10_000) : 500,
    tokenpropname: /^[A-Za-z0-9]+$/.test(propname) ? propname : 'message',
    css: (query.get('css') ?? '').replace(/</g, ''),
    cardlabel: query.get('cardlabel') ?? 'Card Number',
    expirylabel: query.get('expirylabel') ?? 'Expiration Date',
    cvvlabel: query.get('cvvlabel') ?? 'CVV',
    placeholder: query.get('placeholder') ?? '',
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function expiryFields(label: string): string {
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 21 }, (_, i) => String(thisYear + i));
  const options = (values: string[]): string =>
    values.map((v) => `<option value="${v}">${v}</option>`).join('');
  return (
    `<label for="ccexpirymonth" id="ccexpirylabel">${escapeHtml(label)}</label>` +
    '<select id="ccexpirymonth" name="ccexpirymonth" title="Expiration Month" aria-label="Expiration Month">' +
    `<option value="">MM</option>${options(months)}</select> ` +
    '<select id="ccexpiryyear" name="ccexpiryyear" title="Expiration Year" aria-label="Expiration Year">' +
    `<option value="">YYYY</option>${options(years)}</select>`
  );
}

function cvvField(label: string): string {
  return (
    `<label for="cccvvfield" id="cccvvlabel">${escapeHtml(label)}</label>` +
    '<input id="cccvvfield" name="cccvvfield" type="tel" size="4" maxlength="4" autocomplete="off" ' +
    'title="CVV" aria-label="CVV">'
  );
}

/** Runs inside the iframe: the card number goes only to CardSecure, the parent only ever sees the token. */
const TOKENIZER_SCRIPT = `
(function () {
  var config = window.__tokenizerConfig;
  var card = document.getElementById('ccnumfield');
  var month = document.getElementById('ccexpirymonth');
  var year = document.getElementById('ccexpiryyear');
  var cvv = document.getElementById('cccvvfield');
  var lastPayload = '';
  var timer;
  function expiry() { return month && year && month.value && year.value ? year.value + month.value : ''; }
  function digits() { return card.value.replace(/[\\s-]/g, ''); }
  function luhn(value) {
    var sum = 0;
    for (var i = 0; i < value.length; i++) {
      var d = Number(value.charAt(value.length - 1 - i));
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return value.length >= 12 && /^\\d+$/.test(value) && sum % 10 === 0;
  }
  function answer(token, errorCode, errorMessage) {
    var data = {};
    data[config.tokenpropname] = token;
    if (config.useexpiry) data.expiry = expiry();
    if (config.enhancedresponse) { data.token = token; data.errorCode = errorCode; data.errorMessage = errorMessage; }
    if (token === '' && config.invalidinputevent) data.validationError = errorCode === '14' ? 'Input is empty' : 'Invalid Credit Card Number';
    card.classList.toggle('error', token === '');
    card.setAttribute('aria-invalid', token === '' ? 'true' : 'false');
    window.parent.postMessage(JSON.stringify(data), '*');
  }
  function tokenize() {
    clearTimeout(timer);
    var account = digits();
    if (account === '') { lastPayload = ''; answer('', '14', 'Data is empty.'); return; }
    var payload = { account: account };
    if (expiry()) payload.expiry = expiry();
    if (cvv && cvv.value) payload.cvv = cvv.value;
    if (config.unique) payload.unique = true;
    var body = JSON.stringify(payload);
    if (body === lastPayload) return;
    lastPayload = body;
    fetch(config.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (body !== lastPayload) return;
        if (result.errorcode === 0 && result.token) answer(result.token, '0', '');
        else answer('', String(result.errorcode), result.message || '');
      })
      .catch(function () { lastPayload = ''; answer('', '999', 'Tokenization request failed'); });
  }
  function later() {
    clearTimeout(timer);
    if (config.tokenizewheninactive || luhn(digits())) timer = setTimeout(tokenize, config.inactivityto);
  }
  card.addEventListener('input', later);
  if (!config.tokenizewheninactive) card.addEventListener('blur', tokenize);
  [month, year, cvv].forEach(function (field) {
    if (field) field.addEventListener('change', function () { if (digits()) tokenize(); });
  });
  if (config.autofocus) card.focus();
})();
`;

function tokenizerPage(options: TokenizerOptions): string {
  const config = JSON.stringify({ ...options, endpoint: TOKENIZE_PATH }).replace(/</g, '\\u003c');
  const placeholder = options.placeholder ? ` placeholder="${escapeHtml(options.placeholder)}"` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Card Tokenizer</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:4px}
label{display:block;font-size:13px;margin:6px 0 2px}
input,select{font-size:15px;padding:4px}
input.error{border:1px solid #c00}
${options.css}
</style></head><body>
<form id="tokenform" autocomplete="off" novalidate onsubmit="return false">
<label for="ccnumfield" id="cccardlabel">${escapeHtml(options.cardlabel)}</label>
<input id="ccnumfield" name="ccnumfield" type="tel" size="19" maxlength="2000" autocomplete="off" title="Credit Card Number" aria-label="Credit Card Number"${placeholder}>
${options.useexpiry ? expiryFields(options.expirylabel) : ''}
${options.usecvv ? cvvField(options.cvvlabel) : ''}
</form>
<script>window.__tokenizerConfig = ${config};</script>
<script>${TOKENIZER_SCRIPT}</script>
</body></html>`;
}

/** A parent page for trying the tokenizer by hand: it shows whatever the iframe posts. */
function outerPage(search: string): string {
  const src = `/itoke/ajax-tokenizer.html${search}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tokenizer test page</title></head><body>
<iframe id="tokenFrame" name="tokenFrame" src="${escapeHtml(src)}" width="360" height="200" style="border:1px solid #ccc"></iframe>
<pre id="messages"></pre>
<script>
window.addEventListener('message', function (event) {
  document.getElementById('messages').textContent += event.data + '\\n';
});
</script>
</body></html>`;
}

export async function startCardPointeEmulator(
  options: CardPointeEmulatorOptions = {},
): Promise<CardPointeEmulator> {
  const settings = { ...DEFAULTS, ...stripUndefined(options) };
  const vault = new CardVault();
  const shutdown = new AbortController();
  const emulation: Emulation = {
    gateway: new Gateway(settings.merchantId, vault),
    vault,
    faults: new FaultPlan(),
    requests: [],
    username: settings.username,
    password: settings.password,
    shutdown: shutdown.signal,
  };
  const server = createServer((req, res) => {
    handleRequest(emulation, req, res).catch((error: unknown) => {
      send(res, failureReply(error, new URL(req.url ?? '/', 'http://emulator.invalid').pathname));
    });
  });
  await listen(server, settings.port, settings.host);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    merchantId: settings.merchantId,
    username: settings.username,
    password: settings.password,
    requests: emulation.requests,
    transactions: () => emulation.gateway.records(),
    hang: (endpoint, ms, times = 1, after = 0) => emulation.faults.hang(endpoint, ms, times, after),
    failNext: (endpoint, httpStatus) => emulation.faults.failNext(endpoint, httpStatus),
    settle: () => emulation.gateway.settle(),
    close: () => stop(server, shutdown),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server, shutdown: AbortController): Promise<void> {
  // Answers held back by hang() would otherwise keep the server open until they expire.
  shutdown.abort();
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
