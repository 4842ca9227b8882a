/** Plain records as WooCommerce answers them (wc/v3, view context). The store's timezone is UTC. */

export interface Address {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone: string;
}

export interface Product {
  id: number;
  name: string;
  slug: string;
  type: 'simple' | 'grouped' | 'external' | 'variable';
  status: 'draft' | 'pending' | 'private' | 'publish' | 'trash';
  sku: string;
  price: string;
  regular_price: string;
  sale_price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: 'instock' | 'outofstock' | 'onbackorder';
  backorders: 'no' | 'notify' | 'yes';
  parent_id: number;
  variations: number[];
  date_created: string;
  date_created_gmt: string;
  date_modified: string;
  date_modified_gmt: string;
  meta_data: { id: number; key: string; value: unknown }[];
}

export interface Customer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  username: string;
  role: string;
  billing: Address;
  shipping: Address;
  is_paying_customer: boolean;
  date_created: string;
  date_created_gmt: string;
  date_modified: string;
  date_modified_gmt: string;
  meta_data: { id: number; key: string; value: unknown }[];
}

export interface LineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  tax_class: string;
  /** Before discounts, always without tax (WooCommerce keeps line amounts net). */
  subtotal: string;
  subtotal_tax: string;
  total: string;
  total_tax: string;
  taxes: { id: number; total: string; subtotal: string }[];
  /** As stored when the order was placed; answers show the product's SKU now, null once it is gone. */
  sku: string | null;
  price: number;
  meta_data: { id: number; key: string; value: unknown }[];
}

export interface ShippingLine {
  id: number;
  method_title: string;
  method_id: string;
  instance_id: string;
  total: string;
  total_tax: string;
  taxes: unknown[];
  meta_data: unknown[];
}

export interface Order {
  id: number;
  parent_id: number;
  number: string;
  order_key: string;
  status: string;
  currency: string;
  date_created: string;
  date_created_gmt: string;
  date_modified: string;
  date_modified_gmt: string;
  date_paid: string | null;
  date_paid_gmt: string | null;
  date_completed: string | null;
  date_completed_gmt: string | null;
  discount_total: string;
  discount_tax: string;
  shipping_total: string;
  shipping_tax: string;
  cart_tax: string;
  total: string;
  total_tax: string;
  prices_include_tax: boolean;
  customer_id: number;
  customer_note: string;
  created_via: string;
  billing: Address;
  shipping: Address;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  line_items: LineItem[];
  shipping_lines: ShippingLine[];
  fee_lines: unknown[];
  coupon_lines: unknown[];
  tax_lines: unknown[];
  refunds: unknown[];
  meta_data: { id: number; key: string; value: unknown }[];
}

export interface Store {
  products: Product[];
  customers: Customer[];
  orders: Order[];
  nextId: number;
  nextLineItemId: number;
}

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
] as const;

/** Statuses WooCommerce counts as paid (wc_get_is_paid_statuses). */
const PAID_STATUSES = ['processing', 'completed'];

/** WooCommerce's date format: ISO-8601 to the second, no offset. */
export function wcDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function money(value: number): string {
  return value.toFixed(2);
}

export function address(first: string, last: string, city: string, email?: string): Address {
  return {
    first_name: first,
    last_name: last,
    company: '',
    address_1: '1 Main Street',
    address_2: '',
    city,
    state: 'CA',
    postcode: '94107',
    country: 'US',
    ...(email === undefined ? {} : { email }),
    phone: '555-0100',
  };
}

export function newProduct(store: Store, input: Partial<Product>, now: Date): Product {
  const id = store.nextId++;
  const name = input.name ?? `Product ${id}`;
  const regular = input.regular_price ?? '';
  const manage = input.manage_stock ?? input.stock_quantity !== undefined;
  const quantity = manage ? (input.stock_quantity ?? null) : null;
  return {
    id,
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    type: input.type ?? 'simple',
    status: input.status ?? 'publish',
    sku: input.sku ?? '',
    price: input.sale_price || regular,
    regular_price: regular,
    sale_price: input.sale_price ?? '',
    manage_stock: manage,
    stock_quantity: quantity,
    stock_status: input.stock_status ?? (manage && (quantity ?? 0) <= 0 ? 'outofstock' : 'instock'),
    backorders: input.backorders ?? 'no',
    parent_id: 0,
    variations: [],
    date_created: wcDate(now),
    date_created_gmt: wcDate(now),
    date_modified: wcDate(now),
    date_modified_gmt: wcDate(now),
    meta_data: [],
  };
}

