import { escapeAttribute, type Reply, type View, XML_HEAD, XML_TAIL } from './output.js';
import type { Resource } from './resources.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'] as const;

/**
 * GET /api/: the resources the key may use, as WebserviceOutputBuilder::getResourcesList writes
 * them. XML names each method the key is granted; the JSON renderer keeps only the names.
 */
export function resourceIndex(
  resources: readonly Resource[],
  granted: (resource: Resource) => readonly string[] | undefined,
  shopName: string,
  view: View,
): Reply {
  const listed = resources.filter((resource) => granted(resource) !== undefined);
  if (view.format === 'JSON') {
    return { status: 200, format: 'JSON', body: JSON.stringify(listed.map((resource) => resource.name)) };
  }
  let xml = `${XML_HEAD}<api shopName="${escapeAttribute(shopName)}">\n`;
  for (const resource of listed) {
    const methods = granted(resource) ?? [];
    const href = escapeAttribute(`${view.origin}/api/${resource.name}`);
    const rights = METHODS.map((method) => `${method}="${methods.includes(method.toUpperCase())}"`).join(' ');
    const attributes = `xlink:href="${href}" ${rights}`;
    xml += `<${resource.name} ${attributes}>\n`;
    xml += `<description ${attributes}>${escapeAttribute(resource.description ?? resource.className)}</description>\n`;
    xml += `<schema xlink:href="${href}?schema=blank" type="blank"/>\n`;
    xml += `<schema xlink:href="${href}?schema=synopsis" type="synopsis"/>\n`;
    xml += `</${resource.name}>\n`;
  }
  return { status: 200, format: 'XML', body: `${xml}</api>\n${XML_TAIL}` };
}
