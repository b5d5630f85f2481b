/**
 * Spreadsheet formula injection (CSV injection): a cell whose text starts with = + - @ (or a tab or
 * carriage return, which some spreadsheets skip before evaluating) is run as a formula when staff open
 * an export. Petitions keep the citizen's text unchanged in the database; it is neutralised here,
 * at export time, by prefixing an apostrophe, which spreadsheets show as plain text.
 */

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The text made safe to place in a spreadsheet cell (no quoting; see csvCell for that). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: neutralised, then quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document with CRLF line ends and a UTF-8 BOM so that Excel opens Chinese text correctly. */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
