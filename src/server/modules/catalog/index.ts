// What other modules may use of the catalogue.
export { renderPicture, setItemPicture } from './item-pictures.js';
export { countLowStockItems } from './low-stock.js';
export { getItem, listItems, type SaleItem, saleItems, saleItemsBySku, toItems } from './read-items.js';
export { createItem, updateItem } from './save-item.js';
