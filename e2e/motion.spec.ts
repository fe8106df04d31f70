/**
 * 四议两公开 from proposal to disclosed results, in a real browser, as the people who do each step.
 * Runs in the 快测 community, whose "day" lasts 3 seconds (db/seed-e2e.server.ts), so notice periods,
 * the voting window and the 7-day disclosure windows pass within the test.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_DAY_MS } from '../db/seed-e2e.server';
import { shot, signInAs } from './helpers';

const C = '/c/kuaice';
const TITLE = `为3号楼加装电梯 ${Date.now() % 100000}`;
// A 1×1 PNG, as a "photo" attachment.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082',
  'hex',
);

test.describe.configure({ timeout: 6 * 60_000 });

/** `YYYY-MM-DDTHH:mm:ss` in Asia/Shanghai, `ms` from now. */
function shanghaiLocal(ms: number): string {
  return new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 19);
}

async function as(browser: Browser, username: string, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', ...opts });
  const page = await ctx.newPage();
  await signInAs(page, username);
  return page;
}

async function fillDateTime(page: Page, label: string, value: string) {
  const input = page.getByLabel(label);
  await input.evaluate((el) => ((el as HTMLInputElement).step = '1')); // the form asks for minutes; the test needs seconds
  await input.fill(value);
}

async function openAction(page: Page, motionUrl: string, action: string) {
  await page.goto(motionUrl);
  await page.getByRole('link', { name: action }).click();
}

/** Submits an action form and checks it was accepted (back on the motion page, no refusal). */
async function submit(page: Page, motionUrl: string) {
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('alert').or(page.locator('.stage-badge'))).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(new URL(page.url()).pathname).toBe(motionUrl);
}

async function expectState(page: Page, motionUrl: string, state: string, timeout = 30_000) {
  await expect(async () => {
    await page.goto(motionUrl);
    await expect(page.locator('.stage-badge')).toHaveText(state, { timeout: 1000 });
  }).toPass({ timeout });
}

