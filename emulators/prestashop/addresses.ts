import type { Resource } from './resources.js';
import type { Row } from './seed.js';

const FIELDS = [
  'id',
  'id_customer',
  'id_manufacturer',
  'id_supplier',
  'id_warehouse',
  'id_country',
  'id_state',
  'alias',
  'company',
  'lastname',
  'firstname',
  'vat_number',
  'address1',
  'address2',
  'postcode',
  'city',
  'other',
  'phone',
  'phone_mobile',
  'dni',
  'deleted',
  'date_add',
  'date_upd',
] as const;

export const addresses: Resource = {
  name: 'addresses',
  singular: 'address',
  fields: FIELDS,
  associations: {},
  methods: ['GET', 'HEAD'],
  writable: [],
  blanks: {},
  validate: {},
  className: 'Address',
  description: 'The Customer, Brand and Customer addresses',
};

type AddressFields = Partial<Record<(typeof FIELDS)[number], string>>;

function address(id: number, fields: AddressFields): Row {
  const row: Record<string, string> = {};
  for (const name of FIELDS) row[name] = fields[name] ?? '';
  row.id = String(id);
  return { id, fields: row };
}

/** Ids 1–4 belong to the demo brands and suppliers, so a shop's first customer address is 5. */
export function seedAddresses(): Row[] {
  const common = { id_manufacturer: '0', id_supplier: '0', id_warehouse: '0', id_state: '0', deleted: '0' };
  return [
    address(5, {
      ...common,
      id_customer: '1',
      id_country: '17',
      alias: 'Home',
      firstname: 'Ada',
      lastname: 'Lovelace',
      address1: "12 St James's Square",
      address2: 'Flat 3',
      postcode: 'SW1Y 4JH',
      city: 'London',
      phone: '+44 20 7946 0000',
      date_add: '2026-01-02 08:00:00',
      date_upd: '2026-01-02 08:00:00',
    }),
    address(6, {
      ...common,
      id_customer: '2',
      id_country: '8',
      alias: 'Bureau',
      company: 'Navy Lab',
      firstname: 'Grace',
      lastname: 'Hopper',
      address1: '1 rue de Rivoli',
      postcode: '75001',
      city: 'Paris',
      phone_mobile: '+33 6 12 34 56 78',
      date_add: '2026-01-03 09:15:00',
      date_upd: '2026-01-03 09:15:00',
    }),
  ];
}
