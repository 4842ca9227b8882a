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
  status: 'draft' | 'pending' | 'private' | 'publish';
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
  subtotal: string;
  total: string;
  sku: string;
  price: number;
  meta_data: { id: number; key: string; value: unknown }[];
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
  total: string;
  total_tax: string;
  shipping_total: string;
  discount_total: string;
  customer_id: number;
  billing: Address;
  shipping: Address;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  line_items: LineItem[];
  shipping_lines: unknown[];
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
  line_items: { product_id: number; quantity: number }[];
  date_created_gmt?: string;
  date_modified_gmt?: string;
}

export function newOrder(store: Store, input: NewOrder, now: Date): Order {
  const id = store.nextId++;
  const created = input.date_created_gmt ?? wcDate(now);
  const modified = input.date_modified_gmt ?? created;
  const lineItems = input.line_items.map((line): LineItem => {
    const product = store.products.find((candidate) => candidate.id === line.product_id);
    const price = Number(product?.price || 0);
    return {
      id: store.nextLineItemId++,
      name: product?.name ?? '',
      product_id: line.product_id,
      variation_id: 0,
      quantity: line.quantity,
      subtotal: money(price * line.quantity),
      total: money(price * line.quantity),
      sku: product?.sku ?? '',
      price,
      meta_data: [],
    };
  });
  const total = lineItems.reduce((sum, line) => sum + Number(line.total), 0);
  const status = input.status ?? 'processing';
  const paid = status === 'processing' || status === 'completed' ? created : null;
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
    total: money(total),
    total_tax: '0.00',
    shipping_total: '0.00',
    discount_total: '0.00',
    customer_id: input.customer_id ?? 0,
    billing,
    shipping: input.shipping ?? customer?.shipping ?? { ...billing, email: undefined },
    payment_method: input.payment_method ?? 'stripe',
    payment_method_title: input.payment_method_title ?? 'Credit Card (Stripe)',
    transaction_id: paid === null ? '' : `ch_${id}`,
    line_items: lineItems,
    shipping_lines: [],
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
