/**
 * The patterns the privacy journey searches public text for (DOMAIN.md §6 "never public"). Each is
 * bounded by anything that could continue a token, so a run of digits inside a hex hash of the chain
 * download (`…ab17361096184cd…`) is not taken for a phone number; a real record's value is caught
 * by the values check in e2e/privacy.spec.ts whatever surrounds it.
 */
export const LEAK_PATTERNS: [string, RegExp][] = [
  ['mobile number', /(?<![\dA-Za-z*])1[3-9]\d{9}(?![\dA-Za-z*])/],
  ['ID number', /(?<![\dA-Za-z*])\d{17}[\dXx](?![\dA-Za-z*])/],
  ['room number', /\d+\s*(?:号楼|栋|幢)\s*\d+\s*单元\s*\d+\s*(?:室|号)|\d+\s*室/],
];

/** What each pattern finds in `text`, as "what "match"". */
export function patternLeaks(text: string): string[] {
  const found: string[] = [];
  for (const [what, re] of LEAK_PATTERNS) {
    const m = text.match(re);
    if (m) found.push(`${what} "${m[0]}"`);
  }
  return found;
}
