export type CardBrand = 'VISA' | 'MC' | 'AMEX' | 'DISC' | 'DINERS' | 'JCB';

/** What the emulated processors do with a card, decided once from the PAN so the PAN need not be kept. */
export type CardBehaviour =
  | { kind: 'approve' }
  | { kind: 'decline'; respcode: string; resptext: string }
  | { kind: 'partial' }
  | { kind: 'timeout' };

export interface AuthorizationOutcome {
  respstat: 'A' | 'B' | 'C';
  respproc: string;
  respcode: string;
  resptext: string;
  approvedCents: number;
}

export interface ProcessorDecline {
  respcode: string;
  resptext: string;
}

export type AmountParse =
  | { ok: true; cents: number }
  | { ok: false; respcode: '43'; resptext: 'Invalid amount' };

const BRAND_PATTERNS: ReadonlyArray<readonly [CardBrand, RegExp]> = [
  ['VISA', /^4(?:\d{12}|\d{15}|\d{18})$/],
  ['MC', /^(?:5[1-5]\d{14}|(?:222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)\d{12})$/],
  ['AMEX', /^3[47]\d{13}$/],
  ['DISC', /^(?:6011|622\d|64[4-9]\d|65\d{2})\d{12,15}$/],
  ['DINERS', /^(?:30[0-5]|36\d|38\d)\d{11,13}$/],
  ['JCB', /^(?:352[89]|35[3-8]\d)\d{12,15}$/],
];

/** UAT fixed-response cards: Visa, Mastercard and Discover each have one card per issuer answer. */
const REFER_TO_ISSUER: ProcessorDecline = { respcode: '01', resptext: 'Refer to issuer' };
const DO_NOT_HONOR: ProcessorDecline = { respcode: '05', resptext: 'Do not honor' };
const WRONG_EXPIRATION: ProcessorDecline = { respcode: '54', resptext: 'Wrong expiration' };
const INSUFFICIENT_FUNDS: ProcessorDecline = { respcode: 'NU', resptext: 'Insufficient funds' };
const FIXED_DECLINE_PANS: ReadonlyMap<string, ProcessorDecline> = new Map([
  ['4387751111111020', REFER_TO_ISSUER],
  ['4387751111111038', DO_NOT_HONOR],
  ['4387751111111046', WRONG_EXPIRATION],
  ['4387751111111053', INSUFFICIENT_FUNDS],
  ['5442981111111023', REFER_TO_ISSUER],
  ['5442981111111031', DO_NOT_HONOR],
  ['5442981111111049', WRONG_EXPIRATION],
  ['5442981111111056', INSUFFICIENT_FUNDS],
  ['6011000995511122', REFER_TO_ISSUER],
  ['6011000995511130', DO_NOT_HONOR],
  ['6011000995511148', WRONG_EXPIRATION],
  ['6011000995511155', INSUFFICIENT_FUNDS],
]);

const PARTIAL_APPROVAL_PAN = '4387750101010101';
const TIMEOUT_PANS: ReadonlySet<string> = new Set([
  '4999006200620062',
  '5111006200620062',
  '6465006200620062',
]);

/** A partial-approval card approves at most this much once the request reaches the threshold. */
const PARTIAL_APPROVAL_CENTS = 500;
const PARTIAL_APPROVAL_THRESHOLD_CENTS = 600;

const AMOUNT_DECLINE_MIN_CENTS = 100_000;
const AMOUNT_DECLINE_MAX_CENTS = 199_999;
const REFUND_DECLINE_MIN_CAPTURE_CENTS = 200_000;

/** Rapid Connect codes that mean approval, so an amount landing on them must not be turned into a decline. */
const RAPID_CONNECT_APPROVALS: ReadonlySet<string> = new Set(['000', '002', '003']);

export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function brandOf(pan: string): CardBrand | undefined {
  return BRAND_PATTERNS.find(([, pattern]) => pattern.test(pan))?.[0];
}

export function behaviourOf(pan: string): CardBehaviour {
  const decline = FIXED_DECLINE_PANS.get(pan);
  if (decline) return { kind: 'decline', ...decline };
  if (pan === PARTIAL_APPROVAL_PAN) return { kind: 'partial' };
  if (TIMEOUT_PANS.has(pan)) return { kind: 'timeout' };
  return { kind: 'approve' };
}

/** The gateway's own masking style: first two and last four digits kept, the rest as X. */
export function maskedAccount(firstTwo: string, lastFour: string, length: number): string {
  return firstTwo + 'X'.repeat(Math.max(length - firstTwo.length - lastFour.length, 0)) + lastFour;
}

export function maskPan(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 8) return 'X'.repeat(digits.length);
  return maskedAccount(digits.slice(0, 2), digits.slice(-4), digits.length);
}

