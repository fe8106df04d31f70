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
  // Own process group, so a terminal's Ctrl-C does not stop the server before the worker.
  const child = spawn(opts.cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: string[] = [];
  const keep = (b: Buffer) => {
    out.push(b.toString());
    if (out.length > 40) out.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (opts.pidFile && child.pid) writePidFile(opts.pidFile, child.pid);
  let exited = false;
  child.on('exit', () => (exited = true));

  const address = `127.0.0.1:${opts.port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`Temporal dev server exited during start:\n${out.join('').slice(-2000)}`);
    try {
      await checkTemporalAddress(address, 1000);
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
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    stop: async () => {
      if (!exited && child.pid) {
        child.kill('SIGINT');
        if (!(await waitForExit(child.pid, 10_000))) child.kill('SIGKILL');
      }
      if (opts.pidFile) rmSync(opts.pidFile, { force: true });
    },
  };
}
