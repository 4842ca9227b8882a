import { describe, expect, it } from 'vitest';
import { CsvError, csvRecords, parseCsv, toCsv } from './csv.js';
import { formatMajorUnits, parseMajorUnits } from './money.js';

describe('CSV', () => {
  it('reads quoted fields, doubled quotes, new lines inside quotes, CRLF and a BOM', () => {
    const rows = parseCsv('\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n');
    expect(rows).toEqual([
      { line: 1, values: ['a', 'b', 'c'] },
      { line: 2, values: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, values: ['last', '', ''] },
    ]);
  });

  it('refuses what is not CSV', () => {
    expect(() => parseCsv('PK\u0003\u0004\u0000\u0000binary')).toThrow(CsvError);
    expect(() => parseCsv('a,"never closed\n')).toThrow(/never closed/);
    expect(() => csvRecords('{"json": true}', ['sku', 'name'], ['sku', 'name', 'price'])).toThrow(
      /columns sku, name are missing/,
    );
  });

  it('writes what it reads, and defuses spreadsheet formulas', () => {
    const csv = toCsv(
      ['name', 'note'],
      [
        ['Ada, Countess', 'said "hi"'],
        ['=HYPERLINK("x")', '-12.5'],
        ['+1 (555) 010-0042', '-1+cmd|calc'],
        ['@SUM(A1)', '+'],
      ],
    );
    expect(parseCsv(csv).map((r) => r.values)).toEqual([
      ['name', 'note'],
      ['Ada, Countess', 'said "hi"'],
      ['\'=HYPERLINK("x")', '-12.5'],
      ["'+1 (555) 010-0042", "'-1+cmd|calc"],
      ["'@SUM(A1)", "'+"],
    ]);
  });
});

describe('money in major units', () => {
  it('parses and formats exactly, by the currency’s digits', () => {
    expect(parseMajorUnits('18.50', 'USD')).toBe(1850);
    expect(parseMajorUnits('0.1', 'USD')).toBe(10);
    expect(parseMajorUnits('1,234.56', 'USD')).toBe(123456);
    expect(parseMajorUnits('1.005', 'USD')).toBeNull();
    expect(parseMajorUnits('-1', 'USD')).toBeNull();
    expect(parseMajorUnits('abc', 'USD')).toBeNull();
    expect(parseMajorUnits('500', 'JPY')).toBe(500);
    expect(formatMajorUnits(1850, 'USD')).toBe('18.50');
    expect(formatMajorUnits(5, 'USD')).toBe('0.05');
    expect(formatMajorUnits(500, 'JPY')).toBe('500');
  });
});
