import { seedAddresses } from './addresses.js';
import { seedCountries } from './countries.js';
import { seedCurrencies } from './currencies.js';
import { firstValue, translated } from './i18n.js';
import { PAID_STATES, seedOrderStates } from './order-states.js';

/** A record as PrestaShop stores it: every scalar is answered as a string. */
export interface Row {
  id: number;
  fields: Record<string, string>;
  /** Multilingual field → language id → value. */
  i18n?: Record<string, Record<string, string>>;
  /** Association name → rows (e.g. `order_rows`, `stock_availables`). */
  associations?: Record<string, Record<string, string>[]>;
}

export interface Store {
  products: Row[];
  customers: Row[];
  orders: Row[];
  stock_availables: Row[];
  addresses: Row[];
  countries: Row[];
  currencies: Row[];
  order_states: Row[];
}

export interface NewOrderRow {
  product_id: number;
  product_quantity: number;
  product_name?: string;
  product_reference?: string;
  product_price?: string;
}

export interface NewOrder {
  id_customer?: number;
  id_currency?: number;
  reference?: string;
  payment?: string;
  current_state?: number;
  total_paid?: string;
  /** Local shop time, `YYYY-MM-DD HH:MM:SS`; now when absent. */
  date_add?: string;
  date_upd?: string;
  rows?: NewOrderRow[];
}

/** `YYYY-MM-DD HH:MM:SS` as the shop writes it (the emulated shop runs on UTC). */
export function shopDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function money(value: number): string {
  return value.toFixed(6);
}

function product(
  id: number,
  reference: string,
  names: [string, string],
  price: number,
  quantity: number,
  date: string,
  languages: readonly number[],
): Row {
  return {
    id,
    fields: {
      id: String(id),
      id_manufacturer: '0',
      manufacturer_name: '',
      quantity: String(quantity),
      reference,
      ean13: '',
      upc: '',
      price: money(price),
      active: '1',
      state: '1',
      date_add: date,
      date_upd: date,
    },
    i18n: {
      name: translated(names[0], names[1], languages),
      link_rewrite: translated(slug(names[0]), slug(names[1]), languages),
    },
    associations: { stock_availables: [{ id: String(id), id_product_attribute: '0' }] },
  };
}

export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'product'
  );
}

export function stock(id: number, idProduct: number, quantity: number): Row {
  return {
    id,
    fields: {
      id: String(id),
      id_product: String(idProduct),
      id_product_attribute: '0',
      id_shop: '1',
      id_shop_group: '0',
      quantity: String(quantity),
      depends_on_stock: '0',
      out_of_stock: '2',
      location: '',
    },
  };
}

function customer(id: number, email: string, firstname: string, lastname: string, date: string): Row {
  return {
    id,
    fields: {
      id: String(id),
      email,
      firstname,
      lastname,
      passwd: '$2y$10$hashedhashedhashedhashedhashedhashedhashedhashedhashe',
      active: '1',
      is_guest: '0',
      newsletter: '0',
      id_default_group: '3',
      deleted: '0',
      date_add: date,
      date_upd: date,
    },
  };
}

const ORDER_REFERENCE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function orderReference(id: number): string {
  let text = '';
  let seed = id * 7919 + 104_729;
  for (let index = 0; index < 9; index += 1) {
    text += ORDER_REFERENCE_LETTERS[seed % 26];
    seed = Math.floor(seed / 3) + index * 31;
  }
  return text;
}

/** What the customer has paid so far: the total once the state counts as paid, nothing before. */
export function paidReal(state: string, totalPaid: string): string {
  return PAID_STATES.has(Number(state)) ? totalPaid : money(0);
}

