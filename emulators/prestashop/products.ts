import type { Resource } from './resources.js';

export const products: Resource = {
  name: 'products',
  singular: 'product',
  fields: ['id', 'reference', 'ean13', 'upc', 'price', 'active', 'name', 'date_add', 'date_upd'],
  associations: { stock_availables: 'stock_available' },
  methods: ['GET', 'HEAD'],
  writable: [],
  blanks: {},
  validate: {},
  className: 'Product',
};
