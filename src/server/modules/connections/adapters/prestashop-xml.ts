/**
 * The little XML PrestaShop's webservice needs: it takes writes only as XML, and a record is
 * changed by reading its XML, editing it and sending it back whole. The reader accepts what the
 * webservice writes (elements, attributes, CDATA, the five entities) and refuses DOCTYPEs, so a
 * hostile answer cannot expand entities.
 */

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** Character data directly inside the element (CDATA included), as written. */
  text: string;
}

const MAX_DEPTH = 64;
const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]{2,4});/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    const known = ENTITIES[entity];
    if (known === undefined) throw new Error(`unknown entity ${whole}`);
    return known;
  });
}

/** Parses one XML document into its root element; throws an Error saying why it cannot. */
export function parseXml(source: string): XmlNode {
  let at = 0;
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${at}`);
  };
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const text = lt === -1 ? source.slice(at) : source.slice(at, lt);
    const open = stack.at(-1);
    if (text !== '') {
      if (open !== undefined) open.text += decode(text);
      else if (text.trim() !== '') fail('text outside the root element');
    }
    if (lt === -1) break;
    at = lt;
    if (source.startsWith('<?', at)) {
      const end = source.indexOf('?>', at);
      if (end === -1) fail('unterminated declaration');
      at = end + 2;
    } else if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at);
      if (end === -1) fail('unterminated comment');
      at = end + 3;
    } else if (source.startsWith('<![CDATA[', at)) {
      const end = source.indexOf(']]>', at);
      if (end === -1) fail('unterminated CDATA');
      if (open === undefined) fail('CDATA outside the root element');
      else open.text += source.slice(at + 9, end);
      at = end + 3;
    } else if (source.startsWith('<!', at)) {
      fail('document type declarations are refused');
    } else if (source.startsWith('</', at)) {
      const name = NAME.exec(source.slice(at + 2, at + 202))?.[0] ?? fail('bad closing tag');
      at += 2 + name.length;
      while (/\s/.test(source[at] ?? '')) at += 1;
      if (source[at] !== '>') fail('bad closing tag');
      at += 1;
      if (stack.pop()?.name !== name) fail(`</${name}> closes nothing open`);
    } else {
      const name = NAME.exec(source.slice(at + 1, at + 201))?.[0] ?? fail('bad tag');
      at += 1 + name.length;
      const element: XmlNode = { name, attributes: {}, children: [], text: '' };
      let selfClosing = false;
      for (;;) {
        const before = at;
        while (/\s/.test(source[at] ?? '')) at += 1;
        if (source.startsWith('/>', at)) {
          selfClosing = true;
          at += 2;
          break;
        }
        if (source[at] === '>') {
          at += 1;
          break;
        }
        if (at === before) fail('attributes must be separated by spaces');
        const attribute = NAME.exec(source.slice(at, at + 200))?.[0] ?? fail('bad attribute');
        at += attribute.length;
        const quote = source[at + 1];
        if (source[at] !== '=' || (quote !== '"' && quote !== "'")) fail('attribute without a quoted value');
        const end = source.indexOf(quote as string, at + 2);
        if (end === -1) fail('unterminated attribute');
        element.attributes[attribute] = decode(source.slice(at + 2, end));
        at = end + 1;
      }
      if (open !== undefined) open.children.push(element);
      else if (root === undefined) root = element;
      else fail('a second root element');
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) fail('elements nested too deep');
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)?.name}> is not closed`);
  return root ?? fail('no element');
}

/** Text XML 1.0 can carry: NUL and other control characters dropped (PrestaShop would answer 500). */
export function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

function escapeAttribute(value: string): string {
  return xmlSafe(value)
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function writeNode(node: XmlNode): string {
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  // No whitespace is added inside an element: PrestaShop keeps it as part of the value.
  const inner =
    node.children.length > 0
      ? node.children.map(writeNode).join('')
      : node.text === ''
        ? ''
        : cdata(node.text);
  return `<${node.name}${attributes}>${inner}</${node.name}>`;
}

/** The document as PrestaShop takes it in a POST or PUT. */
export function writeXml(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeNode(root)}`;
}

export function element(
  name: string,
  content: string | XmlNode[] = '',
  attributes: Record<string, string> = {},
): XmlNode {
  return typeof content === 'string'
    ? { name, attributes, children: [], text: content }
    : { name, attributes, children: content, text: '' };
}

export function childNamed(parent: XmlNode | undefined, name: string): XmlNode | undefined {
  return parent?.children.find((child) => child.name === name);
}

/** Sets a field's value when the record has that field (a shop's schema may lack it). */
export function setField(record: XmlNode, name: string, value: string): boolean {
  const field = childNamed(record, name);
  if (field === undefined) return false;
  field.children = [];
  field.text = value;
  return true;
}

export function removeFields(record: XmlNode, names: readonly string[]): void {
  record.children = record.children.filter((child) => !names.includes(child.name));
}
