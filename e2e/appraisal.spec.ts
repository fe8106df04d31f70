/**
 * 民主评议 journey at 360 px on 评议社区 (`pingyi`, one day = 4 s; db/seed-e2e.server.ts): the issue's
 * done-when (issue 16, DOMAIN.md §9).
 *
 * Cadre appraisal: the supervision committee plans the appraisal of the five committee members with
 * the 16 representatives as raters, hands in the 述职述廉 reports, holds the meeting (a question and its
 * answer recorded) and opens the rating; six representatives rate on their phones at the same time
 * (one member per screen, confirmed in words) while ten take paper forms; the supervisor closes the
 * rating, enters the paper totals, a second supervisor confirms them, the supervisor counts: 委员丙 is
 * 不满意 on 6 of 16 forms (at least a third) and is flagged for a talk, which reaches the party
 * secretary's tasks; the result goes on the public board with its chart in words and a table, and the
 * street office sees it in its year-by-year view.
 *
 * Service appraisal: the residents' committee surveys three utilities; one household rates with its
 * account (with a comment, then approved), one with a one-time code on the code page, ten more post
 * the same code form; the committee closes the survey and publishes; 燃气公司 is below 60 % and its
 * reply is published beside the result.
 * Each page built here is checked for axe findings and sideways scrolling at 360 px.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, shot, signInAs } from './helpers';

const C = 'pingyi';
const DAY_MS = 4000; // APPRAISAL_DAY_MS
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MEMBERS = ['主任甲', '副主任乙', '委员丙', '委员丁', '委员戊'];
const FLAGGED = '委员丙';
const reps = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `评议代表${from + i}`);

test.describe.configure({ mode: 'serial' });

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

/** "YYYY-MM-DDTHH:MM:SS" in Shanghai time of an instant (the meeting field takes seconds). */
const shanghai = (ms: number) => new Date(Math.ceil(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19);

/** One rater's form: every member on their own screen, each criterion and the overall grade, then confirmed in words. */
async function rate(page: Page, url: string, gradeOf: (name: string) => string) {
  await page.goto(`${url}/rate`);
  const chosen: [string, string][] = [];
  for (let i = 0; i < MEMBERS.length; i++) {
    await expect(page.getByText(`第 ${i + 1} 位，共 ${MEMBERS.length} 位`)).toBeVisible();
    const name = (await page.locator('h2.big-choice').textContent())!.trim();
    const g = gradeOf(name);
    chosen.push([name, g]);
    for (const group of await page.getByRole('group').all()) await group.getByLabel(g, { exact: true }).check();
    await page.getByRole('button', { name: '下一位' }).click();
  }
  await expect(page.getByRole('heading', { name: '请确认您的评议' })).toBeVisible();
  for (const [name, g] of chosen) await expect(page.getByText(`${name}：总体${g}`)).toBeVisible();
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByText('评议表已提交。谢谢！')).toBeVisible();
}

