/**
 * Playwright drives Debian's Chromium (Playwright's own browser download is not reachable here),
 * with Debian's Noto CJK fonts so Chinese pages render (and screenshots can be read).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function hasCjkFont(): boolean {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

export async function ensureChromium(log: (l: string) => void): Promise<void> {
  const missing = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(hasCjkFont() ? [] : ['fonts-noto-cjk'])];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing for the browser tests: ${missing.join(', ')}. Install with: sudo apt-get install -y ${missing.join(' ')} (or set CHROMIUM_PATH), then run npm test again.`,
    );
  }
  log(`› 安装 installing ${missing.join(', ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    r = install();
  }
  if (r.status !== 0 || !existsSync(CHROMIUM)) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}
