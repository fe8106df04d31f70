/**
 * The full re-check of a disclosure chain as a workflow on the real Temporal server: started from the
 * public verify page (no account), its result becomes the checkpoint the board starts from; the
 * nightly schedule is created once.
 */
import { randomUUID } from "node:crypto";
import { publishDisclosure } from '../db/disclosures.server';
import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { ensureChainCheckSchedule } from './chain-check.server';
import { closeTemporal, temporal } from './temporal.server';
import * as board from './routes/p.$communityId._index';
import * as verify from './routes/p.$communityId.verify';

const sql = testSql();
let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  worker = await startTestWorker(sql);
  process.env.MINYI_TASK_QUEUE = worker.taskQueue;
});
afterAll(async () => {
  await worker.stop();
  await closeTemporal();
  await sql.end();
});

const args = (slug: string, method = 'GET') => ({
  request: new Request(`http://x/p/${slug}/verify`, { method }),
  params: { communityId: slug },
  context: {},
});

async function communityWithChain(n: number) {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const rows = [];
  for (let i = 1; i <= n; i++) {
    rows.push(
      await publishDisclosure(sql, {
        communityId: c.id,
        kind: 'resolution',
        subjectType: 'motion',
        subjectId: `${c.id}-${i}`,
        title: `第${i}号决议`,
        body: { n: i },
        publishedAt: new Date(`2026-10-0${(i % 9) + 1}T02:00:00Z`),
        idempotencyKey: `${c.id}-${i}`,
      }),
    );
  }
  return { c, rows };
}

async function checkOnDemand(slug: string, communityId: string) {
  const res = (await verify.action(args(slug, 'POST') as never)) as Response;
  expect(res.status).toBe(303);
  // the workflow id is per community: wait for the run the page started
  await (await temporal()).workflow.getHandle(`chain-check-${communityId}`).result();
}

describe('full chain check', () => {
  it('runs from the public verify page, records the result, and the board starts from it', async () => {
    const { c, rows } = await communityWithChain(7);
    expect((await verify.loader(args(c.slug) as never)).last).toBeNull();
    await checkOnDemand(c.slug, c.id);
    const after = await verify.loader(args(c.slug) as never);
    expect(after.running).toBeNull();
    expect(after.last).toMatchObject({ ok: true, length: 7, head: rows[6]!.hash });
    const page = await board.loader({ request: new Request(`http://x/p/${c.slug}`), params: { communityId: c.slug }, context: {} });
    expect(page.chain).toMatchObject({ ok: true, length: 7, pending: false });
    expect(page.chain.checkedAt).toEqual(after.last!.at);
  });

  it('finds an entry changed behind the application’s back; the board then shows the break too', async () => {
    const { c, rows } = await communityWithChain(4);
    await checkOnDemand(c.slug, c.id);
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update disclosures set title = '改过的标题' where id = ${rows[1]!.id}`;
    });
    // the board checks only entries after the checkpoint: it cannot see the old entry's change yet
    const before = await board.loader({ request: new Request(`http://x/p/${c.slug}`), params: { communityId: c.slug }, context: {} });
    expect(before.chain.ok).toBe(true);
    await checkOnDemand(c.slug, c.id); // a second full check: the finished first run does not block it
    const after = await verify.loader(args(c.slug) as never);
    expect(after.last).toMatchObject({ ok: false, brokenSeq: rows[1]!.seq, brokenReason: 'hash' });
    const page = await board.loader({ request: new Request(`http://x/p/${c.slug}`), params: { communityId: c.slug }, context: {} });
    expect(page.chain).toMatchObject({ ok: false, brokenAt: rows[1]!.seq });
  });

  it('creates the nightly schedule once', async () => {
    const id = `chain-check-test-${randomUUID()}`;
    expect(await ensureChainCheckSchedule(worker.taskQueue, id)).toBe('created');
    expect(await ensureChainCheckSchedule(worker.taskQueue, id)).toBe('exists');
    const handle = (await temporal()).schedule.getHandle(id);
    const d = await handle.describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }] });
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'chainCheck' });
    await handle.delete();
  });
});
