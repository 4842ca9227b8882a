import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import { startTandem, type Tandem } from '../../src/server/start.js';
import { createServerDatabase, serverUrl } from './database.js';
import { freePort } from './smtp.js';

export const OWNER = { email: 'owner@example.com', password: 'Correct-Horse-9' };

/** The whole of Tandem on a real port: on a fresh server database when TEST_DATABASE_URL is set. */
export async function runTandem(env: Record<string, string> = {}): Promise<Tandem & { baseUrl: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-test-'));
  const created = serverUrl ? await createServerDatabase() : null;
  const port = await freePort();
  const tandem = await startTandem(
    loadConfig({
      DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      TANDEM_OWNER_EMAIL: OWNER.email,
      TANDEM_OWNER_PASSWORD: OWNER.password,
      LOG_LEVEL: 'silent',
      ...(created ? { DATABASE_URL: created.url } : {}),
      ...env,
    }),
    { announce: () => {} },
  );
  return {
    ...tandem,
    baseUrl: tandem.url!,
    stop: async () => {
      await tandem.stop();
      await created?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs the owner in over HTTP and answers the cookie header. */
export async function signInOwner(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify(OWNER),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}
