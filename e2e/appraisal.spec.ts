/**
 * NOT FINISHED (fixme): never run green yet; the report form's selects now have labels of their own.
 * 民主评议 journey at 360 px on the quick community 快测社区 (`kuaice`, one day = 3 s): the supervision
 * committee plans a cadre appraisal of the two committee members with the three representatives as
 * raters, hands in the 述职述廉 reports and opens the meeting; the raters rate on their phones at the
 * same time (one subject per screen, the choice confirmed in words); the supervisor ends the rating
 * when the meeting's forms are in (DOMAIN.md §9 is silent on an early close; the rule in
 * domain/appraisal lets the supervision committee close it — a 72-"hour" window is only 9 s here),
 * counts and publishes; the public result shows the chart with its numbers in words and a table.
 * Each page is checked for axe findings, sideways scrolling, large text and working without JavaScript.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, shot, signInAs } from './helpers';

const C = 'kuaice';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function axe(page: Page, where: string) {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(r.violations.map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function phone(browser: Browser, username: string, javaScriptEnabled = true) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled });
  const page = await ctx.newPage();
  await signInAs(page, username);
  return page;
}

/** "YYYY-MM-DDTHH:MM" (Shanghai) of the first whole minute at least `ms` from now. */
function minuteAfter(ms: number): string {
  const t = Math.ceil((Date.now() + ms) / 60_000) * 60_000;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** One rater's form: every subject on its own screen, then the choices confirmed in words. */
async function rate(page: Page, url: string, grades: string[]) {
  await page.goto(`${url}/rate`);
  for (const [i, g] of grades.entries()) {
    await expect(page.getByText(`第 ${i + 1} 位，共 ${grades.length} 位`)).toBeVisible();
    for (const group of await page.getByRole('group').all()) await group.getByLabel(g, { exact: true }).check();
    await page.getByRole('button', { name: '下一位' }).click();
  }
  await expect(page.getByRole('heading', { name: '请确认您的评议' })).toBeVisible();
  await expect(page.getByText(`：总体${grades[0]}`).first()).toBeVisible();
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByText('评议表已提交。谢谢！')).toBeVisible();
}

test.fixme('the supervision committee runs a cadre appraisal; raters rate on phones; the public sees the result', async ({ browser, page }) => {
  test.setTimeout(150_000);
  const title = `年度民主评议 ${Date.now().toString(36)}`;
  await signInAs(page, 'e2e-supervisor');
  await page.goto(`/c/${C}/appraisals`);
  await page.getByText('制定评议方案（居务监督委员会）').click();
  await page.getByLabel('名称').fill(title);
  // The notice must come ≥ 5 days (15 s) before the meeting; the field takes whole minutes.
  await page.getByLabel('评议会议时间').fill(minuteAfter(18_000));
  await page.getByLabel('评议开放时长（小时）').fill('72');
  await page.getByLabel('评议内容（每行一项）').fill('工作态度');
  const raters = page.getByRole('group', { name: '评议人（居民代表会议）' });
  for (const member of ['测试主任', '委员一']) await raters.getByLabel(member).uncheck();
  await axe(page, 'plan form');
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: '确定方案' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '已制定方案' })).toBeVisible();
  const url = new URL(page.url()).pathname;

  // The reports (the supervisor hands them in for the members), delivered ≥ 3 days before the meeting.
  for (const member of ['测试主任', '委员一']) {
    await page.getByLabel('被评议人', { exact: true }).selectOption({ label: member });
    await page.getByLabel('报告内容').fill(`${member}一年来的述职述廉报告：加装电梯三部，垃圾分类覆盖全部楼栋。`);
    await page.getByRole('button', { name: '提交报告' }).click();
    await expect(page.getByText('已完成。')).toBeVisible();
  }
  await page.getByRole('button', { name: '送达述职报告' }).click();
  await expect(page.getByRole('status').filter({ hasText: '述职报告已送达' })).toBeVisible();
  await shot(page, 'appraisal-plan');

  // The raters wait on their phones while the meeting begins.
  const phones = await Promise.all(['e2e-rep1', 'e2e-rep2', 'e2e-rep3'].map((u) => phone(browser, u)));
  await expect(async () => {
    await page.reload();
    await page.getByRole('button', { name: '开始评议会议' }).click();
    await expect(page.getByRole('status').filter({ hasText: '评议会议中' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  await page.getByRole('button', { name: '开始评议（开放投票）' }).click();
  await expect(page.getByRole('status').filter({ hasText: '正在评议' })).toBeVisible();

  // Three forms at once: two rate 委员一 不满意 (one subject per screen; the order is the plan's).
  const screens = await phones[0]!.goto(`${url}/rate`).then(() => phones[0]!.getByRole('heading', { level: 2 }).first().textContent());
  const firstIsDirector = screens?.includes('测试主任');
  const gradesOf = (poorForMember: boolean) => (firstIsDirector ? ['满意', poorForMember ? '不满意' : '满意'] : [poorForMember ? '不满意' : '满意', '满意']);
  await Promise.all([rate(phones[0]!, url, gradesOf(true)), rate(phones[1]!, url, gradesOf(true)), rate(phones[2]!, url, gradesOf(false))]);
  await shot(phones[2]!, 'appraisal-rated');

  // The meeting's forms are in: the supervisor ends the rating (or the short window already ended), counts, publishes.
  await page.reload();
  const close = page.getByRole('button', { name: '结束评议' });
  if (await close.count()) await close.click();
  await page.getByRole('button', { name: '计票' }).click();
  await expect(page.getByText('有效：收回 3 份，其中无效 0 份。')).toBeVisible();
  await page.getByRole('button', { name: '公布结果' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已公布' })).toBeVisible();
  await axe(page, 'plan page (published)');
  await expectNoHorizontalScroll(page);

  // The public result: chart lines in words, the table, no rater anywhere.
  await page.getByRole('link', { name: '民主评议结果' }).click();
  await expect(page.getByRole('heading', { name: `${title}结果` })).toBeVisible();
  await expect(page.getByText('委员一：满意 1 票，基本满意 0 票，不满意 2 票，满意率 33.3%')).toBeVisible();
  await expect(page.getByRole('row', { name: /测试主任/ })).toContainText('100.0%');
  await expect(page.locator('body')).not.toContainText('代表一');
  await axe(page, 'public result');
  await expectNoHorizontalScroll(page);
  await shot(page, 'appraisal-public');
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
  await expectNoHorizontalScroll(page);
  await shot(page, 'appraisal-public-large');
  const publicUrl = new URL(page.url()).pathname;

  // Without JavaScript: the public result and the committee's pages still read and work.
  const nojs = await phone(browser, 'e2e-supervisor', false);
  await nojs.goto(publicUrl);
  await expect(nojs.getByRole('row', { name: /委员一/ })).toBeVisible();
  await nojs.goto(`/c/${C}/appraisals`);
  await expect(nojs.getByRole('link', { name: title })).toBeVisible();
  await axe(nojs, 'appraisal list (no JS)');
  await expectNoHorizontalScroll(nojs);
  await shot(nojs, 'appraisal-list-nojs');
  await nojs.goto(url);
  await expect(nojs.getByRole('status').filter({ hasText: '已公布' })).toBeVisible();
  await axe(nojs, 'plan page (no JS)');
  for (const p of [...phones, nojs]) await p.context().close();
});
