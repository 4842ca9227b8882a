/**
 * JSON as WordPress writes it: `wp_json_encode` with PHP's default flags escapes every `/` as `\/` and
 * every non-ASCII character as a lower-case `\uXXXX`. REST answers and webhook bodies are written this
 * way, so a receiver that re-serialises a webhook body before checking its signature gets it wrong,
 * as it would against a real store.
 */
export function phpJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  // Both only ever occur inside string literals in JSON text, so escaping them everywhere is exact.
  return text
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
