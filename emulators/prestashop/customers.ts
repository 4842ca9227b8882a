import { createHash, randomBytes } from 'node:crypto';
import type { Resource } from './resources.js';

const isBool = (value: string): boolean => value === '0' || value === '1';
// Validate::isCustomerName: no digits nor the punctuation PrestaShop refuses in a person's name.
const isCustomerName = (value: string): boolean =>
  value.trim() !== '' &&
  value.length <= 255 &&
  !/[0-9!<>,;?=+()/\\@#"°*`{}_^$%:¤[\]|]|\.(?!\s|$)/u.test(value);

/** A stand-in for the shop's password hash; a real shop uses bcrypt. */
function hash(password: string): string {
  const salt = randomBytes(8).toString('hex');
  return `$2y$10$${createHash('sha256')
    .update(salt + password)
    .digest('hex')
    .slice(0, 53)}`;
}

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
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH'],
  writable: [
    'email',
    'firstname',
    'lastname',
    'passwd',
    'active',
    'is_guest',
    'newsletter',
    'id_default_group',
    'deleted',
  ],
  required: ['email', 'firstname', 'lastname', 'passwd'],
  blanks: { active: '0', is_guest: '0', newsletter: '0', id_default_group: '0', deleted: '0' },
  validate: {
    email: (value) => value.length <= 255 && /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value),
    firstname: isCustomerName,
    lastname: isCustomerName,
    passwd: (value) => value.length >= 5 && value.length <= 255,
    active: isBool,
    is_guest: isBool,
    newsletter: isBool,
    id_default_group: (value) => /^\d+$/.test(value),
    deleted: isBool,
  },
  className: 'Customer',
  description: 'The e-shop customers',
  complete(row, { previous }) {
    // Customer::setWsPasswd: the stored hash sent back unchanged is kept, anything else is a new password.
    const sent = row.fields.passwd ?? '';
    if (previous === undefined || sent !== previous.fields.passwd) row.fields.passwd = hash(sent);
  },
};
