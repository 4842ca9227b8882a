import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './platform/db.js';
import { serializeError } from './platform/log.js';
import { startTandem } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const startedAt = performance.now();
  const tandem = await startTandem(config);
  if (tandem.url) {
    process.stdout.write(
      `Tandem is ready at ${config.publicUrl} (${Math.round(performance.now() - startedAt)} ms, ` +
        `${config.databaseUrl ? 'PostgreSQL' : 'embedded database'}, role ${config.role})\n`,
    );
  } else {
    process.stdout.write(`Tandem worker is running (role ${config.role})\n`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping Tandem…\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await tandem.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`Tandem cannot start. ${err.message}\n`);
  } else {
    process.stderr.write(`Tandem cannot start: ${serializeError(err).stack}\n`);
  }
  process.exit(1);
});
