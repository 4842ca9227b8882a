import type { Resource } from './resources.js';
import type { Row } from './seed.js';

export const currencies: Resource = {
  name: 'currencies',
  singular: 'currency',
  fields: ['id', 'name', 'iso_code', 'precision', 'conversion_rate', 'deleted', 'active'],
  associations: {},
  methods: ['GET', 'HEAD'],
  writable: [],
  blanks: {},
  validate: {},
  className: 'Currency',
  description: 'The currencies',
};

function currency(id: number, iso: string, name: string, rate: string): Row {
  return {
    id,
    fields: {
      id: String(id),
      name,
      iso_code: iso,
      precision: '2',
      conversion_rate: rate,
      deleted: '0',
      active: '1',
    },
  };
}

/** The shop sells in euros and also takes dollars. */
export function seedCurrencies(): Row[] {
  return [currency(1, 'EUR', 'Euro', '1.000000'), currency(2, 'USD', 'US Dollar', '1.080000')];
}
