// A process that runs one sync of one connection and nothing else, for the test that kills it
// part-way: `node --import tsx sync-child.ts` with DATABASE_URL, CONNECTION_ID and DATA_KEY (hex).
import { connectionCredentialBox, openCart, runSync } from '../../src/server/modules/connections/index.js';
import { openPostgres } from '../../src/server/platform/db.js';

const database = await openPostgres(process.env.DATABASE_URL!, { max: 2 });
const box = connectionCredentialBox(Buffer.from(process.env.DATA_KEY!, 'hex'));
process.stdout.write('started\n');
await runSync({ db: database.db, box, openCart }, process.env.CONNECTION_ID!, 'schedule');
await database.close();
