// Node built-ins only: this runs on a fresh clone, before `npm ci` has installed anything.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stamp = join(root, 'node_modules', '.minyi-install-stamp');

function lockHash() {
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) {
    const p = join(root, f);
    if (existsSync(p)) h.update(readFileSync(p));
  }
  return h.digest('hex');
}

/** Runs `npm ci` when node_modules is missing or older than package.json / package-lock.json. */
export function ensureDependencies() {
  const want = lockHash();
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (have === want && existsSync(join(root, 'node_modules', 'tsx'))) return;
  console.log(
    existsSync(join(root, 'node_modules'))
      ? '› 依赖已变更，正在重新安装… / dependencies changed, reinstalling (npm ci)…'
      : '› 首次运行，正在安装依赖… / first run, installing dependencies (npm ci)…',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('✗ npm ci 失败 / npm ci failed (exit ' + r.status + ')');
    process.exit(r.status ?? 1);
  }
  writeFileSync(stamp, want + '\n');
}

/**
 * Runs a TypeScript entry point with tsx in a child Node process. Ctrl-C reaches the whole
 * foreground process group anyway; we forward SIGTERM too and exit with the child's code.
 */
export function runTs(entry, args = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  const forward = (sig) => () => child.kill(sig);
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGINT', () => {}); // the child receives the terminal's SIGINT itself and shuts down
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
