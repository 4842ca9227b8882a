// Starts Tandem from the environment, says so, and stops: used by tests that race two processes.
import { loadConfig } from '../../src/server/config.js';
import { startTandem } from '../../src/server/start.js';

const tandem = await startTandem(loadConfig(), { announce: () => {}, logger: false });
process.stdout.write(`started ${tandem.url}\n`);
await tandem.stop();
