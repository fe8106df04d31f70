/**
 * Fault drills' shared kit: child processes that can be killed with SIGKILL (worker, web server),
 * a report that prints what a drill did and counted, and a check that fails the drill on any loss
 * or double count. The drills run against real PostgreSQL and Temporal, never mocks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../scripts/lib/paths';
import { waitForExit } from '../scripts/lib/pidfile';

export type DrillEnv = {
  databaseUrl: string;
  temporalAddress: string;
  /** The workflow bundle (worker/create.ts bundleWorkflows) written to a file, so a worker starts in a second or two. */
  bundlePath: string;
};

/** What a drill did and counted, line by line; `check` fails the drill when a count is not what it must be. */
export class Report {
  readonly lines: string[] = [];
  readonly failures: string[] = [];
  constructor(readonly name: string, private readonly print: (line: string) => void = console.log) {}
  say(line: string): void {
    this.lines.push(line);
    this.print(`  ${line}`);
  }
  check(what: string, actual: number, expected: number): void {
    const ok = actual === expected;
    this.say(`${ok ? '✓' : '✗'} ${what}: ${actual}${ok ? '' : ` (expected ${expected})`}`);
    if (!ok) this.failures.push(`${what}: ${actual}, expected ${expected}`);
  }
  /** Throws when any check failed (the drill then fails as a whole). */
  done(): void {
    if (this.failures.length) throw new Error(`drill "${this.name}" failed: ${this.failures.join('; ')}`);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const since = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

export type Child = { name: string; pid: number; alive: () => boolean; kill9: () => Promise<void>; stop: () => Promise<void>; output: () => string };

/** Starts `node --import tsx <script>` and resolves once it prints `ready` (or `o.ready`); fails if it exits first. */
export async function startChild(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  o: { ready?: RegExp; within?: number; nodeArgs?: string[] } = {},
): Promise<Child> {
  const readyWithin = o.within ?? 90_000;
  const readyLine = o.ready ?? /\bready\b/;
  const child: ChildProcess = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let exited = false;
  child.on('exit', () => (exited = true));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready within ${readyWithin / 1000}s:\n${out.join('').slice(-2000)}`)), readyWithin);
    const seen = (b: Buffer) => {
      out.push(b.toString());
      if (out.length > 200) out.shift();
      if (readyLine.test(b.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (b: Buffer) => out.push(b.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${out.join('').slice(-2000)}`));
    });
  });
  await ready;
  const pid = child.pid!;
  return {
    name,
    pid,
    output: () => out.join(''),
    alive: () => !exited,
    kill9: async () => {
      if (!exited) process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5000);
    },
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(pid, 15_000))) child.kill('SIGKILL');
    },
  };
}

/** A worker process (drills/worker-child.ts) on `taskQueue`. */
export function startWorker(env: DrillEnv, taskQueue: string, name = 'worker'): Promise<Child> {
  return startChild(name, 'drills/worker-child.ts', [], {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    MINYI_TASK_QUEUE: taskQueue,
    MINYI_WORKFLOW_BUNDLE: env.bundlePath,
  });
}

/** Runs `fn` over `items` with `concurrency` at a time; resolves to the results in order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
    }),
  );
  return out;
}
