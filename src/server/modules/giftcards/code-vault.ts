import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { safeEqual } from '../../platform/crypto.js';
import { normaliseCode } from './gift-card.js';

/**
 * Keeps gift card codes out of the database in the clear: each code is stored sealed with
 * AES-256-GCM, plus a keyed hash (HMAC-SHA256) of its normalised form to find it by. Both keys
 * are derived from one secret that lives in the configuration or `DATA_DIR`, never in the
 * database, so a copy of the database alone reveals no code and cannot be searched for one.
 */
export class GiftCardVault {
  readonly #sealKey: Buffer;
  readonly #lookupKey: Buffer;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new Error('the gift card key must be 32 bytes');
    this.#sealKey = Buffer.from(hkdfSync('sha256', secret, '', 'tandem gift card codes: seal', 32));
    this.#lookupKey = Buffer.from(hkdfSync('sha256', secret, '', 'tandem gift card codes: lookup', 32));
  }

  /** "v1.<iv>.<tag>.<ciphertext>", base64url. */
  seal(code: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, iv);
    const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed gift card code');
    const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
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
