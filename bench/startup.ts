// Start time (cold and warm), memory after start, and GET /api/health throughput on the embedded
// database and, when reachable, on PostgreSQL. It measures the built server, as `npm start` runs it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'dist', 'server', 'main.js');
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  ms: number;
  rssMb: number;
  url: string;
  stop: () => Promise<void>;
}

async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      TANDEM_OWNER_EMAIL: 'owner@example.com',
      TANDEM_OWNER_PASSWORD: 'Correct-Horse-9',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`Tandem exited with ${code}`)));
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('Tandem is ready')) resolve();
    });
  });
  const ms = performance.now() - began;
  await new Promise((r) => setTimeout(r, 500));
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  return {
    ms,
    rssMb,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function health(url: string): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url: `${url}/api/health`, connections: 10, duration: seconds });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const fmt = (n: number) => n.toFixed(0);

/** Cold start, warm start, memory and /api/health throughput on one database. */
async function measure(label: string, env: Record<string, string>): Promise<void> {
  const cold = await start(env);
  console.log(`${label}  cold start ${fmt(cold.ms)} ms, RSS after start ${fmt(cold.rssMb)} MB`);
  await cold.stop();
  const warm = await start(env);
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
  const name = `tandem_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
  } catch {
    console.log(
      `postgres  not reachable at ${pgUrl.replace(/\/\/[^@]*@/, '//')}: skipped (set BENCH_DATABASE_URL)`,
    );
    return;
  }
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    await measure('postgres', { DATABASE_URL: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function benchStartup(): Promise<void> {
  if (!fs.existsSync(main)) throw new Error('Build first: npm run build');
  await embedded();
  await postgres();
}
