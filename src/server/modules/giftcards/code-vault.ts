import { createHmac, hkdfSync } from 'node:crypto';
import { safeEqual } from '../../platform/crypto.js';
import { SealedBox } from '../../platform/sealed-box.js';
import { normaliseCode } from './gift-card.js';

/**
 * Keeps gift card codes out of the database in the clear: each code is stored sealed with
 * AES-256-GCM, plus a keyed hash (HMAC-SHA256) of its normalised form to find it by. Both keys
 * are derived from one secret that lives in the configuration or `DATA_DIR`, never in the
 * database, so a copy of the database alone reveals no code and cannot be searched for one.
 */
export class GiftCardVault {
  readonly #box: SealedBox;
  readonly #lookupKey: Buffer;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new Error('the gift card key must be 32 bytes');
    this.#box = new SealedBox(secret, 'tandem gift card codes: seal');
    this.#lookupKey = Buffer.from(hkdfSync('sha256', secret, '', 'tandem gift card codes: lookup', 32));
  }

  /** "v1.<iv>.<tag>.<ciphertext>", base64url. */
  seal(code: string): string {
    return this.#box.seal(code);
  }

  open(sealed: string): string {
    return this.#box.open(sealed);
  }

  /** What a code is found by: the same for "6061-2345 …" and "60612345…", lower or upper case. */
  lookupHash(code: string): string {
    return createHmac('sha256', this.#lookupKey).update(normaliseCode(code)).digest('hex');
  }

  /** Whether a sealed code is the one typed, compared in constant time. */
  matches(sealed: string, typed: string): boolean {
    return safeEqual(normaliseCode(this.open(sealed)), normaliseCode(typed));
  }
}
