import { type Cart, type CartAddressAndKeys, CartError } from '../cart.js';
import { fromWebservice, PrestaShopClient } from './prestashop-client.js';
import { PrestaShopReader } from './prestashop-reads.js';
import { PrestaShopWriter } from './prestashop-writes.js';
import { childNamed, parseXml, type XmlNode } from './prestashop-xml.js';

/**
 * PrestaShop's Webservice API (1.7 and 8): `{shop}/api/`, a 32-character key made under
 * Advanced Parameters › Webservice with a right per resource and method. Credentials: `{ apiKey }`.
 */

/** What sync reads and writes, and the methods it needs on each. */
const NEEDED: Record<string, readonly ('get' | 'put')[]> = {
  orders: ['get'],
  products: ['get'],
  customers: ['get'],
  stock_availables: ['get', 'put'],
};

/** The resource list GET /api/ answers: each resource the key may use, with get="true"… per method. */
function resourceList(text: string): XmlNode | undefined {
  try {
    const root = parseXml(text);
    return root.name === 'prestashop' ? childNamed(root, 'api') : undefined;
  } catch {
    return undefined;
  }
}

export function openPrestaShopCart(options: CartAddressAndKeys): Cart {
  let opened: { client: PrestaShopClient; reader: PrestaShopReader; writer: PrestaShopWriter } | undefined;
  // A bad address or key is reported by the first call, as every other failure is.
  const open = () => {
    if (opened === undefined) {
      const client = new PrestaShopClient({
        url: options.url,
        apiKey: options.credentials.apiKey,
        timeoutMs: options.timeoutMs,
        fetch: options.fetch,
      });
      opened = {
        client,
        reader: new PrestaShopReader(client, options.currency),
        writer: new PrestaShopWriter(client),
      };
    }
    return opened;
  };

  return {
    async test() {
      const { client } = open();
      const response = await client.call('GET', '');
      client.refuseFailure(response, 'GET /api/');
      const api = resourceList(response.text);
      if (api === undefined) {
        throw new CartError(
          'not_a_cart',
          fromWebservice(response)
            ? 'The shop answered, but not with its list of webservice resources.'
            : `${client.root}/api/ is not a PrestaShop site's webservice (it answered ${response.headers.get('content-type')?.split(';')[0] ?? 'something else'}).`,
          undefined,
          response.status,
        );
      }
      const missing = Object.entries(NEEDED).flatMap(([resource, methods]) => {
        const granted = childNamed(api, resource);
        const lacking = methods.filter((method) => granted?.attributes[method] !== 'true');
        return lacking.length > 0 ? [`${resource} (${lacking.map((m) => m.toUpperCase()).join(', ')})`] : [];
      });
      if (missing.length > 0) {
        throw new CartError(
          'forbidden',
          `The webservice key lacks what sync needs: ${missing.join('; ')}. Tick them for this key under Advanced Parameters › Webservice.`,
        );
      }
    },
    page: async (entity, query) => open().reader.page(entity, query),
    get: async (entity, externalId) => open().reader.get(entity, externalId),
    putItem: async (item) => open().writer.putItem(item),
    putCustomer: async (customer) => open().writer.putCustomer(customer),
    setStock: async (levels) => open().writer.setStock(levels),
  };
}
