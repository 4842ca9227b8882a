/** How many decimals a currency's major unit has (2 for USD, 0 for JPY). */
export function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** 1000 minor units → "10.00". */
export function toMajor(minor: number, digits: number): string {
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits > 0 ? abs.slice(0, -digits) : abs;
  const frac = digits > 0 ? `.${abs.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** "10", "10.5" or "10.50" → 1000 minor units; null when it is not such an amount. */
export function parseMajor(text: string, digits: number): number | null {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return null;
  const frac = match[2] ?? '';
  if (frac.length > digits) return null;
  const minor = Number(match[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** 1850 minor units of USD → "$18.50", in the reader's locale. */
export function formatMoney(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(minor / 10 ** digits);
  } catch {
    return `${toMajor(minor, digits)} ${currency}`;
  }
}
