/** Child processes for `npm start` / `npm test`: start, supervise, stop in order. */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { waitForExit, writePidFile } from './pidfile';

export type Service = { name: string; stop: () => Promise<void> };

let shuttingDown = false;
/** Called from the signal handler: supervised children that exit from now on are not restarted. */
export function beginShutdown(): void {
  shuttingDown = true;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(false)));
  });
}

/** Runs a command to completion with inherited output; resolves to its exit code. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

/**
 * Runs a command beside others: its output is printed line by line with `[label]` in front
 * (`prefix`), or all at once when it ends (`buffer`, for short steps whose output should stay together).
 */
export function runLabelled(
  label: string,
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; mode: 'prefix' | 'buffer' },
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const kept: string[] = [];
    let partial = '';
    const take = (b: Buffer) => {
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (opts.mode === 'buffer') kept.push(line);
        else console.log(`[${label}] ${line}`);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('close', (code, signal) => {
      if (partial) take(Buffer.from('\n'));
      if (opts.mode === 'buffer') console.log([`── ${label} ──`, ...kept].join('\n'));
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}

export const nodeBin = (rel: string) => join(repoRoot, 'node_modules', rel);

/**
 * A long-running Node child (worker, web server). If it dies while we are not stopping, it is
 * restarted (at most 5 times a minute), so a crashed worker resumes its workflows by itself.
 */
export function supervise(opts: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  onOutput?: (line: string) => void;
  pidFile?: string; // lets a later start stop this child if we were killed without cleaning up
}): Service {
  let child: ChildProcess | undefined;
  let stopping = false;
  const restarts: number[] = [];
  const startChild = () => {
    // Own process group: a terminal's Ctrl-C reaches only us, and we stop children in order.
    child = spawn(process.execPath, opts.args, {
      cwd: repoRoot,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const relay = (b: Buffer) => {
      for (const line of b.toString().split('\n')) if (line.trim()) (opts.onOutput ?? console.log)(`[${opts.name}] ${line}`);
    };
    if (opts.pidFile && child.pid) writePidFile(opts.pidFile, child.pid);
    child.stdout!.on('data', relay);
    child.stderr!.on('data', relay);
    child.on('exit', (code, signal) => {
      if (stopping || shuttingDown) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > 5) {
        console.error(`✗ ${opts.name} keeps exiting (code ${code ?? signal}); not restarting.`);
        return;
      }
      console.error(`! ${opts.name} exited (code ${code ?? signal}); restarting…`);
      setTimeout(() => stopping || shuttingDown || startChild(), 1000);
    });
  };
  startChild();
  return {
    name: opts.name,
    stop: async () => {
      stopping = true;
      if (child?.pid && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child.pid, 15_000))) child.kill('SIGKILL');
      }
      if (opts.pidFile) rmSync(opts.pidFile, { force: true });
    },
  };
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
