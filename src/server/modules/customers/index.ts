// What other modules may use of customers.
export {
  type CartCustomerFields,
  ensureCartCustomers,
  updateCustomerFromCart,
} from './customers-from-cart.js';
export {
  customerNames,
  customerWithEmail,
  findCustomerByEmail,
  getCustomer,
  listCustomers,
} from './read-customers.js';
export { createCustomer, updateCustomer } from './save-customer.js';
