import { startPrestaShopEmulator } from './server.js';

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 8089;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`EMULATOR_PORT must be a port number, got "${value}"`);
  }
  return port;
}

function setting(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

const emulator = await startPrestaShopEmulator({
  host: setting('EMULATOR_HOST') ?? '127.0.0.1',
  port: portFrom(process.env.EMULATOR_PORT),
  key: setting('PRESTASHOP_WS_KEY'),
});

console.log(`PRESTASHOP_URL=${emulator.url}`);
console.log(`PRESTASHOP_WS_KEY=${emulator.key}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await emulator.close();
  process.exit(0);
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
