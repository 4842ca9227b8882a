/**
 * Records as a cart speaking the Tandem cart protocol (tandem-cart/1) answers them: ids as strings,
 * money in integer minor units with its currency, times in ISO 8601 UTC to the millisecond.
 */

export interface Address {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
}

export interface Item {
  id: string;
  sku: string | null;
  name: string;
  price: number;
  currency: string;
  stock: number | null;
  active: boolean;
  updatedAt: string;
}

export interface Customer {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  address: Address | null;
  updatedAt: string;
}

export type OrderStatus = 'awaiting_payment' | 'paid' | 'completed' | 'cancelled' | 'refunded';

export interface OrderLine {
  itemId: string | null;
  sku: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
  tax: number;
}

export interface Order {
  id: string;
  number: string;
  status: OrderStatus;
  cartStatus: string;
  currency: string;
  pricesIncludeTax: boolean;
  total: number;
  shippingTotal: number;
  customer: { id: string | null; email: string | null; name: string | null; phone: string | null };
  shippingAddress: Address | null;
  shippingName: string | null;
  payment: { method: string; amount: number; reference: string | null } | null;
  lines: OrderLine[];
  createdAt: string;
  updatedAt: string;
}

export interface Store {
  name: string;
  currency: string;
  items: Item[];
  customers: Customer[];
  orders: Order[];
  nextId: number;
  nextOrderNumber: number;
}

/** The cart's word for each status, as a shop module would show it. */
export const cartStatusOf: Record<OrderStatus, string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Payment accepted',
  completed: 'Shipped',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

export const at = (date: Date): string => date.toISOString();

function address(name: string, city: string, postalCode: string): Address {
  return {
    name,
    line1: '12 Harbour Road',
    line2: null,
    city,
    region: null,
    postalCode,
    country: 'IE',
    phone: '+353 1 555 0100',
  };
}

export function newItem(store: Store, input: Partial<Omit<Item, 'id'>>, now: Date): Item {
  const id = String(store.nextId++);
  return {
    id,
    sku: input.sku === undefined ? `SKU-${id}` : input.sku,
    name: input.name ?? `Item ${id}`,
    price: input.price ?? 1000,
    currency: input.currency ?? store.currency,
    stock: input.stock === undefined ? 10 : input.stock,
    active: input.active ?? true,
    updatedAt: input.updatedAt ?? at(now),
  };
}

export function newCustomer(store: Store, input: Partial<Omit<Customer, 'id'>>, now: Date): Customer {
  const id = String(store.nextId++);
  return {
    id,
    email: input.email ?? `customer${id}@example.com`,
    name: input.name ?? `Customer ${id}`,
    phone: input.phone === undefined ? null : input.phone,
    address: input.address === undefined ? null : input.address,
    updatedAt: input.updatedAt ?? at(now),
  };
}

export interface NewOrder {
  lines: { itemId: string; quantity: number }[];
  status?: OrderStatus;
  customerId?: string | null;
  shippingTotal?: number;
  createdAt?: string;
  updatedAt?: string;
}

/** An order priced from the store's items, tax included at 23 %, paid by card unless awaiting payment. */
export function newOrder(store: Store, input: NewOrder, now: Date): Order {
  const id = String(store.nextId++);
  const lines = input.lines.map((line): OrderLine => {
    const item = store.items.find((candidate) => candidate.id === line.itemId);
    const unitPrice = item?.price ?? 0;
    return {
      itemId: item?.id ?? null,
      sku: item?.sku ?? null,
      name: item?.name ?? 'Removed item',
      quantity: line.quantity,
      unitPrice,
      tax: Math.round((unitPrice * line.quantity * 23) / 123),
    };
  });
  const shippingTotal = input.shippingTotal ?? 500;
  const total = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0) + shippingTotal;
  const status = input.status ?? 'paid';
  const customer =
    input.customerId === null
      ? undefined
      : store.customers.find((candidate) => candidate.id === (input.customerId ?? store.customers[0]?.id));
  const createdAt = input.createdAt ?? at(now);
  return {
    id,
    number: `T-${store.nextOrderNumber++}`,
    status,
    cartStatus: cartStatusOf[status],
    currency: store.currency,
    pricesIncludeTax: true,
    total,
    shippingTotal,
    customer: {
      id: customer?.id ?? null,
      email: customer?.email ?? 'guest@example.com',
      name: customer?.name ?? 'Guest Shopper',
      phone: customer?.phone ?? null,
    },
    shippingAddress: customer?.address ?? address(customer?.name ?? 'Guest Shopper', 'Cork', 'T12 X70A'),
    shippingName: 'Standard delivery',
    payment:
      status === 'awaiting_payment'
        ? null
        : { method: 'card', amount: total, reference: `pi_${id.padStart(6, '0')}` },
    lines,
    createdAt,
    updatedAt: input.updatedAt ?? createdAt,
  };
}

/** Four items (one untracked, one inactive), three customers and three orders, dated January 2026. */
export function seedStore(options: { name?: string; currency?: string } = {}): Store {
  const store: Store = {
    name: options.name ?? 'Harbour Tea Shop',
    currency: options.currency ?? 'EUR',
    items: [],
    customers: [],
    orders: [],
    nextId: 101,
    nextOrderNumber: 1001,
  };
  const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 0, n, hour));
  store.items.push(
    newItem(store, { sku: 'TEA-GRN', name: 'Green Tea 100 g', price: 850, stock: 40 }, day(2)),
    newItem(store, { sku: 'MUG-CER', name: 'Ceramic Mug', price: 1250, stock: 15 }, day(3)),
    newItem(store, { sku: 'GIFT-WRAP', name: 'Gift Wrapping', price: 300, stock: null }, day(4)),
    newItem(store, { sku: 'KETTLE-OLD', name: 'Old Kettle', price: 3900, stock: 0, active: false }, day(5)),
  );
  store.customers.push(
    newCustomer(
      store,
      {
        email: 'aoife@example.com',
        name: 'Aoife Byrne',
        phone: '+353 1 555 0101',
        address: address('Aoife Byrne', 'Dublin', 'D02 X285'),
      },
      day(6),
    ),
    newCustomer(store, { email: 'tomas@example.com', name: 'Tomás Ó Sé', phone: null }, day(7)),
    newCustomer(store, { email: 'li.wei@example.com', name: 'Li Wei', phone: '+353 21 555 0102' }, day(8)),
  );
  const [tea, mug, wrap] = store.items;
  const [aoife, tomas] = store.customers;
  store.orders.push(
    newOrder(
      store,
      {
        lines: [
          { itemId: tea?.id ?? '', quantity: 2 },
          { itemId: wrap?.id ?? '', quantity: 1 },
        ],
        customerId: aoife?.id ?? null,
        status: 'completed',
      },
      day(10),
    ),
    newOrder(
      store,
      { lines: [{ itemId: mug?.id ?? '', quantity: 1 }], customerId: tomas?.id ?? null },
      day(12),
    ),
    newOrder(
      store,
      { lines: [{ itemId: tea?.id ?? '', quantity: 1 }], customerId: null, status: 'awaiting_payment' },
      day(14),
    ),
  );
  return store;
}
