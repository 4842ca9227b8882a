/** An element of a parsed XML document; text holds its character data (CDATA included). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    const known = ENTITIES[entity];
    if (known === undefined) throw new Error(`undefined entity ${whole}`);
    return known;
  });
}

const NAME = /^[A-Za-z_][\w.:-]*/;

/**
 * A small well-formedness-checking parser: one root, balanced tags, quoted attributes,
 * CDATA, comments, the prolog and the five predefined entities. Throws on anything else.
 */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${at}`);
  };
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const text = lt === -1 ? source.slice(at) : source.slice(at, lt);
    if (text !== '') {
      const current = stack.at(-1);
      if (current === undefined) {
        if (text.trim() !== '') fail('text outside the root element');
      } else {
        current.text += decode(text);
      }
    }
    if (lt === -1) break;
    at = lt;
    if (source.startsWith('<?', at)) {
      const end = source.indexOf('?>', at);
      if (end === -1) fail('unterminated processing instruction');
      at = end + 2;
    } else if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at);
      if (end === -1) fail('unterminated comment');
      at = end + 3;
    } else if (source.startsWith('<![CDATA[', at)) {
      const end = source.indexOf(']]>', at);
      if (end === -1) fail('unterminated CDATA section');
      const current = stack.at(-1) ?? fail('CDATA outside the root element');
      current.text += source.slice(at + 9, end);
      at = end + 3;
    } else if (source.startsWith('<!', at)) {
      fail('declarations are not accepted');
    } else if (source.startsWith('</', at)) {
      const match = NAME.exec(source.slice(at + 2));
      const name = match?.[0] ?? fail('bad closing tag');
      at += 2 + name.length;
      while (/\s/.test(source[at] ?? '')) at += 1;
      if (source[at] !== '>') fail('bad closing tag');
      at += 1;
      const open = stack.pop();
      if (open === undefined || open.name !== name) fail(`closing tag ${name} does not match`);
    } else {
      const match = NAME.exec(source.slice(at + 1));
      const name = match?.[0] ?? fail('bad tag name');
      at += 1 + name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
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
        if (at === before) fail('attributes must be separated by space');
        const attribute = NAME.exec(source.slice(at))?.[0] ?? fail('bad attribute');
        at += attribute.length;
        if (source[at] !== '=') fail('attribute without value');
        const quote = source[at + 1];
        if (quote !== '"' && quote !== "'") fail('unquoted attribute');
        const end = source.indexOf(quote as string, at + 2);
        if (end === -1) fail('unterminated attribute');
        if (attribute in element.attributes) fail(`duplicate attribute ${attribute}`);
        element.attributes[attribute] = decode(source.slice(at + 2, end));
        at = end + 1;
      }
      const parent = stack.at(-1);
      if (parent === undefined) {
        if (root !== undefined) fail('more than one root element');
        root = element;
      } else {
        parent.children.push(element);
      }
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) fail(`element ${stack.at(-1)?.name} is not closed`);
  return root ?? fail('no root element');
}
