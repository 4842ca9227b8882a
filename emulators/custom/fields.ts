import { asObject, type FieldError } from './router.js';

export const MAX_AMOUNT = 2_147_483_647;
export const MIN_STOCK = -2_147_483_648;

/**
 * Reads a write body field by field, collecting every problem with its JSON Pointer, so one 400
 * names them all. Unknown fields are ignored: a newer Tandem may send more.
 */
export class BodyReader {
  readonly errors: FieldError[] = [];
  private readonly fields: Record<string, unknown>;

  constructor(
    body: unknown,
    private readonly base = '',
  ) {
    const object = asObject(body);
    if (object === undefined) this.errors.push({ pointer: base || '/', detail: 'must be a JSON object' });
    this.fields = object ?? {};
  }

  private fail(name: string, detail: string): undefined {
    this.errors.push({ pointer: `${this.base}/${name}`, detail });
    return undefined;
  }

  has(name: string): boolean {
    return name in this.fields;
  }

  text(
    name: string,
    max: number,
    options: { min?: number; nullable?: boolean } = {},
  ): string | null | undefined {
    const value = this.fields[name];
    if (value === null && options.nullable) return null;
    if (typeof value !== 'string') {
      return this.fail(name, options.nullable ? 'must be a string or null' : 'must be a string');
    }
    if (value.includes('\u0000')) return this.fail(name, 'must not contain NUL characters');
    const length = [...value].length;
    if (length < (options.min ?? 0)) return this.fail(name, 'must not be empty');
    if (length > max) return this.fail(name, `must be at most ${max} characters`);
    return value;
  }

  whole(
    name: string,
    min: number,
    max: number,
    options: { nullable?: boolean } = {},
  ): number | null | undefined {
    const value = this.fields[name];
    if (value === null && options.nullable) return null;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return this.fail(name, options.nullable ? 'must be a whole number or null' : 'must be a whole number');
    }
    if (value < min || value > max) return this.fail(name, `must be from ${min} to ${max}`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.fields[name];
    return typeof value === 'boolean' ? value : this.fail(name, 'must be true or false');
  }

  currency(name: string, expected: string): string | undefined {
    const value = this.fields[name];
    if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
      return this.fail(name, 'must be an ISO 4217 code such as EUR');
    }
    if (value !== expected) return this.fail(name, `this cart sells in ${expected} only`);
    return value;
  }

  email(name: string): string | undefined {
    const value = this.text(name, 320, { min: 3 });
    if (typeof value !== 'string') return undefined;
    if (!/^[^\s@]+@[^\s@]+$/.test(value)) return this.fail(name, 'must be an email address');
    return value;
  }
}
