import { formatMajorUnits, minorDigits } from '../../platform/money.js';
import {
  type AnswerStatus,
  type AuthorizeRequest,
  type CardEntry,
  type CardGateway,
  type GatewayAnswer,
  type GatewayTransaction,
  GatewayUnreachable,
  type SavedCard,
  TokenizeRefused,
} from './gateway.js';

export interface CardPointeSettings {
  /** The site root, e.g. https://fts-uat.cardconnect.com: REST and CardSecure live under it. */
  url: string;
  merchantId: string;
  username: string;
  password: string;
  /** How long to wait for an answer; the gateway itself gives a processor 31 s. */
  timeoutMs?: number;
}

type Fields = Record<string, unknown>;

/** Minor units → the gateway's decimal string: 1850 → "18.50". Never the implied-decimal form. */
export function toGatewayAmount(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Not an amount in minor units: ${minor}`);
  return formatMajorUnits(minor, currency);
}

/** The gateway's decimal string → minor units, exactly: "18.50" → 1850. */
export function fromGatewayAmount(text: unknown, currency: string): number {
  const digits = minorDigits(currency);
  const m = typeof text === 'string' ? /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim()) : null;
  if (!m || (m[3] ?? '').length > digits)
    throw new Error(`The gateway sent an amount that is not one: ${text}`);
  const minor = Number(m[2]) * 10 ** digits + Number((m[3] ?? '').padEnd(digits, '0') || '0');
  return m[1] === '-' ? -minor : minor;
}

/**
 * The flags that tell the card networks how the card is present and whether it is stored:
 * `ecomind` E for the online shop, R for a scheduled renewal; `cof` C when the customer starts a
 * charge on a stored card (or stores one), M when the merchant does; `cofscheduled` Y only for
 * recurring charges.
 */
export function entryFlags(entry: CardEntry, storedCard: boolean): Record<string, string> {
  switch (entry) {
    case 'recurring':
      return { ecomind: 'R', cof: 'M', cofscheduled: 'Y' };
    case 'online':
      return storedCard ? { ecomind: 'E', cof: 'C', cofscheduled: 'N' } : { ecomind: 'E' };
    case 'in_store':
      return storedCard ? { cof: 'C', cofscheduled: 'N' } : {};
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const textOrNull = (v: unknown): string | null => {
  const t = text(v);
  return t === '' ? null : t;
};
const statusOf = (respstat: unknown): AnswerStatus =>
  respstat === 'A' ? 'approved' : respstat === 'B' ? 'retry' : 'declined';
/** PPS 29: the gateway has no such transaction. */
const notFound = (f: Fields) => text(f.respproc) === 'PPS' && /^0*29$/.test(text(f.respcode));

/** The CardPointe Gateway REST API and CardSecure, over real HTTP. */
export class CardPointeClient implements CardGateway {
  readonly name: 'sandbox' | 'cardpointe';
  private readonly root: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly settings: CardPointeSettings,
    name: 'sandbox' | 'cardpointe' = 'cardpointe',
  ) {
    this.name = name;
    this.root = settings.url.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    this.timeoutMs = settings.timeoutMs ?? 40_000;
  }

  async authorize(request: AuthorizeRequest): Promise<GatewayAnswer> {
    const stored = 'profileId' in request.card;
    const body: Fields = {
      merchid: this.settings.merchantId,
      orderid: request.orderId,
      amount: toGatewayAmount(request.amount, request.currency),
      currency: request.currency,
      capture: request.capture ? 'Y' : 'N',
      ...entryFlags(request.entry, stored || request.saveProfile === true),
    };
    if ('profileId' in request.card) {
      body.profile = `${request.card.profileId}/${request.card.accountId}`;
    } else {
      body.account = request.card.token;
      body.expiry = request.card.expiry;
      if (request.card.cvv) body.cvv2 = request.card.cvv;
      if (request.saveProfile) {
        body.profile = 'Y';
        body.cofpermission = 'Y';
      }
    }
    if (request.name) body.name = request.name;
    if (request.postal) body.postal = request.postal;
    return this.answer(await this.rest('PUT', 'auth', body), request.currency);
  }

  async capture(retref: string, currency: string, amount?: number): Promise<GatewayAnswer> {
    return this.answer(
      await this.rest('PUT', 'capture', this.withAmount({ retref }, currency, amount)),
      currency,
    );
  }

  async void(retref: string, currency: string): Promise<GatewayAnswer> {
    return this.answer(await this.rest('PUT', 'void', this.withAmount({ retref }, currency)), currency);
  }

  async voidByOrderId(orderId: string, currency: string): Promise<GatewayAnswer> {
    return this.answer(
      await this.rest('PUT', 'voidByOrderId', this.withAmount({ orderid: orderId }, currency)),
      currency,
    );
  }

  async refund(retref: string, currency: string, amount?: number, orderId?: string): Promise<GatewayAnswer> {
    const fields: Fields = orderId ? { retref, orderid: orderId } : { retref };
    return this.answer(await this.rest('PUT', 'refund', this.withAmount(fields, currency, amount)), currency);
  }

  async inquire(retref: string, currency: string): Promise<GatewayTransaction | null> {
    const answer = await this.rest('GET', `inquire/${enc(retref)}/${enc(this.settings.merchantId)}`);
    const fields = one(answer);
    return notFound(fields) ? null : this.transaction(fields, currency);
  }

  async inquireByOrderId(orderId: string, currency: string): Promise<GatewayTransaction[]> {
    const answer = await this.rest(
      'GET',
      `inquireByOrderid/${enc(orderId)}/${enc(this.settings.merchantId)}/1`,
    );
    const list = Array.isArray(answer) ? (answer as Fields[]) : [answer];
    return list
      .filter((f) => !notFound(f) && text(f.retref) !== '')
      .map((f) => this.transaction(f, currency));
  }

  async createProfile(card: {
    token: string;
    expiry: string;
    name?: string | undefined;
  }): Promise<GatewayAnswer> {
    const body: Fields = {
      merchid: this.settings.merchantId,
      account: card.token,
      expiry: card.expiry,
      defaultacct: 'Y',
      cofpermission: 'Y',
    };
    if (card.name) body.name = card.name;
    // Saving a profile answers A with respcode 09, "Profile Saved"; it carries no amount.
    return this.answer(await this.rest('PUT', 'profile', body), 'USD');
  }

  async getProfile(profileId: string, accountId: string): Promise<SavedCard | null> {
    const answer = await this.rest('GET', this.profilePath(profileId, accountId));
    const list = Array.isArray(answer) ? (answer as Fields[]) : [answer];
    const account = list.find((f) => text(f.profileid) !== '' && text(f.acctid) === accountId);
    if (!account) return null;
    const token = text(account.token);
    return {
      profileId: text(account.profileid),
      accountId: text(account.acctid),
      brand: text(account.accttype) || brandOfToken(token),
      last4: token.slice(-4),
      expiry: text(account.expiry),
    };
  }

  async deleteProfile(profileId: string, accountId: string): Promise<boolean> {
    const fields = one(await this.rest('DELETE', this.profilePath(profileId, accountId)));
    return statusOf(fields.respstat) === 'approved';
  }

  async testConnection(): Promise<{ ok: boolean; detail: string }> {
    let res: Response;
    try {
      res = await this.fetch(`${this.root}/cardconnect/rest/`, {
        method: 'PUT',
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ merchid: this.settings.merchantId }),
      });
    } catch (err) {
      return { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
    if (res.status === 401)
      return { ok: false, detail: 'The gateway refused the username or password (401).' };
    const page = await res.text();
    if (res.ok && /CardConnect REST Servlet/i.test(page)) {
      return {
        ok: true,
        detail: `Connected to ${new URL(this.root).host} as merchant ${this.settings.merchantId}.`,
      };
    }
    return { ok: false, detail: `The gateway answered ${res.status}, not its REST page: check the URL.` };
  }

  async tokenize(card: {
    number: string;
    expiry?: string | undefined;
    cvv?: string | undefined;
  }): Promise<string> {
    const body: Fields = { account: card.number };
    if (card.expiry) body.expiry = card.expiry;
    if (card.cvv) body.cvv = card.cvv;
    let res: Response;
    try {
      res = await this.fetch(`${this.root}/cardsecure/api/v1/ccn/tokenize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw unreachable(err);
    }
    // A refusal comes with an error code in a JSON body, whatever the HTTP status.
    const answer = (await res.json().catch(() => null)) as Fields | null;
    if (!answer || (!res.ok && answer.errorcode === undefined)) {
      throw new GatewayUnreachable('http', `CardSecure answered ${res.status}.`);
    }
    const token = text(answer.token);
    if (Number(answer.errorcode ?? 0) !== 0 || token === '') {
      throw new TokenizeRefused(
        Number(answer.errorcode),
        text(answer.message) || 'The card number was refused.',
      );
    }
    return token;
  }

  private withAmount(fields: Fields, currency: string, amount?: number): Fields {
    const body: Fields = { merchid: this.settings.merchantId, ...fields };
    if (amount !== undefined) body.amount = toGatewayAmount(amount, currency);
    return body;
  }

  private profilePath(profileId: string, accountId: string): string {
    return `profile/${enc(profileId)}/${enc(accountId)}/${enc(this.settings.merchantId)}`;
  }

  private answer(reply: Fields | Fields[], currency: string): GatewayAnswer {
    const fields = one(reply);
    return {
      status: statusOf(fields.respstat),
      code: text(fields.respcode),
      text: text(fields.resptext),
      processor: text(fields.respproc),
      retref: textOrNull(fields.retref),
      amount: fields.amount === undefined ? 0 : fromGatewayAmount(text(fields.amount), currency),
      authCode: textOrNull(fields.authcode),
      token: textOrNull(fields.token) ?? textOrNull(fields.account),
      profileId: textOrNull(fields.profileid),
      accountId: textOrNull(fields.acctid),
      avs: textOrNull(fields.avsresp),
      cvv: textOrNull(fields.cvvresp),
    };
  }

  private transaction(fields: Fields, currency: string): GatewayTransaction {
    return {
      retref: text(fields.retref),
      orderId: textOrNull(fields.orderId) ?? textOrNull(fields.orderid),
      status: statusOf(fields.respstat),
      code: text(fields.respcode),
      text: text(fields.resptext),
      amount: fields.amount === undefined ? 0 : fromGatewayAmount(text(fields.amount), currency),
      settlement: text(fields.setlstat),
      voidable: text(fields.voidable).toUpperCase() === 'Y',
      refundable: text(fields.refundable).toUpperCase() === 'Y',
    };
  }

  /** One REST call; anything but a JSON answer is "unreachable": the outcome is unknown. */
  private async rest(
    method: 'GET' | 'PUT' | 'DELETE',
    endpoint: string,
    body?: Fields,
  ): Promise<Fields | Fields[]> {
    let res: Response;
    try {
      res = await this.fetch(`${this.root}/cardconnect/rest/${endpoint}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw unreachable(err);
    }
    if (res.status === 401) {
      throw new GatewayUnreachable('credentials', 'The card gateway refused Tandem’s credentials.');
    }
    if (!res.ok) throw new GatewayUnreachable('http', `The card gateway answered ${res.status}.`);
    let parsed: unknown;
    try {
      parsed = await res.json();
    } catch (err) {
      throw unreachable(err);
    }
    if (typeof parsed !== 'object' || parsed === null) {
      throw new GatewayUnreachable('http', 'The card gateway sent an answer that is not JSON.');
    }
    return parsed as Fields | Fields[];
  }

  private fetch(url: string, init: RequestInit): Promise<Response> {
    return fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
  }
}

const enc = encodeURIComponent;

function one(answer: Fields | Fields[]): Fields {
  return Array.isArray(answer) ? (answer[0] ?? {}) : answer;
}

function unreachable(err: unknown): GatewayUnreachable {
  if (err instanceof GatewayUnreachable) return err;
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new GatewayUnreachable('timeout', 'The card gateway did not answer in time.');
  }
  return new GatewayUnreachable('network', 'The card gateway could not be reached.');
}

/** A CardSecure token keeps the number's first two digits after its leading 9. */
export function brandOfToken(token: string): string {
  const two = token.slice(1, 3);
  if (/^4/.test(two)) return 'VISA';
  if (/^(5[1-5]|2[2-7])$/.test(two)) return 'MC';
  if (/^3[47]$/.test(two)) return 'AMEX';
  if (/^(60|62|64|65)$/.test(two)) return 'DISC';
  if (/^3[068]$/.test(two)) return 'DINERS';
  if (two === '35') return 'JCB';
  return 'CARD';
}
