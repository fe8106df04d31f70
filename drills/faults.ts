/** The faults the drills inject, each printing what it did and how long the system was without it. */
import { randomUUID } from 'node:crypto';
import { Report, since, sleep, startWorker, type Child, type DrillEnv } from './kit';

/** A worker process that a drill can kill with SIGKILL and start again on the same task queue. */
export class KillableWorker {
  private child: Child | undefined;
  constructor(
    private readonly env: DrillEnv,
    readonly taskQueue = `drill-${randomUUID()}`,
  ) {}
  async start(): Promise<void> {
    this.child = await startWorker(this.env, this.taskQueue);
  }
  /** kill -9, a pause with no worker at all, then a new worker process. */
  async killAndRestart(report: Report, downMs = 1500): Promise<void> {
    const t0 = Date.now();
    const pid = this.child!.pid;
    await this.child!.kill9();
    report.say(`kill -9 worker (pid ${pid})`);
    await sleep(downMs);
    await this.start();
    report.say(`worker restarted (pid ${this.child!.pid}) ${since(t0)} after the kill`);
  }
  alive(): boolean {
    return this.child?.alive() ?? false;
  }
  async stop(): Promise<void> {
    await this.child?.stop();
  }
}
