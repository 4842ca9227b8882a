import { translated } from './i18n.js';
import type { Resource } from './resources.js';
import type { Row } from './seed.js';

export const countries: Resource = {
  name: 'countries',
  singular: 'country',
  fields: [
    'id',
    'id_zone',
    'id_currency',
    'call_prefix',
    'iso_code',
    'active',
    'contains_states',
    'need_identification_number',
    'need_zip_code',
    'zip_code_format',
    'display_tax_label',
    'name',
  ],
  i18n: ['name'],
  associations: {},
  methods: ['GET', 'HEAD'],
  writable: [],
  blanks: {},
  validate: {},
  className: 'Country',
  description: 'The countries',
};

function country(
  id: number,
  iso: string,
  prefix: string,
  names: [string, string],
  languages: readonly number[],
): Row {
  return {
    id,
    fields: {
      id: String(id),
      id_zone: '1',
      id_currency: '0',
      call_prefix: prefix,
      iso_code: iso,
      active: '1',
      contains_states: iso === 'US' ? '1' : '0',
      need_identification_number: '0',
      need_zip_code: '1',
      zip_code_format: '',
      display_tax_label: '1',
    },
    i18n: { name: translated(names[0], names[1], languages) },
  };
}

/** The ids PrestaShop installs these countries with. */
export function seedCountries(languages: readonly number[]): Row[] {
  return [
    country(8, 'FR', '33', ['France', 'France'], languages),
    country(17, 'GB', '44', ['United Kingdom', 'Royaume-Uni'], languages),
    country(21, 'US', '1', ['United States', 'États-Unis'], languages),
  ];
}
