/**
 * The supervision committee's review before publication (DOMAIN.md §3.7.3, decision 074) without
 * JavaScript at phone width: a resolution waits for review; the supervisor asks for a correction (a
 * reason of spaces is refused, nothing changes); the director resubmits with a note; the supervisor
 * approves with a remark; the public board shows it reviewed. The motion is brought to 决议 by the
 * integration tests' drivers (快测 community, 3-second days).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { connect } from '../db/client.server';
import { E2E_DAY_MS } from '../db/seed-e2e.server';
import { MotionDriver, expectOk, fastSettings, waitFor, waitForState } from '../workflows/motion.testkit';
import { signInAs } from './helpers';
import { KUAICE, kuaicePeople } from './kuaice-people';

test.describe.configure({ timeout: 4 * 60_000 });

const TITLE = `小区路灯更换 ${Date.now() % 100000}`;

async function as(browser: Browser, username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signInAs(page, username);
  return page;
}

/** One motion of 快测 voted on online by everyone, so it enters 决议公开 and waits for review. */
async function resolvedMotion(): Promise<string> {
  const sql = connect(process.env.DATABASE_URL!, 2);
  try {
    const c = await kuaicePeople(sql);
    const d = new MotionDriver(sql, c, process.env.MINYI_TASK_QUEUE ?? 'minyi-e2e', fastSettings(E2E_DAY_MS, { votingWindowDays: 7 }));
    d.quickNotices = true;
    await d.create({ title: TITLE });
    await d.toResolving();
    const vote = await d.scheduleVote();
    await d.untilOpen(vote.opensAt);
    for (const p of c.voters) expectOk(await d.vote(p, vote.questionId));
    await waitForState(sql, d.motionId, 'resolution_disclosed', 60_000);
    await waitFor(async () => (await d.reviewStatus()) === 'pending', 30_000, 'awaiting review');
    return d.motionId;
  } finally {
    await sql.end();
  }
}

test('a supervisor asks for a correction, the director resubmits, the supervisor approves — without JavaScript', async ({ browser }) => {
  const motionUrl = `/c/${KUAICE}/motions/${await resolvedMotion()}`;
  const supervisor = await as(browser, 'e2e-supervisor');
  await supervisor.goto(motionUrl);
  await expect(supervisor.getByRole('heading', { name: '待审核的公开' })).toBeVisible();

  // A reason of spaces passes the browser's `required` but not the schema: refused, nothing changes.
  await supervisor.getByLabel('要求修改的内容和理由').fill('   ');
  await supervisor.getByRole('button', { name: '要求修改' }).click();
  await expect(supervisor.getByRole('alert')).toBeVisible();
  await supervisor.goto(motionUrl);
  await expect(supervisor.getByRole('button', { name: '审核通过，公开' })).toBeVisible();
  await supervisor.getByLabel('要求修改的内容和理由').fill('请写明弃权的人数。');
  await supervisor.getByRole('button', { name: '要求修改' }).click();
  await expect(supervisor.getByText('监督委员会要求修改：请写明弃权的人数。')).toBeVisible();
  await expect(supervisor.getByRole('button', { name: '审核通过，公开' })).toHaveCount(0);

  const director = await as(browser, 'e2e-director');
  await director.goto(motionUrl);
  await expect(director.getByText('监督委员会要求修改：请写明弃权的人数。')).toBeVisible();
  await director.getByLabel('修改说明').fill('已在会议记录中补写弃权人数。');
  await director.getByRole('button', { name: '重新提交审核' }).click();
  await expect(director.getByText('居委会的修改说明：已在会议记录中补写弃权人数。')).toBeVisible();
  await expect(director.getByRole('button', { name: '未经审核公开' })).toHaveCount(0);

  await supervisor.goto(motionUrl);
  await supervisor.getByLabel('审核意见（可不填）').fill('已核对。');
  await supervisor.getByRole('button', { name: '审核通过，公开' }).click();
  await expect(supervisor.getByRole('heading', { name: '待审核的公开' })).toHaveCount(0);

  const visitor = await (await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', javaScriptEnabled: false })).newPage();
  await expect(async () => {
    await visitor.goto(`/p/${KUAICE}`);
    await visitor.getByRole('link', { name: new RegExp(TITLE) }).first().click({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(visitor.getByText(/已经居务监督委员会审核/)).toBeVisible();
  await expect(visitor.getByText('监督委员会意见：已核对。')).toBeVisible();
});
