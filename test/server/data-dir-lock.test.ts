import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/server/platform/db.js';

const root = path.resolve(import.meta.dirname, '..', '..');

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('the embedded database directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-lock-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process with a clear message', async () => {
    const release = lockDataDir(dir);
    try {
      const second = await runMain({ DATA_DIR: dir, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `Another Tandem process (pid ${process.pid}) is already using the embedded database`,
      );
      expect(second.stderr).toMatch(/DATABASE_URL/);
    } finally {
      release();
    }
  });

  it('refuses a second lock in one process, and takes over a lock left by a dead process', () => {
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    fs.writeFileSync(path.join(dir, 'tandem.lock'), '999999999');
    const again = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'tandem.lock'), 'utf8')).toBe(String(process.pid));
    again();
    expect(fs.existsSync(path.join(dir, 'tandem.lock'))).toBe(false);
  });

  it('stops on a bad setting, naming the variable', async () => {
    const bad = await runMain({ DATA_DIR: dir, PORT: 'eighty' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Tandem cannot start\. Invalid configuration:\n\s+- PORT: /);
  });
});
