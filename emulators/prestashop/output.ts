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

const XML_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n';
const XML_TAIL = '</prestashop>\n';

function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escapeAttribute(value: string): string {
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

/** The fields of one record in output order, as `display` chose them; id is always first. */
export function pick(
  row: Row,
  resource: Resource,
  fields: readonly string[] | 'full',
): Record<string, string> {
  const names = fields === 'full' ? resource.fields : fields;
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = row.fields[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

function jsonObject(
  row: Row,
  resource: Resource,
  fields: readonly string[] | 'full',
): Record<string, unknown> {
  const picked: Record<string, unknown> = pick(row, resource, fields);
  // The JSON renderer writes the id as a number and every other value as a string.
  if ('id' in picked) picked.id = row.id;
  if (fields === 'full' && row.associations !== undefined && Object.keys(resource.associations).length > 0) {
    picked.associations = structuredClone(row.associations);
  }
  return picked;
}

function xmlObject(row: Row, resource: Resource, fields: readonly string[] | 'full', origin: string): string {
  const picked = pick(row, resource, fields);
  let xml = `<${resource.singular}>\n`;
  for (const [name, value] of Object.entries(picked)) xml += `\t<${name}>${cdata(value)}</${name}>\n`;
  if (fields === 'full' && row.associations !== undefined && Object.keys(resource.associations).length > 0) {
    xml += '<associations>\n';
    for (const [name, element] of Object.entries(resource.associations)) {
      xml += `<${name} nodeType="${element}" api="${name}">\n`;
      for (const item of row.associations[name] ?? []) {
        const href =
          name === 'stock_availables'
            ? ` xlink:href="${escapeAttribute(`${origin}/api/${name}/${item.id}`)}"`
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
  format: Format,
  origin: string,
): Reply {
  if (format === 'JSON') {
    if (rows.length === 0) return { status: 200, format, body: '[]' };
    const items = rows.map((row) =>
      display === undefined ? { id: row.id } : jsonObject(row, resource, display),
    );
    return { status: 200, format, body: JSON.stringify({ [resource.name]: items }) };
  }
  let xml = `${XML_HEAD}<${resource.name}>\n`;
  for (const row of rows) {
    if (display === undefined) {
      const href = escapeAttribute(`${origin}/api/${resource.name}/${row.id}`);
      xml += `\t<${resource.singular} id="${row.id}" xlink:href="${href}"/>\n`;
    } else {
      xml += xmlObject(row, resource, display, origin);
    }
  }
  return { status: 200, format, body: `${xml}</${resource.name}>\n${XML_TAIL}` };
}

export function oneReply(row: Row, resource: Resource, format: Format, origin: string, status = 200): Reply {
  if (format === 'JSON') {
    return {
      status,
      format,
      body: JSON.stringify({ [resource.singular]: jsonObject(row, resource, 'full') }),
    };
  }
  return { status, format, body: `${XML_HEAD}${xmlObject(row, resource, 'full', origin)}${XML_TAIL}` };
}
