/**
 * What every cart adapter offers the sync engine: plain data in and out. An adapter speaks HTTP to
 * one kind of cart and maps its records to these shapes; it never touches Tandem's tables, and the
 * engine never speaks HTTP. Money is in integer minor units of the record's currency; times are
 * `Date`s in UTC.
 */

export const cartTypes = ['woocommerce', 'prestashop', 'shopify', 'custom'] as const;
export type CartType = (typeof cartTypes)[number];

export const cartEntities = ['orders', 'items', 'customers'] as const;
export type CartEntity = (typeof cartEntities)[number];

/** How a call to a cart went wrong, in words the engine acts on. */
export type CartFailure =
  /** DNS, refused connection, TLS or timeout: the address was not reached. */
  | 'unreachable'
  /** The cart answered 401 or said the keys are wrong. */
  | 'unauthorized'
  /** The keys are right but lack a permission (read-only key, resource not enabled). */
  | 'forbidden'
  /** Something answered, but not the cart's API (an HTML page, another site). */
  | 'not_a_cart'
  /** 429 or the cart's own throttling: wait `retryAfterMs` and try again. */
  | 'throttled'
  /** 5xx: worth trying again later. */
  | 'server_error'
  /** The record asked for does not exist in the cart. */
  | 'not_found'
  /** The cart refused what was sent (a 400 with its reason). */
  | 'rejected';

export class CartError extends Error {
  constructor(
    readonly failure: CartFailure,
    message: string,
    /** For `throttled`: how long the cart asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs?: number,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CartError';
  }
}

export interface CartAddress {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone?: string | undefined;
}

export interface CartItem {
  externalId: string;
  sku: string | null;
  name: string;
  /** The regular price, tax as the cart keeps it. */
  price: number;
  currency: string;
  /** Units in stock when the cart tracks stock; null when it does not. */
  stock: number | null;
  /** Whether the item can be bought in the cart (published / active). */
  active: boolean;
  updatedAt: Date;
}

export interface CartCustomer {
  externalId: string;
  email: string;
  name: string;
  phone: string | null;
  address: CartAddress | null;
  updatedAt: Date;
}

/** Where an order stands in the cart, in the few words Tandem needs. */
export type CartOrderStatus =
  /** Placed but not paid yet (WooCommerce pending/on-hold/failed/draft; PrestaShop awaiting payment). */
  | 'awaiting_payment'
  /** Paid, to be shipped. */
  | 'paid'
  /** Shipped or completed in the cart. */
  | 'completed'
  | 'cancelled'
  | 'refunded';

export interface CartOrderLine {
  /** The cart's product (or variation) id; null when the cart no longer knows it. */
  externalItemId: string | null;
  sku: string | null;
  name: string;
  quantity: number;
  /** Per unit, before tax (and before the order's coupons), whatever the cart's tax display. */
  unitPrice: number;
  /** Tax on the whole line. */
  tax: number;
}

export interface CartOrder {
  externalId: string;
  /** The number the shopper sees ("1042", "XKBKNABJK"). */
  number: string;
  status: CartOrderStatus;
  /** The cart's own word for the status, for history entries ("processing", "Payment accepted"). */
  cartStatus: string;
  currency: string;
  pricesIncludeTax: boolean;
  /** Grand total, tax and shipping included. */
  total: number;
  shippingTotal: number;
  customer: {
    externalId: string | null;
    email: string | null;
    name: string | null;
    phone: string | null;
  };
  shippingAddress: CartAddress | null;
  /** The shipping method's name ("Flat rate"), when there is one. */
  shippingName: string | null;
  /** How it was paid in the cart; null when not paid yet. */
  payment: { method: string; amount: number; reference: string | null } | null;
  lines: CartOrderLine[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CartRecords {
  orders: CartOrder;
  items: CartItem;
  customers: CartCustomer;
}

/** A record the adapter could not read: skipped and logged by the engine, with its id and why. */
export interface BadRecord {
  bad: true;
  externalId: string;
  reason: string;
}

export const isBadRecord = (r: object): r is BadRecord => 'bad' in r && (r as BadRecord).bad === true;

export interface PageQuery {
  /** Records modified at or after this (the engine already took the overlap off). */
  modifiedSince?: Date | null | undefined;
  /** Free text the cart searches by (selective import lists). */
  search?: string | undefined;
  /** The page token a previous page answered; absent for the first page. */
  page?: string | null | undefined;
  /** Records per page; adapters cap it at what the cart allows (100 for WooCommerce). */
  pageSize?: number | undefined;
}

export interface CartPage<T> {
  /**
   * Records in ascending modification time (so the engine can advance its cursor record by
   * record) when `modifiedSince` was given; in the cart's own order otherwise.
   */
  records: (T | BadRecord)[];
  /** The token for the next page, or null on the last. */
  next: string | null;
  /** How many records match in all, when the cart says (X-WP-Total). */
  total?: number | undefined;
}

export interface StockLevel {
  externalId: string;
  /** Units the cart may sell. */
  quantity: number;
}

export interface ItemToCart {
  /** Set to update a product the cart has; absent to create one. */
  externalId?: string | undefined;
  sku: string | null;
  name: string;
  price: number;
  currency: string;
  /** Free stock to set; null for an item that does not track stock. */
  stock: number | null;
}

export interface CustomerToCart {
  externalId?: string | undefined;
  email: string;
  name: string;
  phone: string | null;
}

/** What the engine asks of a cart. Every method may throw `CartError`. */
export interface Cart {
  /** Checks the address, the keys and the permissions sync needs; throws a `CartError` naming what failed. */
  test(): Promise<void>;
  page<E extends CartEntity>(entity: E, query: PageQuery): Promise<CartPage<CartRecords[E]>>;
  /** One record by its id in the cart (a bad record when the cart's copy cannot be read). */
  get<E extends CartEntity>(entity: E, externalId: string): Promise<CartRecords[E] | BadRecord>;
  /** Creates or updates an item; answers its id in the cart. */
  putItem(item: ItemToCart): Promise<string>;
  /** Creates or updates a customer; answers their id in the cart. */
  putCustomer(customer: CustomerToCart): Promise<string>;
  /** Sets the stock of several items at once, as a batch where the cart has one. */
  setStock(levels: readonly StockLevel[]): Promise<void>;
}

/** What opening an adapter takes: the connection's address and its credentials, opened. */
export interface CartAddressAndKeys {
  url: string;
  credentials: Record<string, string>;
  /** The store currency, for carts whose records do not say theirs. */
  currency: string;
  /** Per request; a slow cart fails as `unreachable` after it. */
  timeoutMs?: number;
  /** The fetch to call the cart with; the global one unless given (a proxy, a recording). */
  fetch?: typeof fetch;
}
