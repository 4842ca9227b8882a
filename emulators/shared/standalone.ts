/** What every emulator's standalone `main.ts` reads from the environment, and how it stops. */

/** EMULATOR_PORT, or the emulator's own default port. */
export function portFrom(value: string | undefined, defaultPort: number): number {
  if (value === undefined || value === '') return defaultPort;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`EMULATOR_PORT must be a port number, got "${value}"`);
  }
  return port;
}

/** An environment variable, unset when empty. */
export function setting(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Closes the emulator and exits on Ctrl-C or SIGTERM, once. */
export function stopOnSignal(emulator: { close(): Promise<void> }): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
