import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...; comm may contain spaces, so split after the last ')'
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

/**
 * A process left behind by a start that was SIGKILLed is re-parented to init (or a subreaper).
 * If the PID file names a live process whose command matches and whose parent is gone, stop it.
 * If its parent is alive, another Minyi is using this data directory: refuse.
 */
export async function reapOrphan(pidFile: string, match: string, label: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !cmdline(pid).includes(match)) {
    rmSync(pidFile, { force: true });
    return;
  }
  const ppid = parentOf(pid);
  const parentCmd = ppid ? cmdline(ppid) : '';
  if (ppid && ppid !== 1 && parentCmd.includes('scripts/run.ts')) {
    throw new Error(`${label} (pid ${pid}) is already running for this data directory: another \`npm start\`?`);
  }
  console.log(`› 清理上次遗留的 ${label} 进程 / stopping ${label} left over from an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15_000))) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
  rmSync(pidFile, { force: true });
}

export function writePidFile(pidFile: string, pid: number): void {
  writeFileSync(pidFile, `${pid}\n`);
}
