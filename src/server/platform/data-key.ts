import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The file in `DATA_DIR` that holds the gift card key when `GIFT_CARD_KEY` is not set. */
export const GIFT_CARD_KEY_FILE = 'gift-card.key';

/**
 * The 32-byte secret gift card codes are sealed with: `GIFT_CARD_KEY` (64 hex digits) when set,
 * otherwise a key kept in `DATA_DIR`, made on first start and readable by its owner only. Every
 * process that serves one database must use the same key: set `GIFT_CARD_KEY`, or share the
 * directory. Without it no code on file can be read or found, so it belongs in the backups,
 * kept apart from the database's.
 */
export function giftCardKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'hex');
  const file = path.join(dataDir, GIFT_CARD_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: two processes starting together cannot both write one.
    fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) throw new Error(`${file}: not a gift card key (64 hex digits)`);
  return Buffer.from(text, 'hex');
}
