import type { Resource } from './resources.js';

const isInt = (value: string): boolean => /^-?\d+$/.test(value);
const isUnsigned = (value: string): boolean => /^\d+$/.test(value);

export const stockAvailables: Resource = {
  name: 'stock_availables',
  singular: 'stock_available',
  fields: [
    'id',
    'id_product',
    'id_product_attribute',
    'id_shop',
    'id_shop_group',
    'quantity',
    'depends_on_stock',
    'out_of_stock',
    'location',
  ],
  associations: {},
  methods: ['GET', 'HEAD', 'PUT', 'PATCH'],
  writable: [
    'id_product',
    'id_product_attribute',
    'id_shop',
    'id_shop_group',
    'quantity',
    'depends_on_stock',
    'out_of_stock',
    'location',
  ],
  // Left out of a PUT, PrestaShop stores these empty; id_shop 0 is the trap integrators hit.
  blanks: {
    id_shop: '0',
    id_shop_group: '0',
    depends_on_stock: '0',
    out_of_stock: '0',
    location: '',
  },
  validate: {
    id_product: isUnsigned,
    id_product_attribute: isUnsigned,
    id_shop: isUnsigned,
    id_shop_group: isUnsigned,
    quantity: isInt,
    depends_on_stock: (value) => value === '0' || value === '1',
    out_of_stock: isInt,
    location: (value) => value.length <= 255,
  },
  className: 'StockAvailable',
  description: 'Available quantities',
  complete(row, { store }) {
    // A product shows the quantity of its product-level stock row.
    if (row.fields.id_product_attribute !== '0') return;
    const product = store.products.find((candidate) => String(candidate.id) === row.fields.id_product);
    if (product !== undefined) product.fields.quantity = row.fields.quantity ?? '0';
  },
};
