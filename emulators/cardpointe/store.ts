import { randomInt } from 'node:crypto';
import type { Fields } from './fields.js';
import type { CardVault } from './vault.js';

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

/** One auth or refund attempt as the gateway keeps it (cents); RecordedTransaction is what tests see of it. */
export interface Transaction {
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

export interface ProfileAccount {
  acctid: string;
  token: string;
  accttype: string;
  expiry: string;
  defaultacct: 'Y' | 'N';
  details: Fields;
}

export interface Profile {
  profileid: string;
  accounts: ProfileAccount[];
  nextAcctId: number;
}

export interface ProfileRef {
  profileid: string;
  acctid: string | undefined;
}

/** The gateway's memory: every attempt by retref, and the stored-card profiles. */
export class GatewayStore {
  readonly transactions = new Map<string, Transaction>();
  readonly profiles = new Map<string, Profile>();
  readonly merchantId: string;
  readonly vault: CardVault;
  /** The open settlement batch; captures join it until it is settled. */
  batch = randomInt(1000, 9000);

  constructor(merchantId: string, vault: CardVault) {
    this.merchantId = merchantId;
    this.vault = vault;
  }

  records(): RecordedTransaction[] {
    return [...this.transactions.values()].map(recordOf);
  }

  newRetref(): string {
    let retref = randomDigits(12);
    while (this.transactions.has(retref)) retref = randomDigits(12);
    return retref;
  }

  newProfile(): Profile {
    let profileid = randomDigits(20);
    while (this.profiles.has(profileid)) profileid = randomDigits(20);
    const profile: Profile = { profileid, accounts: [], nextAcctId: 1 };
    this.profiles.set(profileid, profile);
    return profile;
  }
}

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
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