test('a motion runs from proposal to disclosed results', async ({ browser }) => {
  const secretary = await as(browser, 'e2e-secretary');

  // 1. 提议 — the party secretary drafts the motion, with a photo.
  await secretary.goto(`${C}/motions`);
  await secretary.getByRole('link', { name: '提出新议题' }).click();
  await secretary.getByLabel('议题名称').fill(TITLE);
  await secretary.getByLabel('类别').selectOption({ label: '公共设施与亮化绿化' });
  await secretary.getByLabel('公益建设或服务项目及承包').check();
  await secretary.getByLabel('花费超过规定限额').check();
  await secretary.getByLabel('背景和调查论证').fill('3号楼住户多为老人，入户调查 42 户中 38 户同意加装。');
  await secretary.getByLabel('具体方案').fill('在3号楼北侧加装电梯一部，费用按楼层分摊，维修资金补贴三成。');
  await secretary.getByLabel('预计花费（元）').fill('480000');
  await secretary.getByLabel('资金来源').fill('业主分摊与专项维修资金');
  await secretary.getByLabel(/附件/).setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  await shot(secretary, 'motion-new-360');
  await secretary.getByRole('button', { name: '提交' }).click();
  await expect(secretary.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(secretary.locator('.stage-badge')).toHaveText('酝酿中');
  await expect(secretary.getByRole('link', { name: '现场.png' })).toBeVisible();
  const motionUrl = new URL(secretary.url()).pathname;

  // The party committee adopts it.
  await secretary.getByRole('link', { name: '记录党组织会议决定' }).click();
  await secretary.getByLabel('开会日期').fill(shanghaiLocal(0).slice(0, 10));
  for (const name of ['测试书记', '党委一']) {
    await secretary.getByRole('group', { name }).getByLabel('同意', { exact: true }).check();
  }
  await secretary.getByLabel('会议记录').fill('党组织委员会讨论同意提出此议题。');
  await submit(secretary, motionUrl);
  await expect(secretary.locator('.stage-badge')).toHaveText('已提议');

  // 2. 商议 — the joint meeting, with notice (2 "days"), then its record.
  await openAction(secretary, motionUrl, '召集两委联席会议');
  await fillDateTime(secretary, '开会时间（网上投票时为投票开始时间）', shanghaiLocal(3 * E2E_DAY_MS + 2000));
  await secretary.getByLabel('开会地点').fill('社区党群服务中心二楼');
  await secretary.getByLabel('会议议程').fill('讨论3号楼加装电梯方案');
  await submit(secretary, motionUrl);
  await expect(secretary.locator('.stage-badge')).toHaveText('两委商议中');

  // Residents give opinions during 商议; the committee answers.
  const resident = await as(browser, 'e2e-resident');
  await resident.goto(motionUrl);
  await resident.getByLabel('提意见').fill('希望施工时保留消防通道。');
  await resident.getByRole('button', { name: '提意见' }).click();
  await expect(resident.getByText('希望施工时保留消防通道。')).toBeVisible();
  const director = await as(browser, 'e2e-director');
  await director.goto(motionUrl);
  await director.getByLabel('答复').fill('施工方案已留出 4 米消防通道。');
  await director.getByRole('button', { name: '答复' }).click();
  await expect(director.getByText('施工方案已留出 4 米消防通道。')).toBeVisible();

  await secretary.waitForTimeout(3 * E2E_DAY_MS + 2500);
  await openAction(secretary, motionUrl, '记录联席会议结果');
  await secretary.getByLabel('开会日期').fill(shanghaiLocal(0).slice(0, 10));
  for (const name of ['测试书记', '党委一', '测试主任', '委员一']) {
    await secretary.getByRole('group', { name }).getByLabel('同意', { exact: true }).check();
  }
  await secretary.getByLabel('与会人员的意见（按原话记录）').fill('一致同意，要求做好施工安全。');
  await secretary.getByRole('radio', { name: '同意', exact: true }).last().check();
  await secretary.getByLabel('会议记录').fill('两委联席会议记录。');
  await submit(secretary, motionUrl);
  await expect(secretary.locator('.stage-badge')).toHaveText('党员大会审议中');

  // 3. 审议 — the party members' meeting (3 "days" notice), entered as numbers.
  await openAction(secretary, motionUrl, '召集党员大会');
  await fillDateTime(secretary, '开会时间（网上投票时为投票开始时间）', shanghaiLocal(4 * E2E_DAY_MS + 2000));
  await secretary.getByLabel('开会地点').fill('社区会议室');
  await secretary.getByLabel('会议议程').fill('审议3号楼加装电梯方案');
  await secretary.getByLabel('会议材料编号（已送到每位党员手中）').fill('党材〔2026〕12号');
  await submit(secretary, motionUrl);
  await secretary.waitForTimeout(4 * E2E_DAY_MS + 2500);
  await openAction(secretary, motionUrl, '记录党员大会结果');
  await secretary.getByLabel('开会日期').fill(shanghaiLocal(0).slice(0, 10));
  await secretary.getByLabel('正式党员总数').fill('2');
  await secretary.getByLabel('到会正式党员人数').fill('2');
  await secretary.getByLabel('同意', { exact: true }).fill('2');
  await secretary.getByLabel('不同意').fill('0');
  await secretary.getByLabel('弃权', { exact: true }).fill('0');
  await secretary.getByLabel('会议记录').fill('党员大会审议通过。');
  await secretary.getByLabel('签到表扫描件编号').fill('签到-2026-031');
  await submit(secretary, motionUrl);
  await expect(secretary.locator('.stage-badge')).toHaveText('等待表决');

  // 4. 决议 — the director calls an online vote of the representatives' meeting. The voters sign in
  // while its notice runs, and vote side by side once it opens (seven "days" are 21 s).
  await openAction(director, motionUrl, '召集表决会议');
  const opensAt = Date.now() + 4 * E2E_DAY_MS + 2000;
  await fillDateTime(director, '开会时间（网上投票时为投票开始时间）', shanghaiLocal(4 * E2E_DAY_MS + 2000));
  await director.getByLabel('会议议程').fill('表决3号楼加装电梯方案');
  await submit(director, motionUrl);

  const votes: [string, string, boolean][] = [
    ['e2e-rep1', '同意', true],
    ['e2e-rep2', '同意', true],
    ['e2e-rep3', '不同意', false], // votes without JavaScript
    ['e2e-member1', '弃权', true],
    ['e2e-director', '同意', true],
  ];
  const voters = await Promise.all(
    votes.map(([username, , js]) => (username === 'e2e-director' ? director : as(browser, username, { javaScriptEnabled: js }))),
  );
  await director.waitForTimeout(Math.max(0, opensAt - Date.now() + 500));
  await Promise.all(
    votes.map(async ([username, choice], i) => {
      const rep = voters[i]!;
      await expect(async () => {
        await rep.goto(`${motionUrl}/vote`);
        await expect(rep.getByRole('radio', { name: choice, exact: true })).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 20_000 });
      await rep.getByRole('radio', { name: choice, exact: true }).check();
      await rep.getByRole('button', { name: '下一步' }).click();
      await expect(rep.getByText(`您选择了：${choice}。确认提交吗？`)).toBeVisible();
      if (username === 'e2e-rep1') await shot(rep, 'vote-confirm-360');
      await rep.getByRole('button', { name: '确认提交' }).click();
      await expect(rep.getByText(`已收到您的投票：${choice}。谢谢！`)).toBeVisible();
    }),
  );

  // Everyone voted: the window closed early and the resolution is on public display.
  await expectState(resident, motionUrl, '表决结果公示中');
  const votesTable = resident.getByRole('table');
  await expect(votesTable.getByRole('row', { name: /代表三 不同意/ })).toBeVisible();
  await expect(resident.getByText('同意 3 票，不同意 1 票，弃权 1 票，未投票 0 人')).toBeVisible();
  await shot(resident, 'motion-resolution-360');

  // 决议公开 waits for the supervision committee's review (§3.7.3): the director sees it waiting.
  await director.goto(motionUrl);
  await expect(director.getByRole('heading', { name: '待审核的公开' })).toBeVisible();
  await expect(director.getByRole('button', { name: '未经审核公开' })).toHaveCount(0);
  const supervisor = await as(browser, 'e2e-supervisor');
  await supervisor.goto(motionUrl);
  await expect(supervisor.getByRole('heading', { name: '待审核的公开' })).toBeVisible();
  await shot(supervisor, 'motion-review-360');
  await supervisor.getByLabel('审核意见（可不填）').fill('表决程序和结果经核对无误。');
  await supervisor.getByRole('button', { name: '审核通过，公开' }).click();
  await expect(supervisor.locator('.stage-badge')).toBeVisible();
  await expect(supervisor.getByRole('heading', { name: '待审核的公开' })).toHaveCount(0);

  // The public sees the tally on the board, without an account and without names.
  const publicCtx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const visitor = await publicCtx.newPage();
  await visitor.goto('/p/kuaice');
  await expect(visitor.getByText(/校验通过/)).toBeVisible();
  await visitor.getByRole('link', { name: new RegExp(TITLE) }).first().click();
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText(TITLE);
  await expect(visitor.getByText('代表三')).toHaveCount(0);
  await expect(visitor.getByText(/已经居务监督委员会审核/)).toBeVisible();
  await expect(visitor.getByText('监督委员会意见：表决程序和结果经核对无误。')).toBeVisible();
  await shot(visitor, 'public-resolution-360');

  // 5. 决议公开 ends after 7 "days"; 6. the director reports progress and completion.
  await expectState(director, motionUrl, '正在办理', 40_000);
  await openAction(director, motionUrl, '登记办理进度');
  await director.getByLabel('日期').fill(shanghaiLocal(0).slice(0, 10));
  await director.getByLabel('完成的工作').fill('电梯井道土建完成。');
  await director.getByLabel('金额（元）').fill('120000');
  await director.getByLabel('承办单位（只写单位名称）').fill('某某电梯工程有限公司');
  await director.getByLabel(/附件/).setInputFiles({ name: '井道.png', mimeType: 'image/png', buffer: PNG });
  await submit(director, motionUrl);
  await expect(director.getByText('电梯井道土建完成。')).toBeVisible();

  await openAction(director, motionUrl, '报告办理完成');
  await director.getByLabel('完成日期').fill(shanghaiLocal(0).slice(0, 10));
  await director.getByLabel('办理情况总结').fill('电梯已安装完成并通过特种设备检验。');
  await director.getByLabel('验收情况').fill('2026年验收合格。');
  await director.getByLabel(/决算明细/).fill('电梯设备 380000\n安装施工 95000');
  await submit(director, motionUrl);
  await expect(director.locator('.stage-badge')).toHaveText('办理结果公示中');

  // Nobody reviews the result: after 2 working days the director publishes it, labelled unreviewed.
  await expect(async () => {
    await director.goto(motionUrl);
    await expect(director.getByRole('button', { name: '未经审核公开' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 40_000 });
  await director.getByLabel(/我知道公开内容会注明/).check();
  await director.getByRole('button', { name: '未经审核公开' }).click();
  await expect(director.getByRole('heading', { name: '待审核的公开' })).toHaveCount(0);

  await expectState(director, motionUrl, '已办结', 40_000);
  await shot(director, 'motion-closed-360');
  await visitor.goto('/p/kuaice');
  await expect(visitor.getByRole('link', { name: new RegExp(TITLE) })).toHaveCount(2);
  await visitor.getByRole('link', { name: new RegExp(TITLE) }).first().click();
  await expect(visitor.getByText('未经居务监督委员会审核')).toBeVisible();
});
