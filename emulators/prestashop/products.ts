import type { Resource } from './resources.js';
import { slug, stock } from './seed.js';

const isBool = (value: string): boolean => value === '0' || value === '1';

export const products: Resource = {
  name: 'products',
  singular: 'product',
  fields: [
    'id',
    'id_manufacturer',
    'manufacturer_name',
    'quantity',
    'reference',
    'ean13',
    'upc',
    'price',
    'active',
    'state',
    'date_add',
    'date_upd',
    'name',
    'link_rewrite',
  ],
  i18n: ['name', 'link_rewrite'],
  associations: { stock_availables: 'stock_available' },
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH'],
  // manufacturer_name and quantity are shown but never written (code 93), as in Product's webservice fields.
  writable: [
    'id_manufacturer',
    'reference',
    'ean13',
    'upc',
    'price',
    'active',
    'state',
    'name',
    'link_rewrite',
  ],
  required: ['price', 'name'],
  blanks: { id_manufacturer: '0', price: '0.000000', active: '0', state: '0' },
  validate: {
    id_manufacturer: (value) => /^\d+$/.test(value),
    reference: (value) => value.length <= 64 && !/[<>;={}]/.test(value),
    ean13: (value) => /^\d{0,13}$/.test(value),
    upc: (value) => /^\d{0,12}$/.test(value),
    price: (value) => /^\d{1,11}(\.\d{1,9})?$/.test(value),
    active: isBool,
    state: isBool,
    name: (value) => value.length <= 128 && !/[<>;=#{}]/.test(value),
    link_rewrite: (value) => /^[\p{L}\p{N}_-]*$/u.test(value),
  },
  className: 'Product',
  description: 'The products',
  complete(row, { store, previous }) {
    // Product::add names the product's URL after it, and creates its product-level stock row.
    const links = { ...row.i18n?.link_rewrite };
    for (const [language, name] of Object.entries(row.i18n?.name ?? {})) {
      if (!links[language]) links[language] = slug(name);
    }
    row.i18n = { ...row.i18n, link_rewrite: links };
    if (previous !== undefined) return;
    const id = Math.max(0, ...store.stock_availables.map((candidate) => candidate.id)) + 1;
    store.stock_availables.push(stock(id, row.id, 0));
    row.fields.manufacturer_name = '';
    row.fields.quantity = '0';
    row.associations = { stock_availables: [{ id: String(id), id_product_attribute: '0' }] };
  },
};
