/**
 * Issue 12's "done when", in a real browser at 360 px: the director convenes one representatives'
 * meeting with four motions on its agenda, attendance is taken once, three pass and one fails by
 * show-of-hands counts that a second person confirms, the minutes PDF lists all four with their
 * tallies, and each motion page and the public board show the right outcome. The four motions are
 * brought to 决议 by the same drivers the integration tests use (快测 community, 3-second days).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { PDFParse } from 'pdf-parse';
import { connect } from '../db/client.server';
import { E2E_DAY_MS } from '../db/seed-e2e.server';
import { MotionDriver, fastSettings, waitFor } from '../workflows/motion.testkit';
import { kuaicePeople } from './kuaice-people';
import { expectNoHorizontalScroll, shot, signInAs } from './helpers';

const C = 'kuaice';
const RUN = Date.now() % 100000;
const ITEMS = [
  { title: `社区养老服务项目 ${RUN}`, yes: 4, no: 1, passes: true },
  { title: `小区出入口安装监控 ${RUN}`, yes: 4, no: 0, passes: true },
  { title: `更换楼道宣传栏 ${RUN}`, yes: 3, no: 1, passes: true },
  { title: `5号楼屋顶维修 ${RUN}`, yes: 2, no: 3, passes: false },
];

test.describe.configure({ timeout: 6 * 60_000 });

function shanghaiLocal(ms: number): string {
  return new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 19);
}

async function as(browser: Browser, username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await signInAs(page, username);
  return page;
}

/** Four motions of 快测 brought to 决议 (representatives' meeting) with the e2e people. */
async function fourResolvingMotions(sql: ReturnType<typeof connect>): Promise<string[]> {
  const c = await kuaicePeople(sql);
  const ids: string[] = [];
  for (const item of ITEMS) {
    const d = new MotionDriver(sql, c, process.env.MINYI_TASK_QUEUE ?? 'minyi-e2e', fastSettings(E2E_DAY_MS));
    d.quickNotices = true;
    await d.create({ title: item.title });
    await d.toResolving();
    ids.push(d.motionId);
  }
  return ids;
}

