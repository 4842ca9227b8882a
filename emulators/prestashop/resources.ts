import type { Row, Store } from './seed.js';

export interface Resource {
  /** The plural name used in URLs and list output. */
  name: keyof Store;
  /** The element name of one record. */
  singular: string;
  fields: readonly string[];
  /** Multilingual fields: one value per installed language (also listed in `fields`). */
  i18n?: readonly string[];
  /** Association name → the element name of one of its rows. */
  associations: Record<string, string>;
  /** HTTP methods the emulator serves on this resource (others answer 405, code 101); a key is granted these unless told otherwise. */
  methods: readonly string[];
  /** Fields a PUT or POST may set; others sent are refused as not writable. */
  writable: readonly string[];
  /** Fields a POST must carry (PrestaShop answers 41 without them). */
  required?: readonly string[];
  /** Field → the value PUT stores when it is left out (PrestaShop's full replace). */
  blanks: Record<string, string>;
  /** Field → a check of a written value; false gives the validation error. */
  validate: Record<string, (value: string) => boolean>;
  /** The object class PrestaShop names in validation errors. */
  className: string;
  /** What the shop's model does when the API saves a record (hash a password, add a stock row…). */
  complete?: (row: Row, context: { store: Store; previous: Row | undefined }) => void;
  /** One line of the resource list at GET /api/. */
  description?: string;
}
