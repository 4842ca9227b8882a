import { describe, expect, it } from 'vitest';
import { type BadRecord, type CartOrder, isBadRecord } from '../cart.js';
import { defaultOrderStates, orderStateOf } from './prestashop-order-states.js';
import {
  addressOf,
  amount,
  clean,
  customerOf,
  inLanguage,
  itemOf,
  listOf,
  type OrderLookups,
  orderOf,
  orderStatesOf,
  type Raw,
} from './prestashop-records.js';

describe('amounts', () => {
  it('rounds PrestaShop six decimals half up to the currency digits', () => {
    expect(amount('29.900000', 'EUR')).toBe(2990);
    expect(amount('16.583333', 'EUR')).toBe(1658);
    expect(amount('16.585000', 'EUR')).toBe(1659);
    expect(amount('1234.5', 'JPY')).toBe(1235);
    expect(amount('1.2345', 'KWD')).toBe(1235);
    expect(amount(12.5, 'EUR')).toBe(1250);
    expect(amount('0', 'EUR')).toBe(0);
  });

  it('is no amount when it is not a plain non-negative decimal within a billion', () => {
    for (const value of [
      'NaN',
      '',
      ' ',
      '-1.00',
      '1e5',
      '12,5',
      '0x10',
      '999999999.995',
      '1000000000.00',
      null,
      {},
      [1],
    ]) {
      expect(amount(value, 'EUR')).toBeUndefined();
    }
    expect(amount('999999999.99', 'EUR')).toBe(99_999_999_999);
  });
});

describe('text from the shop', () => {
  it('drops control characters and NUL bytes, folds spaces and bounds the length', () => {
    expect(clean('Mug\u0000 deluxe\r\n  large')).toBe('Mug deluxe large');
    expect(clean('é'.repeat(300), 10)).toBe('é'.repeat(10));
    expect(clean(undefined)).toBe('');
    expect(clean({ toString: () => 'x' })).toBe('');
  });

  it('takes language 1 of a multilingual value, else the first', () => {
    expect(inLanguage('Mug')).toBe('Mug');
    expect(
      inLanguage([
        { id: 2, value: 'Tasse' },
        { id: '1', value: 'Mug' },
      ]),
    ).toBe('Mug');
    expect(
      inLanguage([
        { id: 3, value: 'Taza' },
        { id: 2, value: 'Tasse' },
      ]),
    ).toBe('Taza');
    expect(inLanguage([])).toBeUndefined();
  });

  it('reads a list, the bare [] PrestaShop answers for none, and refuses anything else', () => {
    expect(listOf({ orders: [{ id: 1 }, 'junk'] }, 'orders')).toEqual([{ id: 1 }]);
    expect(listOf([], 'orders')).toEqual([]);
    expect(() => listOf({ products: [] }, 'orders')).toThrow(/no orders list/);
    expect(() => listOf(['orders'], 'orders')).toThrow();
  });
});

const lookups: OrderLookups = {
  states: defaultOrderStates,
  currencies: new Map([['1', 'EUR']]),
  customers: new Map([['7', { id: 7, email: 'kim@example.com', firstname: 'Kim', lastname: 'Lee' }]]),
  addresses: new Map(),
};

function order(over: Raw = {}, row: Raw = {}): Raw {
  return {
    id: 5,
    reference: 'QWERTYUIO',
    id_customer: '7',
    id_currency: '1',
    id_address_delivery: '0',
    current_state: '2',
    payment: 'Card',
    total_paid_tax_incl: '71.680000',
    total_paid_real: '71.680000',
    total_shipping_tax_incl: '4.000000',
    date_add: '2026-02-01 10:00:00',
    date_upd: '2026-02-01 11:00:00',
    associations: {
      order_rows: [
        {
          product_id: '12',
          product_reference: 'TEA-1',
          product_name: 'Green tea',
          product_quantity: '7',
          unit_price_tax_excl: '16.597222',
          unit_price_tax_incl: '19.916667',
          ...row,
        },
      ],
    },
    ...over,
  };
}

describe('orders', () => {
  it('prices a line before tax and taxes the whole line once, from the exact per-unit difference', () => {
    const mapped = orderOf(order(), lookups, 'EUR') as CartOrder;
    // 7 × (19.916667 − 16.597222) = 23.236115 → 23.24, not 7 × 3.32.
    expect(mapped.lines).toEqual([
      { externalItemId: '12', sku: 'TEA-1', name: 'Green tea', quantity: 7, unitPrice: 1660, tax: 2324 },
    ]);
    expect(mapped).toMatchObject({
      total: 7168,
      shippingTotal: 400,
      customer: { name: 'Kim Lee', phone: null },
    });
  });

  it('names what it cannot read, with the order id', () => {
    const cases: [Raw, Raw, RegExp][] = [
      [{ total_paid_tax_incl: 'NaN' }, {}, /total_paid_tax_incl is not an amount \(NaN\)/],
      [{ id_customer: undefined }, {}, /names no customer/],
      [{ associations: {} }, {}, /no order rows/],
      [{ current_state: 'shipped' }, {}, /current_state is not a state/],
      [{ date_add: '31/12/2026' }, {}, /date_add is not a date/],
      [{}, { product_quantity: '-2' }, /order row 1 has quantity -2/],
      [{}, { unit_price_tax_incl: '1.000000' }, /order row 1 has no usable unit price/],
      [{}, { unit_price_tax_excl: '1e400' }, /no usable unit price/],
    ];
    for (const [over, row, reason] of cases) {
      const bad = orderOf(order(over, row), lookups, 'EUR') as BadRecord;
      expect(isBadRecord(bad)).toBe(true);
      expect(bad.externalId).toBe('5');
      expect(bad.reason).toMatch(reason);
    }
    expect(orderOf(order({ id: 'x' }), lookups, 'EUR')).toEqual({
      bad: true,
      externalId: 'x',
      reason: 'The order has no id.',
    });
  });

  it('leaves the product id out of a line only when PrestaShop kept none', () => {
    const mapped = orderOf(order({}, { product_id: '0', product_name: '' }), lookups, 'EUR') as CartOrder;
    expect(mapped.lines[0]).toMatchObject({ externalItemId: null, name: 'Product 0' });
  });
});

