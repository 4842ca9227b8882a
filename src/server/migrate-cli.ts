import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './platform/db.js';
import { migrate } from './platform/migrate.js';
import { openDatabase } from './start.js';

/** `npm run db:migrate`: applies pending migrations and exits. */
async function main(): Promise<void> {
  const { database, release } = await openDatabase(loadConfig());
  try {
    const { applied } = await migrate(database);
    process.stdout.write(
      applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n',
    );
  } finally {
    await database.close();
    release();
  }
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof DataDirLockedError;
  process.stderr.write(`Migration failed: ${known ? (err as Error).message : String(err)}\n`);
  process.exit(1);
});
