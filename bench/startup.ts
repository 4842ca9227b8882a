// Start time (cold and warm), memory after start, and GET /api/health throughput on the embedded
// database and, when reachable, on PostgreSQL. It measures the built server, as `npm start` runs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { withFreshPostgres } from './databases.js';
import { mainScript, startBuiltTandem } from './tandem-process.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);

async function health(url: string): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url: `${url}/api/health`, connections: 10, duration: seconds });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const fmt = (n: number) => n.toFixed(0);

/** Cold start, warm start, memory and /api/health throughput on one database. */
async function measure(label: string, env: Record<string, string>): Promise<void> {
  const cold = await startBuiltTandem(env);
  console.log(`${label}  cold start ${fmt(cold.ms)} ms, RSS after start ${fmt(cold.rssMb)} MB`);
  await cold.stop();
  const warm = await startBuiltTandem(env);
  console.log(`${label}  warm start ${fmt(warm.ms)} ms, RSS after start ${fmt(warm.rssMb)} MB`);
  const h = await health(warm.url);
  console.log(
    `${label}  GET /api/health ${fmt(h.rps)} req/s, p99 ${h.p99} ms, errors ${h.errors} (${seconds} s, 10 connections)`,
  );
  await warm.stop();
}

async function embedded(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  try {
    await measure('embedded', { DATA_DIR: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<void> {
  await withFreshPostgres((url) => measure('postgres', { DATABASE_URL: url }));
}

export async function benchStartup(): Promise<void> {
  if (!fs.existsSync(mainScript)) throw new Error('Build first: npm run build');
  await embedded();
  await postgres();
}