describe('order states', () => {
  it('follows the shop’s own list: its names, its flags, its cancel and refund templates', () => {
    const states = orderStatesOf([
      { id: 2, name: [{ id: 1, value: 'Paid by card' }], template: 'payment', paid: '1', shipped: '0' },
      { id: 20, name: 'Sent by courier', template: 'shipped', paid: '1', shipped: '1' },
      { id: 21, name: 'Annulée', template: [{ id: 2, value: 'order_canceled' }], paid: '0', shipped: '0' },
      { id: 22, name: 'Partial refund', template: 'refund', paid: '1', shipped: '1' },
      { id: 23, name: 'Awaiting PayPal', template: '', paid: '0', shipped: '0' },
      { id: 'x', name: 'broken' },
    ]);
    expect(orderStateOf(2, states)).toEqual({ name: 'Paid by card', status: 'paid' });
    expect(orderStateOf(20, states)).toEqual({ name: 'Sent by courier', status: 'completed' });
    expect(orderStateOf(21, states).status).toBe('cancelled');
    expect(orderStateOf(22, states).status).toBe('refunded');
    expect(orderStateOf(23, states).status).toBe('awaiting_payment');
    // Not in the shop's list: the state a fresh install gives that id, else not paid.
    expect(orderStateOf(7, states)).toEqual({ name: 'Refunded', status: 'refunded' });
    expect(orderStateOf(42, states)).toEqual({ name: 'State 42', status: 'awaiting_payment' });
    expect(orderStateOf(0, states)).toEqual({ name: 'No state', status: 'awaiting_payment' });
  });

  it('maps every default state of a fresh install', () => {
    expect([...defaultOrderStates].map(([id, state]) => `${id}:${state.status}`)).toEqual([
      '1:awaiting_payment',
      '2:paid',
      '3:paid',
      '4:completed',
      '5:completed',
      '6:cancelled',
      '7:refunded',
      '8:awaiting_payment',
      '9:paid',
      '10:awaiting_payment',
      '11:paid',
      '12:awaiting_payment',
      '13:awaiting_payment',
    ]);
  });
});

describe('products, customers and addresses', () => {
  it('reads a product without stock, and refuses one without a name or price', () => {
    const base = {
      id: 9,
      name: 'Tea\u0000pot',
      price: '20.000000',
      active: '0',
      date_upd: '2026-01-01 00:00:00',
    };
    expect(itemOf(base, 'EUR')).toMatchObject({
      name: 'Tea pot',
      price: 2000,
      stock: null,
      active: false,
      sku: null,
    });
    expect(itemOf({ ...base, quantity: '-3' }, 'EUR')).toMatchObject({ stock: -3 });
    expect(itemOf({ ...base, quantity: '1.5' }, 'EUR')).toMatchObject({ bad: true, externalId: '9' });
    expect(itemOf({ ...base, name: [] }, 'EUR')).toMatchObject({
      bad: true,
      reason: 'product 9: it has no name.',
    });
    expect(itemOf({ ...base, price: '' }, 'EUR')).toMatchObject({ bad: true });
  });

  it('refuses a customer without an email', () => {
    const raw = {
      id: 3,
      email: 'nobody',
      firstname: 'No',
      lastname: 'Body',
      date_upd: '2026-01-01 00:00:00',
    };
    expect(customerOf(raw, undefined)).toMatchObject({ bad: true, externalId: '3' });
    expect(customerOf({ ...raw, email: 'no@body.example' }, undefined)).toMatchObject({
      name: 'No Body',
      phone: null,
    });
  });

  it('keeps an address only with a known country, but its phone in any case', () => {
    const raw = {
      firstname: 'Lea',
      lastname: 'Roux',
      address1: '2 rue Haute',
      city: 'Lyon',
      postcode: '69001',
      id_country: '8',
    };
    expect(addressOf({ ...raw, phone_mobile: '0601' }, new Map())).toEqual({
      name: 'Lea Roux',
      address: null,
      phone: '0601',
    });
    expect(addressOf(raw, new Map([['8', 'FR']])).address).toEqual({
      name: 'Lea Roux',
      line1: '2 rue Haute',
      city: 'Lyon',
      postalCode: '69001',
      country: 'FR',
    });
  });
});