export function newOrder(store: Store, order: NewOrder, now: Date): Row {
  const id = Math.max(0, ...store.orders.map((row) => row.id)) + 1;
  const rows = (order.rows ?? [{ product_id: 1, product_quantity: 1 }]).map((line, index) => {
    const item = store.products.find((candidate) => candidate.id === line.product_id);
    const price = line.product_price ?? item?.fields.price ?? money(0);
    return {
      id: String(id * 100 + index + 1),
      product_id: String(line.product_id),
      product_attribute_id: '0',
      product_quantity: String(line.product_quantity),
      product_name: line.product_name ?? (item ? firstValue(item, 'name') : ''),
      product_reference: line.product_reference ?? item?.fields.reference ?? '',
      product_ean13: '',
      product_price: price,
      unit_price_tax_incl: money(Number(price) * 1.2),
      unit_price_tax_excl: price,
    };
  });
  const products = rows.reduce(
    (sum, line) => sum + Number(line.product_price) * Number(line.product_quantity),
    0,
  );
  const totalPaid = order.total_paid ?? money(products * 1.2);
  const added = order.date_add ?? shopDate(now);
  const idCustomer = String(order.id_customer ?? 1);
  const state = String(order.current_state ?? 2);
  return {
    id,
    fields: {
      id: String(id),
      reference: order.reference ?? orderReference(id),
      id_customer: idCustomer,
      id_cart: String(id),
      id_currency: String(order.id_currency ?? 1),
      id_lang: '1',
      id_carrier: '1',
      id_address_delivery: String(Number(idCustomer) + 4),
      id_address_invoice: String(Number(idCustomer) + 4),
      current_state: state,
      module: 'ps_checkpayment',
      payment: order.payment ?? 'Payments by check',
      total_paid: totalPaid,
      total_paid_tax_incl: totalPaid,
      total_paid_tax_excl: money(Number(totalPaid) / 1.2),
      total_paid_real: paidReal(state, totalPaid),
      total_products: money(products),
      total_products_wt: money(products * 1.2),
      total_shipping: money(0),
      total_shipping_tax_incl: money(0),
      total_shipping_tax_excl: money(0),
      total_discounts: money(0),
      conversion_rate: '1.000000',
      valid: PAID_STATES.has(Number(state)) ? '1' : '0',
      id_shop: '1',
      date_add: added,
      date_upd: order.date_upd ?? added,
    },
    associations: { order_rows: rows },
  };
}

export function seedStore(languages: readonly number[] = [1]): Store {
  const store: Store = {
    products: [
      product(
        1,
        'TSHIRT-BLUE-M',
        ['Blue T-shirt', 'T-shirt bleu'],
        19.9,
        12,
        '2026-01-05 09:00:00',
        languages,
      ),
      product(2, 'MUG-CLASSIC', ['Classic mug', 'Mug classique'], 8.5, 40, '2026-01-06 10:30:00', languages),
      product(3, 'POSTER-A3', ['A3 poster', 'Affiche A3'], 12, 0, '2026-02-10 14:00:00', languages),
    ],
    customers: [
      customer(1, 'ada@example.com', 'Ada', 'Lovelace', '2026-01-02 08:00:00'),
      customer(2, 'grace@example.com', 'Grace', 'Hopper', '2026-01-03 09:15:00'),
    ],
    orders: [],
    stock_availables: [stock(1, 1, 12), stock(2, 2, 40), stock(3, 3, 0)],
    addresses: seedAddresses(),
    countries: seedCountries(languages),
    currencies: seedCurrencies(),
    order_states: seedOrderStates(languages),
  };
  const seedOrders: NewOrder[] = [
    {
      id_customer: 1,
      date_add: '2025-12-20 10:00:00',
      rows: [{ product_id: 1, product_quantity: 2 }],
    },
    {
      id_customer: 2,
      date_add: '2026-01-14 13:05:00',
      date_upd: '2026-01-14 13:40:00',
      payment: 'Bank wire',
      rows: [
        { product_id: 2, product_quantity: 1 },
        { product_id: 3, product_quantity: 1 },
      ],
    },
    {
      id_customer: 1,
      date_add: '2026-03-01 18:20:00',
      date_upd: '2026-03-02 09:00:00',
      current_state: 4,
      rows: [{ product_id: 2, product_quantity: 3 }],
    },
  ];
  for (const order of seedOrders) store.orders.push(newOrder(store, order, new Date()));
  return store;
}
