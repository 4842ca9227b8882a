import type { Row } from './seed.js';

/** A multilingual value for every installed language: language 1 is English, the others French. */
export function translated(
  english: string,
  french: string,
  languages: readonly number[],
): Record<string, string> {
  return Object.fromEntries(languages.map((id) => [String(id), id === 1 ? english : french]));
}

/** Every value a field holds: one, or one per language for a multilingual field. */
export function valuesOf(row: Row, field: string): string[] {
  const translations = row.i18n?.[field];
  if (translations !== undefined) return Object.values(translations);
  return [row.fields[field] ?? ''];
}

/** The value of a record's field as one string: a multilingual one in its first language. */
export function firstValue(row: Row, field: string): string {
  return valuesOf(row, field)[0] ?? '';
}
