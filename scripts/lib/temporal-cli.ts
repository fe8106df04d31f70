/**
 * Finds the Temporal CLI (which contains the dev server), or builds it from its Go module into a
 * cache directory outside the repository, showing progress while it builds.
 *
 * Order: $TEMPORAL_CLI → `temporal` on PATH → cached build → `go install` into the cache.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1'; // newest tag without a `replace` directive
const MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** Packages `go install -v` compiles for this version on a cold build cache (measured). */
const EXPECTED_PACKAGES = 1350;

export function cacheDir(): string {
  const base = process.env.MINYI_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'minyi');
  return base;
}

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

export function findTemporalCli(): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} does not exist`);
    return fromEnv;
  }
  const path = onPath('temporal');
  if (path) return path;
  const cached = join(cacheDir(), 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
  return existsSync(cached) ? cached : undefined;
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Builds the CLI with this machine's Go. Resolves to the binary path. */
export async function buildTemporalCli(log: (line: string) => void = console.log): Promise<string> {
  const go = onPath('go');
  if (!go) {
    throw new Error(
      'Temporal CLI not found and Go is not installed. Install Go (https://go.dev/dl) or set TEMPORAL_CLI / TEMPORAL_ADDRESS.',
    );
  }
  const dir = join(cacheDir(), 'temporal-cli', TEMPORAL_CLI_VERSION);
  // One staging directory per process: two first runs at once (npm test and npm start, or two test
  // commands) each build, and the second rename simply replaces the first's identical binary.
  const staging = join(dir, `staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`› 正在构建 Temporal CLI ${TEMPORAL_CLI_VERSION}（首次约需 5–10 分钟，之后复用缓存）`);
  log(`  building Temporal CLI ${TEMPORAL_CLI_VERSION} from its Go module into ${dir} (first time only)`);

  const started = Date.now();
  let downloaded = 0;
  let compiled = 0;
  const tty = process.stdout.isTTY;
  const status = () => {
    const pct = Math.min(99, Math.round((compiled / EXPECTED_PACKAGES) * 100));
    return compiled === 0
      ? `  下载模块 downloading modules: ${downloaded} … ${formatDuration(Date.now() - started)}`
      : `  编译 compiling: ${compiled}/~${EXPECTED_PACKAGES} packages (${pct}%) … ${formatDuration(Date.now() - started)}`;
  };
  const ticker = setInterval(
    () => (tty ? process.stdout.write(`\r${status()}\x1b[K`) : log(status())),
    tty ? 1000 : 30_000,
  );

  const stderrTail: string[] = [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(go, ['install', '-v', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: staging, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let buf = '';
    child.stderr.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('go: downloading')) downloaded++;
        else if (/^[\w.-]+(\/[\w.@~-]+)*$/.test(line.trim())) compiled++;
        stderrTail.push(line);
        if (stderrTail.length > 30) stderrTail.shift();
      }
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  clearInterval(ticker);
  if (tty) process.stdout.write('\n');
  if (code !== 0) {
    throw new Error(`go install ${MODULE}@${TEMPORAL_CLI_VERSION} failed (exit ${code}):\n${stderrTail.join('\n')}`);
  }
  const bin = join(dir, 'temporal');
  renameSync(join(staging, 'temporal'), bin);
  rmSync(staging, { recursive: true, force: true });
  log(`✓ Temporal CLI 已构建 built in ${formatDuration(Date.now() - started)}: ${bin}`);
  return bin;
}

export async function ensureTemporalCli(log?: (line: string) => void): Promise<string> {
  return findTemporalCli() ?? (await buildTemporalCli(log));
}
