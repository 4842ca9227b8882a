// What other modules may use of the catalogue.
export { getItem, listItems, type SaleItem, saleItems, toItems } from './read-items.js';
export { createItem, updateItem } from './save-item.js';
