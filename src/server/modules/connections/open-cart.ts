import { openCustomCart } from './adapters/custom.js';
import { openPrestaShopCart } from './adapters/prestashop.js';
import { openWooCommerceCart } from './adapters/woocommerce.js';
import type { Cart, CartAddressAndKeys, CartType } from './cart.js';
import { CartError } from './cart.js';

export type OpenCart = (type: CartType, options: CartAddressAndKeys) => Cart;

const adapters: Partial<Record<CartType, (options: CartAddressAndKeys) => Cart>> = {
  woocommerce: openWooCommerceCart,
  prestashop: openPrestaShopCart,
  custom: openCustomCart,
};

/** The adapter for a type of cart, opened on a connection's address and credentials. */
export const openCart: OpenCart = (type, options) => {
  const open = adapters[type];
  if (!open) {
    throw new CartError('rejected', `Tandem cannot sync with ${type} carts yet.`);
  }
  return open(options);
};

/** The name people know each cart by, for messages. */
export const cartNames: Record<CartType, string> = {
  woocommerce: 'WooCommerce',
  prestashop: 'PrestaShop',
  shopify: 'Shopify',
  custom: 'Tandem cart protocol',
};