test('the supervision committee appraises five members; 16 representatives rate online and on paper; one is flagged; the public sees the chart', async ({ browser, page }) => {
  test.setTimeout(600_000); // 3.4 min on a busy machine, 6 min beside the integration tests
  const title = `年度民主评议 ${Date.now().toString(36)}`;
  await signInAs(page, 'py-supervisor');
  await page.goto(`/c/${C}/appraisals`);
  await page.getByText('制定评议方案（居务监督委员会）').click();
  await page.getByLabel('名称').fill(title);
  await page.getByLabel('评议开放时长（小时）').fill('336');
  await page.getByLabel('评议内容（每行一项）').fill('工作态度\n服务群众');
  const subjects = page.getByRole('group', { name: '被评议人（居委会成员）' });
  for (const m of MEMBERS) await expect(subjects.getByLabel(m, { exact: true })).toBeChecked();
  const raters = page.getByRole('group', { name: '评议人（居民代表会议）' });
  for (const m of MEMBERS) await raters.getByLabel(m, { exact: true }).uncheck();
  await axe(page, 'plan form');
  await expectNoHorizontalScroll(page);
  // Notice ≥ 5 days (20 s) before the meeting, 20 s to spare for the submit; the five reports must be
  // in 3 days (12 s) before it. Filled last: axe takes seconds on a busy machine.
  const meetingAt = Date.now() + 7 * DAY_MS + 12_000;
  await page.getByLabel('评议会议时间').fill(shanghai(meetingAt));
  await page.getByRole('button', { name: '确定方案' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '已制定方案' })).toBeVisible();
  await expect(page.getByText('评议人 16 人；网上已交 0 份，领取纸质表 0 份；需收回至少 11 份才有效。')).toBeVisible();
  const url = new URL(page.url()).pathname;

  // The reports (the supervisor hands them in for the members), delivered ≥ 3 days before the meeting.
  for (const m of MEMBERS) {
    await page.getByLabel('被评议人', { exact: true }).selectOption({ label: m });
    await page.getByLabel('报告内容').fill(`${m}一年来的述职述廉报告：加装电梯三部，垃圾分类覆盖全部楼栋。`);
    await page.getByRole('button', { name: '提交报告' }).click();
    await expect(page.locator('details', { hasText: m }).locator('p.prose')).toContainText('述职述廉报告');
  }
  await page.getByRole('button', { name: '送达述职报告' }).click();
  await expect(page.getByRole('status').filter({ hasText: '述职报告已送达' })).toBeVisible();
  await shot(page, 'appraisal-plan');

  // Six representatives wait on their phones; the meeting begins at its time.
  const phones = await Promise.all(reps(1, 6).map((_, i) => phone(browser, `py-rep${i + 1}`)));
  await page.waitForTimeout(Math.max(0, meetingAt - Date.now() + 300));
  await expect(async () => {
    await page.reload();
    await page.getByRole('button', { name: '开始评议会议' }).click();
    await expect(page.getByRole('status').filter({ hasText: '评议会议中' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });
  await page.getByLabel('被评议人', { exact: true }).selectOption({ label: FLAGGED });
  await page.getByLabel('问题').fill('小区停车难的问题什么时候解决？');
  await page.getByLabel('回答').fill('明年上半年完成划线。');
  await page.getByRole('button', { name: '记录问答' }).click();
  await expect(page.getByText(`${FLAGGED}：小区停车难的问题什么时候解决？`)).toBeVisible();
  await page.getByRole('button', { name: '开始评议（开放投票）' }).click();
  await expect(page.getByRole('status').filter({ hasText: '正在评议' })).toBeVisible();

  // Ten representatives take paper forms.
  const paperTo = page.getByRole('group', { name: '领取纸质表的评议人' });
  for (const r of reps(7, 16)) await paperTo.getByLabel(r, { exact: true }).check();
  await page.getByRole('button', { name: '发放纸质评议表' }).click();
  await expect(page.getByText('网上已交 0 份，领取纸质表 10 份')).toBeVisible();

  // Six forms online at once: two rate 委员丙 不满意, four 基本满意; everyone else 满意.
  await Promise.all(phones.map((p, i) => rate(p, url, (name) => (name === FLAGGED ? (i < 2 ? '不满意' : '基本满意') : '满意'))));
  await shot(phones[5]!, 'appraisal-rated');
  // A paper rater cannot also rate online.
  const paperPhone = await phone(browser, 'py-rep7');
  await paperPhone.goto(url);
  await expect(paperPhone.getByText('您领取了纸质评议表。')).toBeVisible();
  await expect(paperPhone.getByRole('link', { name: '去评议' })).toHaveCount(0);

  // The forms are in: the supervisor ends the rating and enters the paper totals; a second supervisor confirms.
  await page.reload();
  await expect(page.getByText('网上已交 6 份，领取纸质表 10 份')).toBeVisible();
  // The supervisor ends the rating, unless on a busy machine its 14-"day" (56 s) window already ended.
  const close = page.getByRole('button', { name: '结束评议' });
  if (await close.count()) await close.click();
  await expect(page.getByRole('status').filter({ hasText: '正在计票' })).toBeVisible();
  await page.getByLabel('收回纸质表').fill('10');
  await page.getByLabel('其中无效').fill('0');
  for (const m of MEMBERS) {
    const [good, fair, poor] = m === FLAGGED ? ['3', '3', '4'] : ['8', '2', '0'];
    const g = page.getByRole('group', { name: m, exact: true });
    await g.getByLabel('满意', { exact: true }).fill(good);
    await g.getByLabel('基本满意', { exact: true }).fill(fair);
    await g.getByLabel('不满意', { exact: true }).fill(poor);
  }
  await page.getByRole('button', { name: '保存汇总' }).click();
  await expect(page.getByText('纸质汇总已由 监督主任 录入，等待另一名监督委员确认。')).toBeVisible();
  await expect(page.getByRole('button', { name: '确认纸质汇总（第二人）' })).toHaveCount(0);
  const second = await phone(browser, 'py-supervisor2');
  await second.goto(url);
  await second.getByRole('button', { name: '确认纸质汇总（第二人）' }).click();
  await expect(second.getByText('纸质汇总已经第二人确认。')).toBeVisible();

  // Count: valid with 16 of 16; 委员丙 has 不满意 on 6 of 16 (at least a third) and is flagged for a talk.
  await page.reload();
  await page.getByRole('button', { name: '计票' }).click();
  await expect(page.getByText('有效：收回 16 份，其中无效 0 份。')).toBeVisible();
  await expect(page.getByText(`${FLAGGED}：满意 3 票，基本满意 7 票，不满意 6 票，满意率 62.5% · 基本称职，需诫勉谈话`)).toBeVisible();
  await expect(page.getByText('主任甲：满意 14 票，基本满意 2 票，不满意 0 票，满意率 100.0% · 称职')).toBeVisible();
  await page.getByRole('button', { name: '公布结果' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已公布' })).toBeVisible();
  await axe(page, 'plan page (published)');
  await expectNoHorizontalScroll(page);
  await shot(page, 'appraisal-tallied');

  // The flag reaches the party organization's tasks.
  const secretary = await phone(browser, 'py-secretary');
  await secretary.goto('/tasks');
  await expect(secretary.getByText(`民主评议：${FLAGGED} 的“不满意”达到三分之一，请安排诫勉谈话`)).toBeVisible();

  // The public result: chart lines in words, the table, the reports; no rater anywhere.
  await page.getByRole('link', { name: '民主评议结果' }).click();
  await expect(page.getByRole('heading', { name: `${title}结果` })).toBeVisible();
  await expect(page.getByText(`${FLAGGED}：满意 3 票，基本满意 7 票，不满意 6 票，满意率 62.5%`)).toBeVisible();
  await expect(page.getByRole('row', { name: /委员丁/ })).toContainText('100.0%');
  await expect(page.getByText('有效：收回 16 份，其中无效 0 份。')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('评议代表');
  await axe(page, 'public result');
  await expectNoHorizontalScroll(page);
  await shot(page, 'appraisal-public');
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
  await expectNoHorizontalScroll(page);
  await shot(page, 'appraisal-public-large');
  const publicUrl = new URL(page.url()).pathname;
  const csv = await page.request.get(`${publicUrl}/export?format=csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(`${FLAGGED},3,7,6,16,62.5`);

  // The street office's year-by-year view has the community's average.
  const street = await phone(browser, 'street-office');
  await street.goto('/so/heping/appraisals');
  await expect(street.getByRole('row', { name: /评议社区/ }).first()).toContainText('%');
  await axe(street, 'street office view');
  await expectNoHorizontalScroll(street);
  await shot(street, 'appraisal-street');

  // Without JavaScript the public result reads.
  const nojs = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', javaScriptEnabled: false });
  const anon = await nojs.newPage();
  await anon.goto(publicUrl);
  await expect(anon.getByRole('row', { name: /委员丙/ })).toContainText('62.5%');
  for (const p of [...phones, paperPhone, second, secretary, street, anon]) await p.context().close();
});

test('the residents’ committee surveys three utilities; households rate by account and by code; the gas company replies', async ({ browser, page }) => {
  test.setTimeout(360_000);
  const title = `服务单位测评 ${Date.now().toString(36)}`;
  const UNITS = ['供水公司', '供电公司', '燃气公司'];
  await signInAs(page, 'py-member1');
  await page.goto(`/c/${C}/appraisals`);
  await page.getByText('发起服务单位测评（居委会）').click();
  await page.getByLabel('名称').nth(0).fill(title);
  await page.getByLabel('测评天数（7–14 天）').fill('14');
  await page.getByLabel('服务单位（每行一个）').fill(UNITS.join('\n'));
  await page.getByLabel('单位类别').selectOption({ label: '公用事业单位' });
  await page.getByRole('button', { name: '开始测评' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '正在测评' })).toBeVisible();
  const url = new URL(page.url()).pathname;
  const id = url.split('/').pop()!;

  // One-time codes for the households without an account, shown once.
  await page.getByLabel('份数').fill('11');
  await page.getByRole('button', { name: '生成测评码' }).click();
  await expect(page.locator('li code')).toHaveCount(11);
  const codes = await page.locator('li code').allTextContents();

  // A household with an account rates one unit per screen, with a comment on the gas company.
  const resident = await phone(browser, 'py-resident1');
  await resident.goto(`${url}/rate`);
  for (const [i, u] of UNITS.entries()) {
    await expect(resident.getByRole('heading', { name: u })).toBeVisible();
    await resident.getByRole('group', { name: '总体评价' }).getByLabel(i === 2 ? '不满意' : '满意', { exact: true }).check();
    if (i === 2) await resident.getByLabel('意见（可不填，不要写姓名电话）').fill('燃气维修预约要等一周。');
    await resident.getByRole('button', { name: '下一位' }).click();
  }
  await expect(resident.getByText('燃气公司：总体不满意')).toBeVisible();
  await resident.getByRole('button', { name: '确认提交' }).click();
  await expect(resident.getByText('评议表已提交。谢谢！')).toBeVisible();

  // A household with a code, on the public code page (no account), confirmed in words.
  const anonCtx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const anon = await anonCtx.newPage();
  await anon.goto(`/p/${C}/appraisals/${id}/rate`);
  await anon.getByLabel('一次性测评码（没有账号的住户）').fill(codes[0]!);
  for (const [i, u] of UNITS.entries()) await anon.getByRole('group', { name: u }).getByLabel(i === 2 ? '不满意' : '基本满意', { exact: true }).check();
  await anon.getByRole('button', { name: '下一位' }).click();
  await expect(anon.getByText('燃气公司：不满意')).toBeVisible();
  await axe(anon, 'code page (confirm)');
  await anon.getByRole('button', { name: '确认提交' }).click();
  await expect(anon.getByText('评议表已提交。谢谢！')).toBeVisible();
  await shot(anon, 'appraisal-service-code');

  // Ten more households post the same code form: the gas company ends at 5 satisfied of 12.
  const radios = await anon.context().request.get(`/p/${C}/appraisals/${id}/rate`).then((r) => r.text());
  const unitIds = [...radios.matchAll(/name="g\.([0-9a-f-]{36})\.o"/g)].map((m) => m[1]!).filter((x, i, a) => a.indexOf(x) === i);
  expect(unitIds).toHaveLength(3);
  for (const [i, code] of codes.slice(1).entries()) {
    const form = new URLSearchParams({ code, intent: 'submit' });
    form.set(`g.${unitIds[0]}.o`, 'good');
    form.set(`g.${unitIds[1]}.o`, i < 8 ? 'good' : 'poor');
    form.set(`g.${unitIds[2]}.o`, i < 5 ? 'fair' : 'poor');
    const r = await anonCtx.request.post(`/p/${C}/appraisals/${id}/rate`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: form.toString(), maxRedirects: 0,
    });
    expect(r.status(), await r.text()).toBeLessThan(400);
  }

  // The committee approves the comment, closes the survey and publishes; the gas company is below 60 %.
  await page.reload();
  await page.getByRole('button', { name: '公开', exact: true }).click();
  await expect(page.getByText('已完成。')).toBeVisible();
  const closeSurvey = page.getByRole('button', { name: '结束测评' });
  if (await closeSurvey.count()) await closeSurvey.click(); // else its 14-"day" timer has just closed it
  await expect(page.getByRole('status').filter({ hasText: '测评已结束' })).toBeVisible();
  await expect(page.getByText('燃气公司：满意 0 票，基本满意 5 票，不满意 7 票，满意率 41.6%')).toBeVisible();
  await page.getByRole('button', { name: '公布测评结果' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已公布' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '供水公司 · 单位答复' })).toHaveCount(0);
  const reply = page.locator('section').filter({ has: page.getByRole('heading', { name: '燃气公司 · 单位答复' }) });
  await reply.getByLabel('单位答复').fill('已增加两名维修人员，预约三天内上门。');
  await reply.getByRole('button', { name: '登记并公布答复' }).click();
  await expect(page.getByText('已增加两名维修人员，预约三天内上门。')).toBeVisible();
  await axe(page, 'service plan page');
  await expectNoHorizontalScroll(page);
  await shot(page, 'appraisal-service-plan');

  // The public result with n and the rate per unit, the approved comment and the reply beside it.
  await page.goto(`/p/${C}/appraisals/${id}`);
  await expect(page.getByText('燃气公司：满意 0 票，基本满意 5 票，不满意 7 票，满意率 41.6% · 评价户数 12')).toBeVisible();
  await expect(page.getByRole('row', { name: /供水公司/ })).toContainText('100.0%');
  await expect(page.getByText('燃气维修预约要等一周。')).toBeVisible();
  await expect(page.getByRole('heading', { name: '单位答复' })).toBeVisible();
  await expect(page.getByText('已增加两名维修人员，预约三天内上门。')).toBeVisible();
  await axe(page, 'service public result');
  await expectNoHorizontalScroll(page);
  await shot(page, 'appraisal-service-public');
  for (const p of [resident, anon]) await p.context().close();
});
