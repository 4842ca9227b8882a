import { createHmac, randomBytes } from 'node:crypto';
import {
  behaviourOf,
  brandOf,
  type CardBehaviour,
  type CardBrand,
  cvvResponse,
  maskedAccount,
  passesLuhn,
} from './cards.js';

export const TOKEN_SHAPE = /^9\d{15}$/;

/** Per process, so the same card keeps its token across emulator restarts within one test run. */
const TOKEN_SECRET = randomBytes(32);

export interface VaultEntry {
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
export class CardVault {
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

export function maskedFromEntry(entry: VaultEntry): string {
  return maskedAccount(entry.firstTwo, entry.lastFour, entry.panLength);
}
