import type { Resource } from './resources.js';

export const customers: Resource = {
  name: 'customers',
  singular: 'customer',
  fields: [
    'id',
    'email',
    'firstname',
    'lastname',
    'passwd',
    'active',
    'is_guest',
    'newsletter',
    'id_default_group',
    'deleted',
    'date_add',
    'date_upd',
  ],
  associations: {},
  methods: ['GET', 'HEAD'],
  writable: [],
  blanks: {},
  validate: {},
  className: 'Customer',
};
