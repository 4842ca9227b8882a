/** One line per changed field: "onlineShop: true → false", or "to: someone@example.com". */
export function describeChanges(changes: unknown): string[] {
  if (changes === null || changes === undefined) return [];
  if (!isPlainObject(changes)) return [formatValue(changes)];
  return Object.entries(changes).map(([key, value]) =>
    isChange(value)
      ? `${key}: ${formatValue(value.from)} → ${formatValue(value.to)}`
      : `${key}: ${formatValue(value)}`,
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isChange = (v: unknown): v is { from: unknown; to: unknown } =>
  isPlainObject(v) && 'from' in v && 'to' in v && Object.keys(v).length === 2;

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return JSON.stringify(value);
}
