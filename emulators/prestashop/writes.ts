import type { PsError } from './output.js';
import type { Resource } from './resources.js';
import { type Row, type Store, shopDate } from './seed.js';
import { parseXml, type XmlElement } from './xml.js';

/** The XML body as PrestaShop takes it: raw, or form-encoded as `xml=…`. */
export function xmlText(raw: string, contentType: string | undefined): string {
  if (contentType?.includes('application/x-www-form-urlencoded') || /^xml=/.test(raw)) {
    return new URLSearchParams(raw).get('xml') ?? '';
  }
  return raw;
}

/** The fields the shop stamps itself: accepted in a write and ignored. */
const STAMPED = new Set(['id', 'date_add', 'date_upd']);

export interface Write {
  method: 'POST' | 'PUT' | 'PATCH';
  /** The id in the URL, for PUT and PATCH. */
  id?: number;
  body: string;
  languages: readonly number[];
  now?: Date;
}

function failure(status: number, code: number, message: string): PsError {
  return { status, code, message };
}

/** A multilingual field as sent: `<language id="1">…</language>` nodes, or plain text for every language. */
function sentTranslations(element: XmlElement, languages: readonly number[]): Record<string, string> {
  const nodes = element.children.filter((child) => child.name === 'language');
  if (nodes.length === 0) return Object.fromEntries(languages.map((id) => [String(id), element.text]));
  const values: Record<string, string> = {};
  for (const node of nodes) {
    const id = node.attributes.id ?? '';
    if (languages.includes(Number(id))) values[id] = node.text;
  }
  return values;
}

/**
 * WebserviceRequest::saveEntityFromXml for one record: POST creates (201), PUT replaces in full
 * (fields left out become empty), PATCH changes only what was sent. Answers the saved row or
 * PrestaShop's error.
 */
export function saveRecord(
  resource: Resource,
  store: Store,
  write: Write,
): { row: Row; status: number } | PsError {
  let document: XmlElement;
  try {
    document = parseXml(write.body);
  } catch (error) {
    return failure(500, 127, `HTTP XML response is not parsable: ${(error as Error).message}`);
  }
  const element = document.children.find((child) => child.name === resource.singular);
  if (document.name !== 'prestashop' || element === undefined) {
    return failure(400, 40, `Bad XML: the root must be <prestashop><${resource.singular}>`);
  }
  const sent = new Map(element.children.map((child) => [child.name, child]));
  const sentId = sent.get('id')?.text.trim() ?? '';
  const rows = store[resource.name];
  let previous: Row | undefined;
  if (write.method === 'POST') {
    if (sentId !== '') return failure(400, 91, 'id is forbidden when adding a new resource');
  } else {
    if (sentId === '') return failure(400, 90, 'Id is required when modifying a resource');
    if (Number(sentId) !== write.id) return failure(400, 89, 'Id is invalid');
    previous = rows.find((candidate) => candidate.id === write.id);
    if (previous === undefined) {
      return failure(404, 92, `Unable to find the resource with id: ${write.id}`);
    }
  }
  for (const name of sent.keys()) {
    if (STAMPED.has(name) || name === 'associations' || !resource.fields.includes(name)) continue;
    if (!resource.writable.includes(name)) {
      return failure(400, 93, `parameter "${name}" not writable. Please remove this attribute of this XML`);
    }
  }
  const full = write.method !== 'PATCH';
  const fields: Record<string, string> = { ...(previous?.fields ?? {}) };
  const i18n: Record<string, Record<string, string>> = structuredClone(previous?.i18n ?? {});
  for (const name of resource.writable) {
    const node = sent.get(name);
    if (resource.i18n?.includes(name)) {
      if (node !== undefined)
        i18n[name] = { ...(full ? {} : i18n[name]), ...sentTranslations(node, write.languages) };
      else if (full) i18n[name] = {};
      continue;
    }
    // An empty number or flag is stored as its blank (0), as ObjectModel casts it.
    if (node !== undefined) fields[name] = node.text === '' ? (resource.blanks[name] ?? '') : node.text;
    else if (full) fields[name] = resource.blanks[name] ?? '';
  }
  for (const name of resource.required ?? []) {
    if (resource.i18n?.includes(name)) {
      const defaultLanguage = String(write.languages[0] ?? 1);
      if ((i18n[name]?.[defaultLanguage] ?? '') === '') {
        return failure(
          400,
          84,
          `Validation error: "Property ${resource.className}->${name} is empty for default language."`,
        );
      }
    } else if ((fields[name] ?? '') === '') {
      return failure(400, 41, `parameter "${name}" required`);
    }
  }
  for (const name of resource.writable) {
    const check = resource.validate[name];
    if (check === undefined) continue;
    const values = resource.i18n?.includes(name) ? Object.values(i18n[name] ?? {}) : [fields[name] ?? ''];
    if (values.some((value) => value !== '' && !check(value))) {
      const code = resource.i18n?.includes(name) ? 84 : 85;
      return failure(400, code, `Validation error: "Property ${resource.className}->${name} is not valid"`);
    }
  }
  const now = shopDate(write.now ?? new Date());
  if (resource.fields.includes('date_upd')) fields.date_upd = now;
  const id = previous?.id ?? Math.max(0, ...rows.map((candidate) => candidate.id)) + 1;
  if (previous === undefined && resource.fields.includes('date_add')) fields.date_add = now;
  fields.id = String(id);
  const row: Row = { id, fields };
  if (resource.i18n !== undefined) {
    for (const name of resource.i18n) {
      row.i18n = row.i18n ?? {};
      const values = i18n[name] ?? {};
      row.i18n[name] = Object.fromEntries(
        write.languages.map((language) => [String(language), values[String(language)] ?? '']),
      );
    }
  }
  if (previous?.associations !== undefined) row.associations = previous.associations;
  resource.complete?.(row, { store, previous });
  if (previous === undefined) rows.push(row);
  else rows.splice(rows.indexOf(previous), 1, row);
  return { row, status: previous === undefined ? 201 : 200 };
}
