import { portFrom, setting, stopOnSignal } from '../shared/standalone.js';
import { startWooCommerceEmulator } from './server.js';

const emulator = await startWooCommerceEmulator({
  host: setting('EMULATOR_HOST') ?? '127.0.0.1',
  port: portFrom(process.env.EMULATOR_PORT, 8088),
  consumerKey: setting('WOOCOMMERCE_CONSUMER_KEY'),
  consumerSecret: setting('WOOCOMMERCE_CONSUMER_SECRET'),
});

console.log(`WOOCOMMERCE_URL=${emulator.url}`);
console.log(`WOOCOMMERCE_CONSUMER_KEY=${emulator.consumerKey}`);
console.log(`WOOCOMMERCE_CONSUMER_SECRET=${emulator.consumerSecret}`);

stopOnSignal(emulator);
