/** The Temporal dev server (`temporal server start-dev`), or the cluster named by TEMPORAL_ADDRESS. */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { waitForExit, writePidFile } from './pidfile';

export type RunningTemporal = { address: string; uiUrl?: string; stop: () => Promise<void> };

export async function checkTemporalAddress(address: string, timeoutMs = 5000, label = 'TEMPORAL_ADDRESS'): Promise<void> {
  let conn: Connection | undefined;
  try {
    conn = await Connection.connect({ address, connectTimeout: timeoutMs });
    await conn.workflowService.getSystemInfo({});
  } catch (e) {
    throw new Error(`无法连接 Temporal cannot reach ${label} (${address}): ${(e as Error).message.split('\n')[0]}`);
  } finally {
    await conn?.close().catch(() => {});
  }
}

export async function startTemporalDevServer(opts: {
  cli: string;
  port: number;
  uiPort?: number; // omitted: headless
  dbFile?: string; // omitted: in memory
  pidFile?: string;
}): Promise<RunningTemporal> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'error'];
  args.push('--http-port', '0', '--metrics-port', '0');
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  const server = await launchTemporal({
    cmd: opts.cli,
    args,
    port: opts.port,
    pidFile: opts.pidFile,
    label: 'Temporal dev server',
    timeoutMs: 60_000,
    stopSignal: 'SIGINT',
    stopWaitMs: 10_000,
  });
  return { ...server, uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined };
}

/**
 * Starts a Temporal server process (the dev server, or the production server on PostgreSQL) in its
 * own process group — a terminal's Ctrl-C does not stop it before the worker — and waits until it
 * answers (and `ready`, if given, passes). Its last output is shown if it exits during start.
 */
export async function launchTemporal(o: {
  cmd: string;
  args: string[];
  port: number;
  pidFile?: string;
  label: string;
  timeoutMs: number;
  stopSignal: NodeJS.Signals;
  stopWaitMs: number;
  ready?: (address: string) => Promise<void>;
}): Promise<RunningTemporal & { pid: number }> {
  const child = spawn(o.cmd, o.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: string[] = [];
  const keep = (b: Buffer) => {
    out.push(b.toString());
    if (out.length > 40) out.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (o.pidFile && child.pid) writePidFile(o.pidFile, child.pid);
  let exited = false;
  child.on('exit', () => (exited = true));

  const address = `127.0.0.1:${o.port}`;
  const until = Date.now() + o.timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${o.label} exited during start:\n${out.join('').slice(-2000)}`);
    try {
      await checkTemporalAddress(address, 1000, o.label);
      await o.ready?.(address);
      break;
    } catch (e) {
      if (Date.now() > until) {
        child.kill('SIGKILL');
        throw e;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    pid: child.pid!,
    stop: async () => {
      if (!exited && child.pid) {
        child.kill(o.stopSignal);
        if (!(await waitForExit(child.pid, o.stopWaitMs))) child.kill('SIGKILL');
      }
      if (o.pidFile) rmSync(o.pidFile, { force: true });
    },
  };
}
