/**
 * The card gateway as Tandem needs it: amounts in minor units, answers normalised. The CardPointe
 * client is the one implementation; the sandbox is that same client talking to a local server that
 * speaks CardPointe's protocol.
 */

/** How the card is present, which sets the e-commerce and stored-credential flags. */
export type CardEntry =
  /** At the register, the cashier keys or taps the card. */
  | 'in_store'
  /** In the online shop or the customer's account, the customer types it. */
  | 'online'
  /** A scheduled renewal the merchant starts with a stored card. */
  | 'recurring';

export type CardSource =
  | { token: string; expiry: string; cvv?: string | undefined }
  | { profileId: string; accountId: string };

export interface AuthorizeRequest {
  /** Unique per attempt, so that an attempt whose answer was lost can be found again. */
  orderId: string;
  amount: number;
  currency: string;
  card: CardSource;
  capture: boolean;
  entry: CardEntry;
  /** Store the card in a new gateway profile when approved (the customer agreed). */
  saveProfile?: boolean;
  name?: string | undefined;
  postal?: string | undefined;
}

export type AnswerStatus = 'approved' | 'declined' | 'retry';

/** What the gateway said about one operation. */
export interface GatewayAnswer {
  status: AnswerStatus;
  code: string;
  text: string;
  /** Who answered: the gateway itself (PPS) or a processor. */
  processor: string;
  retref: string | null;
  /** Approved amount in minor units: 0 for a decline, less than asked for a partial approval. */
  amount: number;
  authCode: string | null;
  token: string | null;
  profileId: string | null;
  accountId: string | null;
  avs: string | null;
  cvv: string | null;
}

/** A transaction as the gateway knows it, from an inquiry. */
export interface GatewayTransaction {
  retref: string;
  orderId: string | null;
  status: AnswerStatus;
  code: string;
  text: string;
  amount: number;
  settlement: string;
  voidable: boolean;
  refundable: boolean;
}

export interface SavedCard {
  profileId: string;
  accountId: string;
  brand: string;
  last4: string;
  /** MMYY. */
  expiry: string;
}

export interface CardGateway {
  readonly name: 'sandbox' | 'cardpointe';
  authorize(request: AuthorizeRequest): Promise<GatewayAnswer>;
  // Amounts are in minor units of `currency`: the merchant account's, which the payment records.
  capture(retref: string, currency: string, amount?: number): Promise<GatewayAnswer>;
  /** The whole authorisation, while the gateway has not settled it. */
  void(retref: string, currency: string): Promise<GatewayAnswer>;
  voidByOrderId(orderId: string, currency: string): Promise<GatewayAnswer>;
  /** `orderId` lets an unanswered refund be found again. */
  refund(retref: string, currency: string, amount?: number, orderId?: string): Promise<GatewayAnswer>;
  inquire(retref: string, currency: string): Promise<GatewayTransaction | null>;
  /** Every attempt sent with this order id; empty when the gateway never processed one. */
  inquireByOrderId(orderId: string, currency: string): Promise<GatewayTransaction[]>;
  createProfile(card: { token: string; expiry: string; name?: string | undefined }): Promise<GatewayAnswer>;
  getProfile(profileId: string, accountId: string): Promise<SavedCard | null>;
  deleteProfile(profileId: string, accountId: string): Promise<boolean>;
  /** Checks the credentials: the gateway's "REST Servlet" page. */
  testConnection(): Promise<{ ok: boolean; detail: string }>;
  /** Card number → token through CardSecure: the number goes no further. */
  tokenize(card: { number: string; expiry?: string | undefined; cvv?: string | undefined }): Promise<string>;
}

/** The gateway could not be reached or gave no usable answer: nothing is known about the operation. */
export class GatewayUnreachable extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'http' | 'credentials',
    detail: string,
  ) {
    super(detail);
    this.name = 'GatewayUnreachable';
  }
}

/** CardSecure refused to tokenize (bad number and the like); its text says why. */
export class TokenizeRefused extends Error {
  constructor(
    readonly errorCode: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'TokenizeRefused';
  }
}
