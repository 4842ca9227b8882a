import { describe, expect, it } from 'vitest';
import type { CartResponse } from './cart-http.js';
import { errorsOf, shopRoot } from './prestashop-client.js';
import { childNamed, element, parseXml, removeFields, setField, writeXml } from './prestashop-xml.js';

const response = (text: string, status = 400): CartResponse => ({ status, headers: new Headers(), text });

describe('XML', () => {
  it('reads what the webservice writes and writes it back without adding whitespace', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n<product>\n\t<id><![CDATA[2]]></id>\n\t<name><language id="1" xlink:href="http://x/api/languages/1"><![CDATA[Mug & cup]]></language></name>\n\t<quantity>4</quantity>\n\t<note>a &lt; b</note>\n</product>\n</prestashop>',
    );
    const product = childNamed(root, 'product');
    expect(childNamed(product, 'id')?.text).toBe('2');
    expect(childNamed(childNamed(product, 'name'), 'language')?.text).toBe('Mug & cup');
    expect(childNamed(product, 'note')?.text).toBe('a < b');
    removeFields(product as never, ['quantity']);
    setField(product as never, 'note', 'x ]]> y\u0000z');
    expect(writeXml(root)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><product><id><![CDATA[2]]></id><name><language id="1" xlink:href="http://x/api/languages/1"><![CDATA[Mug & cup]]></language></name><note><![CDATA[x ]]]]><![CDATA[> yz]]></note></product></prestashop>',
    );
  });

  it('refuses document types, unknown entities, stray text and unbalanced or deep nesting', () => {
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')).toThrow(/document type/);
    expect(() => parseXml('<x>&nbsp;</x>')).toThrow(/unknown entity/);
    expect(() => parseXml('hello <x/>')).toThrow(/outside the root/);
    expect(() => parseXml('<x><y></x>')).toThrow();
    expect(() => parseXml('<x/><y/>')).toThrow(/second root/);
    expect(() => parseXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`)).toThrow(/too deep/);
    expect(() => parseXml('')).toThrow(/no element/);
  });

  it('escapes attributes and drops characters XML cannot carry', () => {
    const written = writeXml(element('a', [element('b', 'ok')], { title: 'x"<&>\u0001' }));
    expect(written).toContain('<a title="x&quot;&lt;&amp;&gt;"><b><![CDATA[ok]]></b></a>');
    expect(parseXml(written).attributes.title).toBe('x"<&>');
  });
});

describe('PrestaShop answers', () => {
  it('reads numbered errors from JSON and XML answers, and none from anything else', () => {
    expect(errorsOf(response('{"errors":[{"code":26,"message":"Resource not allowed"}]}'))).toEqual([
      { code: 26, message: 'Resource not allowed' },
    ]);
    expect(
      errorsOf(
        response(
          '<?xml version="1.0"?><prestashop><errors><error><code><![CDATA[93]]></code><message><![CDATA[parameter "quantity" not writable]]></message></error></errors></prestashop>',
        ),
      ),
    ).toEqual([{ code: 93, message: 'parameter "quantity" not writable' }]);
    expect(errorsOf(response('<html><body>Oops</body></html>'))).toEqual([]);
    expect(errorsOf(response('{"errors":"no"}'))).toEqual([]);
    expect(errorsOf(response('{broken'))).toEqual([]);
  });

  it('finds the shop root in what the merchant typed', () => {
    expect(shopRoot('https://shop.example')).toBe('https://shop.example');
    expect(shopRoot(' https://shop.example/boutique/api/ ')).toBe('https://shop.example/boutique');
    expect(shopRoot('https://shop.example/api?ws_key=X#top')).toBe('https://shop.example');
    expect(() => shopRoot('javascript:alert(1)')).toThrow(/must start with https/);
  });
});
