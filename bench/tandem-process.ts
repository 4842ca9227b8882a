// Runs the built server as `npm start` does, in a process of its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const mainScript = path.join(root, 'dist', 'src', 'server', 'main.js');
export const OWNER = { email: 'owner@example.com', password: 'Correct-Horse-9' };

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Started {
  ms: number;
  rssMb: number;
  url: string;
  stop: () => Promise<void>;
}

export async function startBuiltTandem(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  // BENCH_PROFILE=dir writes a CPU profile of the server there when it stops.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, mainScript], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      TANDEM_OWNER_EMAIL: OWNER.email,
      TANDEM_OWNER_PASSWORD: OWNER.password,
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

/** Signs the owner in through the API, as the back office does: the headers of their browser. */
export async function signInOwner(url: string): Promise<Record<string, string>> {
  const origin = { origin: url, 'content-type': 'application/json' };
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: origin,
    body: JSON.stringify(OWNER),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { ...origin, cookie };
}
