import { safeCell } from '../export/tables';

/**
 * One CSV field, safe against formula injection (OWASP, via `safeCell`: a leading = + - @, tab or CR
 * is neutralized) and quoted per RFC 4180. Numbers stay numbers: a negative amount is not a formula.
 */
export function safeCsvCell(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const s = safeCell(value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)) as string;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(safeCsvCell).join(',')).join('\r\n') + '\r\n';
}
