/**
 * Temporal outages as the web process meets them (issue 9, item 3), on a Temporal dev server of
 * this file's own (started here, paused with SIGSTOP, never mocked): a failed connection is not
 * kept, a command sent while Temporal is paused answers within 5 s with a 503 "try again", and the
 * same command (same idempotency key) succeeds once Temporal is back.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { freePort } from '../scripts/lib/procs';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { startTemporalDevServer, type RunningTemporal } from '../scripts/lib/temporal-server';
import { closeTemporal, temporal, TemporalUnavailable } from './temporal.server';
import { createMotion, editDraft, type Caller } from './motions.server';

process.env.MINYI_COMMAND_DEADLINE_MS = '4500'; // as server.ts sets it for the web process

const sql = testSql();
const dir = mkdtempSync(join(tmpdir(), 'minyi-outage-'));
let server: RunningTemporal | undefined;
let pid = 0;
let worker: Awaited<ReturnType<typeof startTestWorker>> | undefined;

async function startServer(port: number) {
  server = await startTemporalDevServer({ cli: await ensureTemporalCli(), port, pidFile: join(dir, 'temporal.pid') });
  pid = Number(readFileSync(join(dir, 'temporal.pid'), 'utf8').split('\n')[0]);
}

afterAll(async () => {
  if (pid) process.kill(pid, 'SIGCONT');
  await worker?.stop();
  await closeTemporal();
  await server?.stop();
  await sql.end();
  rmSync(dir, { recursive: true, force: true });
});

async function timed<T>(p: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const t0 = Date.now();
  try {
    return { ms: Date.now() - t0, value: await p };
  } catch (error) {
    return { ms: Date.now() - t0, error };
  }
}

const draft = (idempotencyKey: string, title: string) => ({
  idempotencyKey,
  title,
  category: 'facilities',
  majorReasons: ['public_project'],
  background: '路灯老化。',
  proposalText: '更换 40 盏路灯。',
  estimatedCostYuan: 0,
  scope: 'community',
  consultOptIn: false,
  resolutionBody: 'representatives_meeting',
}) as Parameters<typeof createMotion>[1];

describe('Temporal down or paused', () => {
  it('does not keep a failed connection: the next command connects once Temporal is up', async () => {
    const port = await freePort();
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
    const down = await timed(temporal());
    expect(down.error).toBeInstanceOf(TemporalUnavailable);
    expect((down.error as Response).status).toBe(503);
    expect(down.ms).toBeLessThan(5_000);
    await startServer(port);
    const client = await temporal();
    expect((await client.connection.workflowService.getSystemInfo({})).capabilities).toBeTruthy();
  });

  it('answers a command within 5 s with a 503 while Temporal is paused, and takes the same command once it is back', async () => {
    worker = await startTestWorker(sql);
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const secretary = await createUser(sql, [{ role: 'party_secretary', communityId: c.id }]);
    const caller: Caller = { userId: secretary.id, displayName: '书记', roles: ['party_secretary'], communityId: c.id };
    const created = await createMotion(caller, draft(randomUUID(), '路灯更换'), { taskQueue: worker.taskQueue });
    if (!created.ok) throw new Error(created.key);

    const key = randomUUID();
    process.kill(pid, 'SIGSTOP');
    let paused;
    try {
      paused = await timed(editDraft(caller, created.motionId, draft(key, '路灯更换（修改）')));
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(paused.error).toBeInstanceOf(TemporalUnavailable);
    expect((paused.error as Response).status).toBe(503);
    expect(paused.ms).toBeLessThan(5_000);

    // Back: the same form (same key) goes through, once.
    let again = await editDraft(caller, created.motionId, draft(key, '路灯更换（修改）')).catch((e: unknown) => e);
    for (let i = 0; again instanceof TemporalUnavailable && i < 10; i++) {
      await new Promise((r) => setTimeout(r, 1000)); // the dev server needs a moment after SIGCONT
      again = await editDraft(caller, created.motionId, draft(key, '路灯更换（修改）')).catch((e: unknown) => e);
    }
    expect(again).toMatchObject({ ok: true });
    const [row] = await sql<{ title: string }[]>`select title from motions where id = ${created.motionId}`;
    expect(row!.title).toBe('路灯更换（修改）');
  });
});
