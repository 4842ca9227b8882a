/** A record as PrestaShop stores it: every scalar is answered as a string. */
export interface Row {
  id: number;
  fields: Record<string, string>;
  /** Association name → rows (e.g. `order_rows`, `stock_availables`). */
  associations?: Record<string, Record<string, string>[]>;
}

export interface Store {
  products: Row[];
  customers: Row[];
  orders: Row[];
  stock_availables: Row[];
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

function money(value: number): string {
  return value.toFixed(6);
}

function product(id: number, reference: string, name: string, price: number, date: string): Row {
  return {
    id,
    fields: {
      id: String(id),
      reference,
      ean13: '',
      upc: '',
      price: money(price),
      active: '1',
      name,
      date_add: date,
      date_upd: date,
    },
    associations: { stock_availables: [{ id: String(id), id_product_attribute: '0' }] },
  };
}

function stock(id: number, idProduct: number, quantity: number): Row {
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
      product_name: line.product_name ?? item?.fields.name ?? '',
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
  return {
    id,
    fields: {
      id: String(id),
      reference: order.reference ?? orderReference(id),
      id_customer: idCustomer,
      id_cart: String(id),
      id_currency: '1',
      id_lang: '1',
      id_carrier: '1',
      id_address_delivery: String(Number(idCustomer) + 4),
      id_address_invoice: String(Number(idCustomer) + 4),
      current_state: String(order.current_state ?? 2),
      module: 'ps_checkpayment',
      payment: order.payment ?? 'Payments by check',
      total_paid: totalPaid,
      total_paid_tax_incl: totalPaid,
      total_paid_tax_excl: money(Number(totalPaid) / 1.2),
      total_paid_real: totalPaid,
      total_products: money(products),
      total_products_wt: money(products * 1.2),
      total_shipping: money(0),
      total_shipping_tax_incl: money(0),
      total_shipping_tax_excl: money(0),
      total_discounts: money(0),
      conversion_rate: '1.000000',
      valid: '1',
      id_shop: '1',
      date_add: added,
      date_upd: order.date_upd ?? added,
    },
    associations: { order_rows: rows },
  };
}

export function seedStore(): Store {
  const store: Store = {
    products: [
      product(1, 'TSHIRT-BLUE-M', 'Blue T-shirt', 19.9, '2026-01-05 09:00:00'),
      product(2, 'MUG-CLASSIC', 'Classic mug', 8.5, '2026-01-06 10:30:00'),
      product(3, 'POSTER-A3', 'A3 poster', 12, '2026-02-10 14:00:00'),
    ],
    customers: [
      customer(1, 'ada@example.com', 'Ada', 'Lovelace', '2026-01-02 08:00:00'),
      customer(2, 'grace@example.com', 'Grace', 'Hopper', '2026-01-03 09:15:00'),
    ],
    orders: [],
    stock_availables: [stock(1, 1, 12), stock(2, 2, 40), stock(3, 3, 0)],
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
