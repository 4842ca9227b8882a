import { portFrom, setting, stopOnSignal } from '../shared/standalone.js';
import { startCustomCartEmulator } from './server.js';

const emulator = await startCustomCartEmulator({
  host: setting('EMULATOR_HOST') ?? '127.0.0.1',
  port: portFrom(process.env.EMULATOR_PORT, 8090),
  token: setting('CUSTOM_CART_TOKEN'),
  readOnlyToken: setting('CUSTOM_CART_READ_ONLY_TOKEN'),
  webhookRetryDelaysMs: [10_000, 60_000, 300_000],
});

console.log(`CUSTOM_CART_URL=${emulator.url}`);
console.log(`CUSTOM_CART_TOKEN=${emulator.token}`);
console.log(`CUSTOM_CART_READ_ONLY_TOKEN=${emulator.readOnlyToken}`);

stopOnSignal(emulator);
