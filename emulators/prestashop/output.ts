import type { Resource } from './resources.js';
import type { Row } from './seed.js';

export type Format = 'XML' | 'JSON';

export interface PsError {
  status: number;
  code: number;
  message: string;
  /** Further errors PrestaShop reports in the same answer. */
  more?: { code: number; message: string }[];
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  /** Serialized body; empty for HEAD. */
  body: string;
  format: Format;
  headers?: Record<string, string>;
}

/** How an answer is written: its format, the shop's address for links and the languages shown. */
export interface View {
  format: Format;
  origin: string;
  languages: readonly number[];
}

export const XML_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n';
export const XML_TAIL = '</prestashop>\n';

export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

export function errorReply(error: PsError, format: Format): Reply {
  const all = [{ code: error.code, message: error.message }, ...(error.more ?? [])];
  if (format === 'JSON') {
    return {
      status: error.status,
      format,
      headers: error.headers,
      body: JSON.stringify({ errors: all }),
    };
  }
  return {
    status: error.status,
    format,
    headers: error.headers,
    body: `${XML_HEAD}<errors>\n${all.map((one) => `<error>\n<code>${cdata(String(one.code))}</code>\n<message>${cdata(one.message)}</message>\n</error>\n`).join('')}</errors>\n${XML_TAIL}`,
  };
}

/** The fields of one record in output order, as `display` chose them and the record has them. */
function shownFields(row: Row, resource: Resource, fields: readonly string[] | 'full'): string[] {
  const names = fields === 'full' ? resource.fields : fields;
  return names.filter((name) =>
    resource.i18n?.includes(name) ? row.i18n?.[name] !== undefined : row.fields[name] !== undefined,
  );
}

function translations(row: Row, name: string, languages: readonly number[]): [number, string][] {
  return languages.map((id) => [id, row.i18n?.[name]?.[String(id)] ?? '']);
}

function jsonObject(
  row: Row,
  resource: Resource,
  fields: readonly string[] | 'full',
  languages: readonly number[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of shownFields(row, resource, fields)) {
    if (name === 'id') {
      // The JSON renderer writes the id as a number and every other value as a string.
      picked.id = row.id;
    } else if (resource.i18n?.includes(name)) {
      // WebserviceOutputJSON::renderField: a plain string when one language is shown, else a list.
      const values = translations(row, name, languages);
      picked[name] = values.length === 1 ? values[0]?.[1] : values.map(([id, value]) => ({ id, value }));
    } else {
      picked[name] = row.fields[name];
    }
  }
  if (fields === 'full' && row.associations !== undefined && Object.keys(resource.associations).length > 0) {
    picked.associations = structuredClone(row.associations);
  }
  return picked;
}

function xmlObject(row: Row, resource: Resource, fields: readonly string[] | 'full', view: View): string {
  let xml = `<${resource.singular}>\n`;
  for (const name of shownFields(row, resource, fields)) {
    if (resource.i18n?.includes(name)) {
      xml += `\t<${name}>`;
      for (const [id, value] of translations(row, name, view.languages)) {
        const href = escapeAttribute(`${view.origin}/api/languages/${id}`);
        xml += `<language id="${id}" xlink:href="${href}">${cdata(value)}</language>`;
      }
      xml += `</${name}>\n`;
    } else {
      xml += `\t<${name}>${cdata(row.fields[name] ?? '')}</${name}>\n`;
    }
  }
  if (fields === 'full' && row.associations !== undefined && Object.keys(resource.associations).length > 0) {
    xml += '<associations>\n';
    for (const [name, element] of Object.entries(resource.associations)) {
      xml += `<${name} nodeType="${element}" api="${name}">\n`;
      for (const item of row.associations[name] ?? []) {
        const href =
          name === 'stock_availables'
            ? ` xlink:href="${escapeAttribute(`${view.origin}/api/${name}/${item.id}`)}"`
            : '';
        xml += `\t<${element}${href}>\n`;
        for (const [field, value] of Object.entries(item))
          xml += `\t\t<${field}>${cdata(value)}</${field}>\n`;
        xml += `\t</${element}>\n`;
      }
      xml += `</${name}>\n`;
    }
    xml += '</associations>\n';
  }
  return `${xml}</${resource.singular}>\n`;
}

/** A list: ids (with links in XML) without `display`, the chosen fields with it; JSON's empty list is a bare []. */
export function listReply(
  rows: Row[],
  resource: Resource,
  display: readonly string[] | 'full' | undefined,
  view: View,
): Reply {
  const { format } = view;
  if (format === 'JSON') {
    if (rows.length === 0) return { status: 200, format, body: '[]' };
    const items = rows.map((row) =>
      display === undefined ? { id: row.id } : jsonObject(row, resource, display, view.languages),
    );
    return { status: 200, format, body: JSON.stringify({ [resource.name]: items }) };
  }
  let xml = `${XML_HEAD}<${resource.name}>\n`;
  for (const row of rows) {
    if (display === undefined) {
      const href = escapeAttribute(`${view.origin}/api/${resource.name}/${row.id}`);
      xml += `\t<${resource.singular} id="${row.id}" xlink:href="${href}"/>\n`;
    } else {
      xml += xmlObject(row, resource, display, view);
    }
  }
  return { status: 200, format, body: `${xml}</${resource.name}>\n${XML_TAIL}` };
}

export function oneReply(row: Row, resource: Resource, view: View, status = 200): Reply {
  if (view.format === 'JSON') {
    return {
      status,
      format: view.format,
      body: JSON.stringify({ [resource.singular]: jsonObject(row, resource, 'full', view.languages) }),
    };
  }
  return {
    status,
    format: view.format,
    body: `${XML_HEAD}${xmlObject(row, resource, 'full', view)}${XML_TAIL}`,
  };
}

/** `?schema=blank`: every field empty, one node per language, to fill in and POST back. */
export function blankReply(resource: Resource, view: View): Reply {
  const row: Row = {
    id: 0,
    fields: Object.fromEntries(
      resource.fields.filter((name) => !resource.i18n?.includes(name)).map((name) => [name, '']),
    ),
    i18n: Object.fromEntries(
      (resource.i18n ?? []).map((name) => [
        name,
        Object.fromEntries(view.languages.map((id) => [String(id), ''])),
      ]),
    ),
    associations: Object.fromEntries(Object.keys(resource.associations).map((name) => [name, [{ id: '' }]])),
  };
  const reply = oneReply(row, resource, view);
  if (view.format === 'JSON') {
    // The blank id is empty, not 0.
    const body = JSON.parse(reply.body) as Record<string, Record<string, unknown>>;
    const blank = body[resource.singular];
    if (blank !== undefined) blank.id = '';
    return { ...reply, body: JSON.stringify(body) };
  }
  return { ...reply, body: reply.body.replaceAll('<![CDATA[]]>', '') };
}