test('one representatives’ meeting decides four motions; counts confirmed by a second person; minutes and board agree', async ({ browser }) => {
  const sql = connect(process.env.DATABASE_URL!, 2);
  let motionIds: string[];
  try {
    motionIds = await fourResolvingMotions(sql);
  } finally {
    await sql.end();
  }

  // The director convenes the meeting and puts the four motions on its agenda.
  const director = await as(browser, 'e2e-director');
  await director.goto(`/c/${C}/meetings/new`);
  await director.getByLabel('会议名称').fill(`居民代表会议 ${RUN}`);
  const when = director.getByLabel('时间');
  await when.evaluate((el) => ((el as HTMLInputElement).step = '1'));
  // Each item's notice is posted when it is added: 3 days (9 s) before the meeting, at least.
  await when.fill(shanghaiLocal(40_000));
  await director.getByLabel('地点').fill('社区议事厅');
  await director.getByRole('button', { name: '发出会议通知' }).click();
  await expect(director.getByRole('heading', { level: 1 })).toHaveText(`居民代表会议 ${RUN}`);
  const meetingUrl = new URL(director.url()).pathname;
  for (const item of ITEMS) {
    const value = await director.getByLabel('把议题列入议程').locator('option', { hasText: item.title }).getAttribute('value');
    await director.getByLabel('把议题列入议程').selectOption(value!);
    await director.getByRole('button', { name: '列入议程' }).click();
    await expect(director.getByRole('link', { name: item.title })).toBeVisible();
  }
  await expect(director.getByRole('alert')).toHaveCount(0);
  await expectNoHorizontalScroll(director);
  await shot(director, 'meeting-agenda-360');

  // Attendance, once: the director ticks the sign-in sheet; a second person ticks the same names.
  const names = ['测试主任', '委员一', '代表一', '代表二', '代表三'];
  // The attendance form by name (beside it, the numbers-only form for a paper sheet has its own scan field).
  const byName = (page: Page) => page.locator('form').filter({ has: page.getByRole('button', { name: '登记出席情况' }) });
  const takeAttendance = async (page: Page) => {
    await expect(async () => {
      await page.goto(meetingUrl);
      await expect(page.getByRole('button', { name: '登记出席情况' })).toBeVisible({ timeout: 1000 });
      for (const n of names) await page.getByLabel(n, { exact: true }).check();
      await byName(page).getByLabel('签到表扫描件编号').fill('QD-2026-12');
      await page.getByRole('button', { name: '登记出席情况' }).click();
      await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 2000 });
      await expect(page.getByText('等待第二人核对').first()).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 60_000 });
  };
  // Before the meeting opens the entry is refused ("会议还没有开始"), so this retries until it opens.
  await takeAttendance(director);
  await expect(director.getByText(/已登记，等待另一人独立登记相同数字：出席 5 人：/)).toBeVisible();
  const member = await as(browser, 'e2e-member1');
  await member.goto(meetingUrl);
  await expect(member.getByText('测试主任 已登记，等待另一人独立登记相同数字')).toBeVisible();
  for (const n of names) await member.getByLabel(n, { exact: true }).check();
  await byName(member).getByLabel('签到表扫描件编号').fill('QD-2026-12');
  await member.getByRole('button', { name: '登记出席情况' }).click();
  await expect(member.getByText('已核对确认').first()).toBeVisible();
  await expect(member.getByText(/^出席 5 人：.*（测试主任 登记，委员一 核对确认）$/)).toBeVisible();

  // Each item by show of hands: the director types, the member types the same; only then it counts.
  const enterCount = async (page: Page, item: (typeof ITEMS)[number]) => {
    await page.goto(meetingUrl);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: item.title }) });
    await card.getByLabel('同意（举手人数）').fill(String(item.yes));
    await card.getByLabel('反对', { exact: true }).fill(String(item.no));
    await card.getByLabel('弃权', { exact: true }).fill('0');
    await card.getByLabel('签到表扫描件编号').fill('QD-2026-12');
    await card.getByRole('button', { name: '登记表决人数' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
  };
  for (const item of ITEMS) {
    await enterCount(director, item);
    const card = director.getByRole('listitem').filter({ has: director.getByRole('heading', { name: item.title }) });
    await expect(card.getByText('等待第二人核对')).toBeVisible();
    await enterCount(member, item);
  }

  // Each motion decides its own stage from the confirmed numbers; each page shows the shared meeting.
  const resident = await as(browser, 'e2e-resident');
  for (const [i, item] of ITEMS.entries()) {
    await expect(async () => {
      await resident.goto(`/c/${C}/motions/${motionIds[i]}`);
      await expect(resident.getByText(`本议题的结果：${item.passes ? '通过' : '未通过'}`)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(resident.getByRole('link', { name: `本议题在会议“居民代表会议 ${RUN}”上表决` })).toBeVisible();
  }
  await shot(resident, 'meeting-motion-failed-360');

  // The minutes PDF lists all four with their tallies and outcomes.
  const pdf = await director.request.get(`${meetingUrl}/minutes.pdf`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const parser = new PDFParse({ data: new Uint8Array(await pdf.body()) });
  const text = (await parser.getText()).text.replace(/\s+/g, '');
  await parser.destroy();
  for (const [i, item] of ITEMS.entries()) {
    expect(text).toContain(`议题${i + 1}：${item.title.replace(/\s+/g, '')}`);
    expect(text).toContain(`应到5人，实到5人；同意${item.yes}，反对${item.no}，弃权0`);
  }
  expect(text.match(/结果：通过/g)?.length).toBe(3);
  expect(text.match(/结果：未通过/g)?.length).toBe(1);
  expect(text).toContain('测试主任登记，委员一核对确认');

  // The supervision committee reviews each resolution disclosure before it is published (§3.7.3).
  const supervisor = await as(browser, 'e2e-supervisor');
  for (const id of motionIds) {
    await expect(async () => {
      await supervisor.goto(`/c/${C}/motions/${id}`);
      await expect(supervisor.getByRole('button', { name: '审核通过，公开' })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await supervisor.getByRole('button', { name: '审核通过，公开' }).click();
    await expect(supervisor.getByRole('heading', { name: '待审核的公开' })).toHaveCount(0);
  }

  // The public board shows each resolution with its outcome, the failed one included.
  const publicCtx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const visitor = await publicCtx.newPage();
  for (const item of ITEMS) {
    await expect(async () => {
      await visitor.goto(`/p/${C}`);
      await visitor.getByRole('link', { name: new RegExp(item.title) }).first().click({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(item.title);
    await expect(visitor.locator('dd strong')).toHaveText(item.passes ? '通过' : '未通过');
    await expect(visitor.getByText(`同意 ${item.yes} 票，不同意 ${item.no} 票，弃权 0 票，未投票 ${5 - item.yes - item.no} 人`).first()).toBeVisible();
  }
  await waitForAllDisclosed(motionIds);
});

/**
 * Each motion entered 决议公开 (the failed one too, §3.5). Its events say so, whatever it has done since:
 * seven "days" are 21 s, after which a passed motion is carried out and a failed one closes.
 */
async function waitForAllDisclosed(ids: string[]) {
  const sql = connect(process.env.DATABASE_URL!, 2);
  try {
    for (const id of ids)
      await waitFor(async () => {
        const [r] = await sql<{ n: number }[]>`
          select count(*)::int as n from motion_events where motion_id = ${id} and to_state = 'resolution_disclosed'`;
        return r!.n > 0;
      }, 10_000, `motion ${id} disclosed`);
  } finally {
    await sql.end();
  }
}
