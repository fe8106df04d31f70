/**
 * Where to send someone after signing in or switching language: only a path on this site. The
 * target is resolved against a placeholder origin the way a browser resolves a Location header
 * (so `/\evil.example`, `/%09/evil.example` and `/.//evil.example` are caught), and what comes
 * back is a path that cannot itself be read as another host.
 */
const PLACEHOLDER = 'http://minyi.invalid';
const MAX_LENGTH = 2048;

export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > MAX_LENGTH || !to.startsWith('/')) return fallback;
  // Browsers drop tabs and newlines inside URLs and read `\` as `/`: refuse them outright.
  if ([...to].some((ch) => ch <= '\u001f' || ch === '\u007f' || ch === '\\')) return fallback;
  let url: URL;
  try {
    url = new URL(to, PLACEHOLDER);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? fallback : path;
}
