import { type CardPointeEmulator, startCardPointeEmulator } from '../../emulators/cardpointe/server.js';
import { CardPointeClient } from '../../src/server/modules/payments/cardpointe-client.js';
import type { OpenGateway } from '../../src/server/modules/payments/index.js';

/**
 * A CardPointe emulator on loopback the test controls (hangs, failures, the nightly batch), and
 * our real client for it, ready to hand to `openTestApp({ gateway })`.
 */
export async function emulatedGateway(options: { timeoutMs?: number } = {}): Promise<{
  emulator: CardPointeEmulator;
  client: CardPointeClient;
  gateway: OpenGateway;
}> {
  const emulator = await startCardPointeEmulator();
  const client = new CardPointeClient(
    {
      url: emulator.url,
      merchantId: emulator.merchantId,
      username: emulator.username,
      password: emulator.password,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    },
    'sandbox',
  );
  return {
    emulator,
    client,
    gateway: { gateway: client, siteUrl: emulator.url, close: () => emulator.close() },
  };
}
