import "server-only";
// CSV for the admin export (RFC 4180): fields separated by commas, records by CRLF; a
// field is quoted when it holds a comma, a quote, a line break or surrounding spaces,
// and quotes inside are doubled. Text that a spreadsheet would run as a formula
// (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe (OWASP "CSV
// injection"): names and reasons are typed by users. Numbers are written as they are.

export type CsvValue = string | number | boolean | Date | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted only when needed. Dates are written as ISO 8601 in UTC; null/undefined as an empty field. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = value instanceof Date ? value.toISOString() : value;
  if (!(value instanceof Date) && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, terminated by CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
