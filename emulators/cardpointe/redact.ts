import { looksLikeClearPan, maskPan } from './cards.js';
import { TOKEN_SHAPE } from './vault.js';

const CARD_SECRET_FIELDS: ReadonlySet<string> = new Set(['cvv', 'cvv2', 'track', 'pin']);

/** The request log must hold nothing that identifies a card or authenticates it. */
export function redact(value: unknown, key?: string): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    const raw = String(value);
    if (key !== undefined && CARD_SECRET_FIELDS.has(key)) return '*'.repeat(raw.length);
    if (key === 'account' && !TOKEN_SHAPE.test(raw)) return maskPan(raw);
    return looksLikeClearPan(raw) ? maskPan(raw) : value;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  }
  return value;
}

export function redactPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (looksLikeClearPan(safeDecode(segment)) ? maskPan(safeDecode(segment)) : segment))
    .join('/');
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