export interface NewOrder {
  status?: string;
  customer_id?: number;
  billing?: Address;
  shipping?: Address;
  payment_method?: string;
  payment_method_title?: string;
  transaction_id?: string;
  line_items: { product_id: number; quantity: number; variation_id?: number }[];
  shipping_lines?: { method_id?: string; method_title: string; total: string }[];
  /** One tax rate on every line and on shipping, in percent (the store's standard rate). */
  tax_percent?: number;
  /** Whether the shop's catalogue prices include tax; line amounts stay net either way. */
  prices_include_tax?: boolean;
  date_created_gmt?: string;
  date_modified_gmt?: string;
}

const cents = (value: number): number => Math.round(value * 100);

export function newOrder(store: Store, input: NewOrder, now: Date): Order {
  const id = store.nextId++;
  const created = input.date_created_gmt ?? wcDate(now);
  const modified = input.date_modified_gmt ?? created;
  const rate = (input.tax_percent ?? 0) / 100;
  const includesTax = input.prices_include_tax ?? false;
  const lineItems = input.line_items.map((line): LineItem => {
    const product = store.products.find((candidate) => candidate.id === line.product_id);
    const shelf = cents(Number(product?.price || 0)) * line.quantity;
    // With tax-inclusive prices WooCommerce takes the tax out of the shelf price to get the net line.
    const net = includesTax ? Math.round(shelf / (1 + rate)) : shelf;
    const tax = includesTax ? shelf - net : Math.round(net * rate);
    return {
      id: store.nextLineItemId++,
      name: product?.name ?? '',
      product_id: line.product_id,
      variation_id: line.variation_id ?? 0,
      quantity: line.quantity,
      tax_class: '',
      subtotal: money(net / 100),
      subtotal_tax: money(tax / 100),
      total: money(net / 100),
      total_tax: money(tax / 100),
      taxes: rate > 0 ? [{ id: 1, total: money(tax / 100), subtotal: money(tax / 100) }] : [],
      sku: product?.sku ?? '',
      price: net / 100 / line.quantity,
      meta_data: [],
    };
  });
  const shippingLines = (input.shipping_lines ?? []).map((line): ShippingLine => {
    const net = cents(Number(line.total));
    return {
      id: store.nextLineItemId++,
      method_title: line.method_title,
      method_id: line.method_id ?? 'flat_rate',
      instance_id: '1',
      total: money(net / 100),
      total_tax: money(Math.round(net * rate) / 100),
      taxes: [],
      meta_data: [],
    };
  });
  const sum = (values: string[]) => values.reduce((total, value) => total + cents(Number(value)), 0);
  const cartTax = sum(lineItems.map((line) => line.total_tax));
  const shippingTotal = sum(shippingLines.map((line) => line.total));
  const shippingTax = sum(shippingLines.map((line) => line.total_tax));
  const total = sum(lineItems.map((line) => line.total)) + cartTax + shippingTotal + shippingTax;
  const status = input.status ?? 'processing';
  const paid = PAID_STATUSES.includes(status) ? created : null;
  const completed = status === 'completed' ? modified : null;
  const customer = store.customers.find((candidate) => candidate.id === input.customer_id);
  const billing =
    input.billing ?? customer?.billing ?? address('Guest', 'Buyer', 'Oakland', 'guest@example.com');
  return {
    id,
    parent_id: 0,
    number: String(id),
    order_key: `wc_order_${id.toString(36).padStart(13, 'x')}`,
    status,
    currency: 'USD',
    date_created: created,
    date_created_gmt: created,
    date_modified: modified,
    date_modified_gmt: modified,
    date_paid: paid,
    date_paid_gmt: paid,
    date_completed: completed,
    date_completed_gmt: completed,
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: money(shippingTotal / 100),
    shipping_tax: money(shippingTax / 100),
    cart_tax: money(cartTax / 100),
    total: money(total / 100),
    total_tax: money((cartTax + shippingTax) / 100),
    prices_include_tax: includesTax,
    customer_id: input.customer_id ?? 0,
    customer_note: '',
    created_via: 'checkout',
    billing,
    shipping: input.shipping ?? customer?.shipping ?? { ...billing, email: undefined },
    payment_method: input.payment_method ?? 'stripe',
    payment_method_title: input.payment_method_title ?? 'Credit Card (Stripe)',
    transaction_id: input.transaction_id ?? (paid === null ? '' : `ch_${id}`),
    line_items: lineItems,
    shipping_lines: shippingLines,
    fee_lines: [],
    coupon_lines: [],
    tax_lines: [],
    refunds: [],
    meta_data: [],
  };
}

