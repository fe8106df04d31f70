/** CSV export cells safe against formula injection (OWASP): a leading = + - @ (or tab/CR) is neutralized. */
export function safeCsvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(safeCsvCell).join(',')).join('\r\n') + '\r\n';
}
