// Every table of the one pg-core schema, for drizzle's typed queries.

export * from './modules/accounts/schema.js';
export * from './modules/audit/schema.js';
export * from './modules/catalog/schema.js';
export * from './modules/connections/schema.js';
export * from './modules/customers/schema.js';
export * from './modules/giftcards/schema.js';
export * from './modules/inventory/schema.js';
export * from './modules/memberships/schema.js';
export * from './modules/orders/schema.js';
export * from './modules/payments/schema.js';
export * from './modules/settings/schema.js';
export * from './modules/staff/schema.js';
export * from './platform/schema.js';