/** A small shop: four products with SKUs and stock, two customers, three orders (one from a guest). */
export function seedStore(): Store {
  const store: Store = { products: [], customers: [], orders: [], nextId: 10, nextLineItemId: 1 };
  const day = (n: number) => new Date(Date.UTC(2026, 0, n, 9, 30, 0));
  const products: Partial<Product>[] = [
    { name: 'Espresso Beans 1kg', sku: 'BEAN-ESP-1KG', regular_price: '24.00', stock_quantity: 40 },
    { name: 'Ceramic Mug', sku: 'MUG-CER', regular_price: '12.50', stock_quantity: 15 },
    {
      name: 'Pour-over Kettle',
      sku: 'KETTLE-PO',
      regular_price: '58.00',
      sale_price: '49.00',
      stock_quantity: 3,
    },
    { name: 'Paper Filters (100)', sku: 'FILTER-100', regular_price: '6.00', stock_quantity: 0 },
  ];
  products.forEach((input, index) => {
    store.products.push(newProduct(store, input, day(index + 1)));
  });
  const people = [
    { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', city: 'San Francisco' },
    { first: 'Grace', last: 'Hopper', email: 'grace@example.com', city: 'Berkeley' },
  ];
  people.forEach((person, index) => {
    const id = store.nextId++;
    const billing = address(person.first, person.last, person.city, person.email);
    store.customers.push({
      id,
      email: person.email,
      first_name: person.first,
      last_name: person.last,
      username: person.first.toLowerCase(),
      role: 'customer',
      billing,
      shipping: { ...billing, email: undefined },
      is_paying_customer: true,
      date_created: wcDate(day(5 + index)),
      date_created_gmt: wcDate(day(5 + index)),
      date_modified: wcDate(day(5 + index)),
      date_modified_gmt: wcDate(day(5 + index)),
      meta_data: [],
    });
  });
  for (const customer of store.customers) delete customer.shipping.email;
  const [beans, mug, kettle] = store.products;
  const [ada, grace] = store.customers;
  const orders: NewOrder[] = [
    {
      customer_id: ada?.id ?? 0,
      status: 'completed',
      line_items: [
        { product_id: beans?.id ?? 0, quantity: 2 },
        { product_id: mug?.id ?? 0, quantity: 1 },
      ],
      date_created_gmt: wcDate(day(10)),
      date_modified_gmt: wcDate(day(12)),
    },
    {
      customer_id: grace?.id ?? 0,
      status: 'processing',
      payment_method: 'paypal',
      payment_method_title: 'PayPal',
      line_items: [{ product_id: kettle?.id ?? 0, quantity: 1 }],
      date_created_gmt: wcDate(day(14)),
      date_modified_gmt: wcDate(day(14)),
    },
    {
      status: 'on-hold',
      payment_method: 'bacs',
      payment_method_title: 'Direct bank transfer',
      line_items: [{ product_id: mug?.id ?? 0, quantity: 4 }],
      date_created_gmt: wcDate(day(20)),
      date_modified_gmt: wcDate(day(21)),
    },
  ];
  for (const order of orders) {
    const created = newOrder(store, order, day(1));
    delete created.shipping.email;
    store.orders.push(created);
  }
  return store;
}
