import { startCardPointeEmulator } from '../../../../emulators/cardpointe/server.js';
import type { Config } from '../../config.js';
import { CardPointeClient } from './cardpointe-client.js';
import type { CardGateway } from './gateway.js';

export interface OpenGateway {
  gateway: CardGateway;
  /** The CardPointe site root the client talks to (the hosted iFrame tokenizer lives under it). */
  siteUrl: string;
  close(): Promise<void>;
}

/**
 * The card gateway the configuration names. `sandbox` starts a local server on loopback that
 * speaks CardPointe's protocol, so the very client that talks to CardPointe runs in both cases.
 */
export async function openGateway(
  config: Pick<Config, 'paymentGateway' | 'cardpointe'>,
): Promise<OpenGateway> {
  if (config.paymentGateway === 'cardpointe') {
    if (!config.cardpointe) throw new Error('PAYMENT_GATEWAY=cardpointe needs the CARDPOINTE_* variables.');
    return {
      gateway: new CardPointeClient(config.cardpointe, 'cardpointe'),
      siteUrl: config.cardpointe.url,
      close: async () => {},
    };
  }
  const sandbox = await startCardPointeEmulator({ host: '127.0.0.1', port: 0 });
  return {
    gateway: new CardPointeClient(
      {
        url: sandbox.url,
        merchantId: sandbox.merchantId,
        username: sandbox.username,
        password: sandbox.password,
      },
      'sandbox',
    ),
    siteUrl: sandbox.url,
    close: () => sandbox.close(),
  };
}
