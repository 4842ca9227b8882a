import { portFrom, setting, stopOnSignal } from '../shared/standalone.js';
import { startCardPointeEmulator } from './server.js';

const emulator = await startCardPointeEmulator({
  host: setting('EMULATOR_HOST') ?? '127.0.0.1',
  port: portFrom(process.env.EMULATOR_PORT, 6443),
  merchantId: setting('CARDPOINTE_MERCHANT_ID'),
  username: setting('CARDPOINTE_USERNAME'),
  password: setting('CARDPOINTE_PASSWORD'),
});

console.log(`CARDPOINTE_URL=${emulator.url}`);
console.log(`CARDPOINTE_MERCHANT_ID=${emulator.merchantId}`);
console.log(`CARDPOINTE_USERNAME=${emulator.username}`);
console.log(`CARDPOINTE_PASSWORD=${emulator.password}`);

stopOnSignal(emulator);
