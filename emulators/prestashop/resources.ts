import type { Store } from './seed.js';

export interface Resource {
  /** The plural name used in URLs and list output. */
  name: keyof Store;
  /** The element name of one record. */
  singular: string;
  fields: readonly string[];
  /** Association name → the element name of one of its rows. */
  associations: Record<string, string>;
  /** HTTP methods the emulator's key is granted on this resource. */
  methods: readonly string[];
  /** Fields a PUT may set; others sent are refused as not writable. */
  writable: readonly string[];
  /** Field → the value PUT stores when it is left out (PrestaShop's full replace). */
  blanks: Record<string, string>;
  /** Field → a check of a written value; false gives the validation error. */
  validate: Record<string, (value: string) => boolean>;
  /** The object class PrestaShop names in validation errors. */
  className: string;
}
