import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals short secrets (gift card codes, cart credentials) with AES-256-GCM under a key derived
 * from Tandem's data key for one purpose, so a copy of the database alone reveals none of them and
 * what is sealed for one purpose cannot be opened as another.
 */
export class SealedBox {
  readonly #key: Buffer;

  constructor(secret: Buffer, purpose: string) {
    if (secret.length !== 32) throw new Error('the data key must be 32 bytes');
    this.#key = Buffer.from(hkdfSync('sha256', secret, '', purpose, 32));
  }

  /** "v1.<iv>.<tag>.<ciphertext>", base64url. */
  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
