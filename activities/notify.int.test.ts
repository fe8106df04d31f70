/**
 * Notifications on the real Temporal server and PostgreSQL, to real protocol servers: a local
 * Aliyun SMS API that checks every signature, and an SMTP server (decision 040).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { insertNotices, setPersonContacts } from '../db/notify.server';
import { NAMESPACE } from '../workflows/config';
import { notifyWake, notifyWorkflowId } from '../workflows/notify-api';
import { expectOk, fastSettings, MotionDriver, setupCommunity, sleep, waitFor, type TestCommunity } from '../workflows/motion.testkit';
import { startNotifyServers, TEMPLATES } from '../scripts/test-setup/notify-servers';
import { startTestWorker, temporalAddress, testSql, withWorker } from '../scripts/test-setup/services';

const sql = testSql();
let servers: Awaited<ReturnType<typeof startNotifyServers>>;
let sms: typeof servers.sms;
let smtp: typeof servers.smtp;
let client: Client;

beforeAll(async () => {
  servers = await startNotifyServers();
  ({ sms, smtp } = servers);
  client = new Client({ connection: await Connection.connect({ address: temporalAddress() }), namespace: NAMESPACE });
});
afterAll(async () => {
  await servers.close();
  await client.connection.close();
  await sql.end();
});

/** Mobile numbers for everyone on the representatives' roster; an email for the first two only; none for the last. */
async function giveContacts(c: TestCommunity) {
  const phones = new Map<string, string>();
  for (const [i, p] of c.voters.entries()) {
    if (i === c.voters.length - 1) continue; // reachable by phone call only: on the call list
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    phones.set(p.id, phone);
    await setPersonContacts(sql, { communityId: c.id, userId: p.id, name: p.caller.displayName, phone, ...(i < 2 ? { email: `rep${i}-${c.id.slice(0, 8)}@example.org` } : {}) });
  }
  return phones;
}

const rowsOf = (motionId: string) =>
  sql<{ kind: string; channel: string; userId: string; status: string; cancelReason: string | null; attempts: number }[]>`
    select kind, channel, user_id as "userId", status, cancel_reason as "cancelReason", attempts
    from notify_outbox where subject_id = ${motionId} order by kind, channel, user_id`;

