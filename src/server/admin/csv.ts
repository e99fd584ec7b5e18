import "server-only";
// CSV for the admin export (RFC 4180): fields separated by commas, records by CRLF, quotes inside doubled. Every field
// is quoted: a spreadsheet in a locale whose separator is ";" would otherwise split `Eve;=1+2` into a name and a
// formula. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start, also after leading spaces)
// is prefixed with an apostrophe (OWASP "CSV injection"): names and reasons are typed by users. Numbers stay numbers.

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^\s*[=+\-@\t\r]/;

/** One field, always quoted. Dates are written as ISO 8601 in UTC; null/undefined as an empty field. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '""';
  if (typeof value === "number") return Number.isFinite(value) ? `"${String(value)}"` : '""';
  if (typeof value === "boolean") return value ? '"true"' : '"false"';
  let text = value instanceof Date ? value.toISOString() : value;
  if (!(value instanceof Date) && FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** One record, terminated by CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
