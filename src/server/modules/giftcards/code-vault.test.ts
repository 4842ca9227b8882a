import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GiftCardVault } from './code-vault.js';

describe('the gift card code vault', () => {
  const vault = new GiftCardVault(randomBytes(32));

  it('seals a code so that only the key opens it, differently each time', () => {
    const a = vault.seal('6061123456789012');
    const b = vault.seal('6061123456789012');
    expect(a).not.toBe(b);
    expect(a).not.toContain('6061123456789012');
    expect(vault.open(a)).toBe('6061123456789012');
    expect(() => new GiftCardVault(randomBytes(32)).open(a)).toThrow();
  });

  it('refuses a sealed code that was tampered with', () => {
    const sealed = vault.seal('PHYSICAL0001');
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[3] = data.toString('base64url');
    expect(() => vault.open(parts.join('.'))).toThrow();
  });

  it('finds a code however it is typed, and only with its own key', () => {
    const hash = vault.lookupHash('ab12cd34ef56');
    expect(vault.lookupHash('AB12-CD34 EF56')).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new GiftCardVault(randomBytes(32)).lookupHash('AB12CD34EF56')).not.toBe(hash);
    expect(vault.matches(vault.seal('AB12CD34EF56'), 'ab12-cd34-ef56')).toBe(true);
    expect(vault.matches(vault.seal('AB12CD34EF56'), 'ab12-cd34-ef57')).toBe(false);
  });

  it('needs a 32-byte key', () => {
    expect(() => new GiftCardVault(randomBytes(16))).toThrow();
  });
});
