/** RFC 4180 CSV: fields may be quoted, quotes doubled inside; lines end with CRLF or LF. */

export interface CsvRow {
  /** The line of the file the row starts on (1 is the header). */
  line: number;
  values: string[];
}

export class CsvError extends Error {}

export function parseCsv(text: string): CsvRow[] {
  if (text.includes('\u0000')) throw new CsvError('This is not a text file.');
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let values: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      values.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      values.push(field);
      if (values.length > 1 || values[0] !== '') rows.push({ line: rowLine, values });
      values = [];
      field = '';
      fieldStarted = false;
      line++;
      rowLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError(`A quoted field that starts on line ${rowLine} is never closed.`);
  values.push(field);
  if (values.length > 1 || values[0] !== '') rows.push({ line: rowLine, values });
  return rows;
}

function escapeField(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `${[header, ...rows].map((r) => r.map(escapeField).join(',')).join('\r\n')}\r\n`;
}

/** Takes back the apostrophe `toCsv` puts before a value a spreadsheet would run as a formula. */
const undefuse = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

/** Rows as objects keyed by the (lower-cased, trimmed) header; checks the required columns exist. */
export function csvRecords(
  text: string,
  required: readonly string[],
  known: readonly string[],
): { records: { line: number; record: Record<string, string> }[] } {
  const rows = parseCsv(text);
  const [header, ...body] = rows;
  if (!header) throw new CsvError('The file is empty.');
  const names = header.values.map((h) => h.trim().toLowerCase());
  const missing = required.filter((r) => !names.includes(r.toLowerCase()));
  if (missing.length > 0) {
    throw new CsvError(
      `This is not a CSV file with the expected header row: the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. Expected columns: ${known.join(', ')}.`,
    );
  }
  return {
    records: body.map((row) => ({
      line: row.line,
      record: Object.fromEntries(names.map((n, i) => [n, undefuse((row.values[i] ?? '').trim())])),
    })),
  };
}
