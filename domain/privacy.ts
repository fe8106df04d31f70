/** Personal data as DOMAIN.md §7 allows it to be shown. */

/** A mainland phone number without spaces, dashes or the +86/0086 prefix. */
export function normalizePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

/**
 * §7.3: a phone number is shown masked everywhere except its owner's profile — first three and last
 * four digits (`138****1234`); a number too short to keep both is starred entirely.
 */
export function maskPhone(raw: string | null | undefined): string {
  if (!raw) return '';
  const p = normalizePhone(raw);
  if (p.length < 8) return '*'.repeat(p.length);
  return p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4);
}