/** Tokens begin with 9, which no supported card network uses, so a 9-led number is never treated as a PAN. */
export function looksLikeClearPan(value: string): boolean {
  return /^[0-8]\d{12,18}$/.test(value) && passesLuhn(value);
}

/**
 * Requests carry either a decimal in major units or an integer in minor units;
 * "100" is therefore one dollar, which is the trap this rule keeps faithful.
 */
export function parseAmount(value: unknown): AmountParse {
  if (typeof value !== 'string') return invalidAmount();
  const decimal = /^(\d+)\.(\d{1,2})$/.exec(value);
  const cents = decimal
    ? Number(decimal[1]) * 100 + Number((decimal[2] ?? '').padEnd(2, '0'))
    : /^\d+$/.test(value)
      ? Number(value)
      : Number.NaN;
  if (!Number.isSafeInteger(cents)) return invalidAmount();
  return { ok: true, cents };
}

function invalidAmount(): AmountParse {
  return { ok: false, respcode: '43', resptext: 'Invalid amount' };
}

export function formatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(cents);
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

function rapidConnectDecline(cents: number): ProcessorDecline | undefined {
  const respcode = String(Math.floor(cents / 100) % 1000).padStart(3, '0');
  if (RAPID_CONNECT_APPROVALS.has(respcode)) return undefined;
  return { respcode, resptext: respcode === '116' ? 'Not sufficient funds' : 'Declined' };
}

/** UAT turns an auth of $1000.00–$1999.99 into the decline whose code is the last three whole-dollar digits. */
export function amountDecline(cents: number): ProcessorDecline | undefined {
  if (cents < AMOUNT_DECLINE_MIN_CENTS || cents > AMOUNT_DECLINE_MAX_CENTS) return undefined;
  return rapidConnectDecline(cents);
}

/** Refund declines only trigger on a capture of $2000 or more refunded by a whole $1nnn amount. */
export function refundDecline(capturedCents: number, refundCents: number): ProcessorDecline | undefined {
  if (capturedCents < REFUND_DECLINE_MIN_CAPTURE_CENTS) return undefined;
  if (refundCents % 100 !== 0) return undefined;
  if (refundCents < AMOUNT_DECLINE_MIN_CENTS || refundCents > AMOUNT_DECLINE_MAX_CENTS) return undefined;
  return rapidConnectDecline(refundCents);
}

export function authorizationOutcome(behaviour: CardBehaviour, cents: number): AuthorizationOutcome {
  if (behaviour.kind === 'decline') {
    const { respcode, resptext } = behaviour;
    return { respstat: 'C', respproc: 'FNOR', respcode, resptext, approvedCents: 0 };
  }
  if (behaviour.kind === 'timeout') {
    return { respstat: 'B', respproc: 'PPS', respcode: '62', resptext: 'Timed out', approvedCents: 0 };
  }
  const decline = amountDecline(cents);
  if (decline) return { respstat: 'C', respproc: 'RPCT', ...decline, approvedCents: 0 };
  if (behaviour.kind === 'partial' && cents >= PARTIAL_APPROVAL_THRESHOLD_CENTS) {
    return {
      respstat: 'A',
      respproc: 'FNOR',
      respcode: '10',
      resptext: 'Partial Approval',
      approvedCents: PARTIAL_APPROVAL_CENTS,
    };
  }
  return { respstat: 'A', respproc: 'FNOR', respcode: '00', resptext: 'Approval', approvedCents: cents };
}

/** UAT derives AVS from the last three digits of the postal code; the gateway assumes 55555 when none is sent. */
export function avsResponse(postal: string | undefined): string {
  const lastThree = (postal ?? '55555').replace(/\D/g, '').slice(-3);
  if (lastThree === '112') return 'N';
  if (lastThree === '224') return 'X';
  return 'Y';
}

/** No CVV sent means the check was not processed. */
export function cvvResponse(cvv: string | undefined): string {
  if (cvv === undefined || cvv === '') return 'P';
  const answers: Record<string, string> = { '112': 'M', '111': 'N', '222': 'P', '333': 'U' };
  return answers[cvv] ?? 'M';
}

/** Accepts the gateway's MMYY, YYYYM, YYYYMM and YYYYMMDD forms; inquire reports MMYY. */
export function expiryAsMmyy(expiry: string): string | undefined {
  if (/^\d{4}$/.test(expiry)) return expiry;
  if (/^\d{5}$/.test(expiry)) return `0${expiry.slice(4)}${expiry.slice(2, 4)}`;
  if (/^\d{6}$/.test(expiry) || /^\d{8}$/.test(expiry)) return expiry.slice(4, 6) + expiry.slice(2, 4);
  return undefined;
}
