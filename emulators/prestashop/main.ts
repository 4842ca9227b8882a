import { portFrom, setting, stopOnSignal } from '../shared/standalone.js';
import { startPrestaShopEmulator } from './server.js';

const emulator = await startPrestaShopEmulator({
  host: setting('EMULATOR_HOST') ?? '127.0.0.1',
  port: portFrom(process.env.EMULATOR_PORT, 8089),
  key: setting('PRESTASHOP_WS_KEY'),
});

console.log(`PRESTASHOP_URL=${emulator.url}`);
console.log(`PRESTASHOP_WS_KEY=${emulator.key}`);

stopOnSignal(emulator);