describe('notifications driven by the motion process', () => {
  it('opening a representatives’ vote sends one SMS per representative and one email where there is an address; no reminder to those who voted', () =>
    withWorker(sql, async (worker) => {
      const c = await setupCommunity(sql);
      const phones = await giveContacts(c);
      // 2-s days: the 6-s window's reminder is due 3 s after it opens.
      const d = new MotionDriver(sql, c, worker.taskQueue, fastSettings(2_000));
      d.quickNotices = true;
      await d.create();
      await d.toResolving();
      const before = sms.received.length;
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      const [voted1, voted2] = c.voters;
      expectOk(await d.vote(voted1!, vote.questionId));
      expectOk(await d.vote(voted2!, vote.questionId));

      const opened = await waitFor(async () => {
        const got = sms.received.slice(before).filter((m) => m.templateCode === TEMPLATES.voteOpened);
        return got.length >= phones.size ? got : undefined;
      }, 20_000, 'vote SMS');
      expect(opened.map((m) => m.phone).sort()).toEqual([...phones.values()].sort());
      expect(opened[0]!.signName).toBe('民议社区');
      expect(opened[0]!.params).toMatchObject({ title: '3号楼加装电梯' });
      // No name, no choice, no other person's number in what was sent.
      for (const m of opened) expect(JSON.stringify(m.params)).not.toMatch(/代表|主任|委员|139\d{8}|agree/);
      const mails = await waitFor(async () => {
        const got = smtp.received.filter((m) => m.to.some((t) => t.endsWith(`${c.id.slice(0, 8)}@example.org`)) && m.subject.includes('投票通知'));
        return got.length >= 2 ? got : undefined;
      }, 20_000, 'vote emails');
      expect(mails).toHaveLength(2);
      expect(mails[0]!.text).toMatch(/居民代表会议[\s\S]*representatives/); // English follows the Chinese text

      await sleep(Math.max(0, vote.closesAt - Date.now()) + 500); // the window closed (inquorate: 2 of 6 voted)
      await waitFor(async () => (await rowsOf(d.motionId)).filter((r) => r.kind === 'voteReminder').every((r) => r.status === 'sent' || r.status === 'cancelled'), 20_000, 'reminders settled');
      const reminders = (await rowsOf(d.motionId)).filter((r) => r.kind === 'voteReminder');
      const voters = new Set([voted1!.id, voted2!.id]);
      for (const r of reminders) {
        if (voters.has(r.userId)) expect(r).toMatchObject({ status: 'cancelled', cancelReason: 'acted', attempts: 0 });
        else expect(r.status).toBe('sent');
      }
      const reminded = sms.received.filter((m) => m.templateCode === TEMPLATES.voteReminder && [...phones.values()].includes(m.phone)).map((m) => m.phone);
      expect(reminded).not.toContain(phones.get(voted1!.id));
      expect(reminded).not.toContain(phones.get(voted2!.id));
      expect(reminded).toHaveLength(phones.size - 2);
      // Exactly one per person per step: the provider saw no second vote notice.
      const perPhone = new Map<string, number>();
      for (const m of sms.received.filter((x) => x.templateCode === TEMPLATES.voteOpened)) perPhone.set(m.phone, (perPhone.get(m.phone) ?? 0) + 1);
      for (const p of phones.values()) expect(perPhone.get(p)).toBe(1);
      expect(sms.refusals).not.toContain('SignatureDoesNotMatch');
    }));

  it('a worker killed mid-send sends no duplicate: the lost attempt is found at the provider by its OutId', async () => {
    const queue = `test-kill-${Date.now()}`;
    const child = await spawnWorker(queue);
    let worker: Awaited<ReturnType<typeof startTestWorker>> | undefined;
    try {
      const c = await setupCommunity(sql);
      const phones = await giveContacts(c);
      const d = new MotionDriver(sql, c, queue, fastSettings(60_000));
      d.quickNotices = true;
      await d.create();
      await d.toResolving();
      const held = sms.holdNext();
      await d.scheduleVote();
      await held; // the provider accepted one SMS; its answer never comes
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      worker = await startTestWorker(sql, queue);
      const rows = await waitFor(async () => {
        const r = (await rowsOf(d.motionId)).filter((x) => x.kind === 'voteOpened' && x.channel === 'sms');
        return r.length === phones.size && r.every((x) => x.status === 'sent') ? r : undefined;
      }, 60_000, 'all vote SMS sent after the restart');
      expect(rows).toHaveLength(phones.size);
      for (const p of phones.values()) {
        expect(sms.received.filter((m) => m.phone === p && m.templateCode === TEMPLATES.voteOpened)).toHaveLength(1);
      }
      const [found] = await sql`select count(*)::int as n from notify_attempts a join notify_outbox o on o.id = a.outbox_id
                                where o.subject_id = ${d.motionId} and a.outcome = 'found'`;
      expect(found!.n).toBe(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await worker?.stop();
    }
  });
});

describe('delivery failures', () => {
  async function outboxFor(c: TestCommunity, stepKey: string) {
    await insertNotices(sql, { communityId: c.id, subjectType: 'test', subjectId: stepKey }, [
      { stepKey, kind: 'meetingNotice', channel: 'sms', to: { userId: c.voters[0]!.id }, notBefore: Date.now(), params: { title: '测试', body: 'joint_meeting' } },
    ]);
    await client.workflow.signalWithStart('notifyDelivery', {
      workflowId: notifyWorkflowId(c.id),
      taskQueue: currentQueue,
      args: [{ communityId: c.id }],
      signal: notifyWake,
      signalArgs: [],
    });
  }
  let currentQueue = '';
  const status = (stepKey: string) =>
    sql<{ status: string; attempts: number; lastError: string | null }[]>`
      select status, attempts, last_error as "lastError" from notify_outbox where step_key = ${stepKey}`.then((r) => r[0]);

  it('a provider error is retried with backoff and then sent; persistent errors end failed, with every attempt kept', () =>
    withWorker(sql, async (worker) => {
      currentQueue = worker.taskQueue;
      const c = await setupCommunity(sql);
      await giveContacts(c);
      sms.failWith('isp.SYSTEM_ERROR', 2);
      await outboxFor(c, `retry-${c.id}`);
      const ok = await waitFor(async () => ((await status(`retry-${c.id}`))?.status === 'sent' ? status(`retry-${c.id}`) : undefined), 20_000, 'sent after retries');
      expect(ok).toMatchObject({ status: 'sent', attempts: 3 });

      sms.failWith('isp.SYSTEM_ERROR', 5);
      await outboxFor(c, `fail-${c.id}`);
      const failed = await waitFor(async () => ((await status(`fail-${c.id}`))?.status === 'failed' ? status(`fail-${c.id}`) : undefined), 30_000, 'failed');
      expect(failed).toMatchObject({ status: 'failed', attempts: 5 });
      expect(failed!.lastError).toContain('isp.SYSTEM_ERROR');
      // The row's status and its last attempt's outcome are two writes (db/notify-delivery.server.ts):
      // a CI run read between them once, so the outcomes are awaited, not read once.
      const outcomes = () =>
        sql`select outcome from notify_attempts a join notify_outbox o on o.id = a.outbox_id where o.step_key = ${`fail-${c.id}`}`.then((r) => r.map((a) => a.outcome));
      await waitFor(async () => (await outcomes()).every((o) => o !== null), 5_000, 'every attempt’s outcome');
      expect(await outcomes()).toEqual(['error', 'error', 'error', 'error', 'error']);
    }));

  it('with no SMS provider configured, SMS notices are cancelled as "channel off", not lost', () =>
    withWorker(sql, async (worker) => {
      currentQueue = worker.taskQueue;
      const c = await setupCommunity(sql);
      await giveContacts(c);
      const saved = process.env.MINYI_ALIYUN_ACCESS_KEY_ID;
      delete process.env.MINYI_ALIYUN_ACCESS_KEY_ID;
      try {
        const before = sms.received.length;
        await outboxFor(c, `off-${c.id}`);
        await waitFor(async () => (await status(`off-${c.id}`))?.status === 'cancelled', 20_000, 'cancelled');
        const [r] = await sql`select cancel_reason from notify_outbox where step_key = ${`off-${c.id}`}`;
        expect(r!.cancel_reason).toBe('channelOff');
        expect(sms.received.length).toBe(before);
      } finally {
        process.env.MINYI_ALIYUN_ACCESS_KEY_ID = saved;
      }
    }));
});

async function spawnWorker(taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-setup/notify-worker.ts'], {
    env: { ...process.env, MINYI_TEST_TASK_QUEUE: taskQueue, MINYI_TEST_BUNDLE: inject('workflowBundlePath') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
  await sleep(200);
  return child;
}
