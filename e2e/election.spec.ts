/**
 * 换届选举 on a 360-px phone, end to end through the real worker: the party secretary sets up an
 * election; the election committee imports the register (a CSV with errors, then an XLSX),
 * publishes it, takes nominations (the 差额 rule refuses a list), publishes the candidates and
 * issues a voting code; a resident votes on a phone screen, a voter without an account votes with
 * the code; the committee enters a paper box, a second member confirms it, polls close, the tally
 * publishes the result; the public page shows the chart and checks a receipt.
 *
 * The journey runs in a community of its own, made here in SQL with a scaled day
 * (settings.elections.dayMs) so the statutory periods pass in seconds; the demo data stays as it is.
 */
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { connect } from '../db/client.server';
import { registerCsv, syntheticVoters, TINY_PNG, type DemoVoter } from '../db/seed-elections.server';
import { expectNoHorizontalScroll, shot, signInAs, signOut } from './helpers';

const DAY_MS = 600;
const tag = Math.random().toString(36).slice(2, 8);
const slug = `e2e-el-${tag}`;
const users = {
  secretary: { username: `el-sec-${tag}`, name: '何书记' },
  clerk: { username: `el-clerk-${tag}`, name: '钱委员' },
  second: { username: `el-second-${tag}`, name: '孙委员' },
  third: { username: `el-third-${tag}`, name: '李委员' },
  voter: { username: `el-voter-${tag}`, name: '吴老伯', phone: `137${String(Date.now()).slice(-8)}` },
};
let voters: DemoVoter[] = [];

test.beforeAll(async () => {
  const sql = connect(process.env.DATABASE_URL!, 1);
  try {
    const [street] = await sql<{ id: string }[]>`select id from street_offices where slug = 'heping'`;
    const [demo] = await sql<{ hash: string }[]>`select password_hash as hash from users where username = 'secretary'`;
    const hash = demo!.hash;
    const [c] = await sql<{ id: string }[]>`
      insert into communities (street_office_id, slug, name_zh, name_en, settings)
      values (${street!.id}, ${slug}, '试验社区', 'Trial Community', ${sql.json({ elections: { dayMs: DAY_MS, onlineVotingAllowed: true } })}) returning id`;
    const add = async (u: { username: string; name: string; phone?: string }, role: string) => {
      const id = crypto.randomUUID();
      await sql`insert into users (id, username, display_name, password_hash, phone) values (${id}, ${u.username}, ${u.name}, ${hash}, ${u.phone ?? null})`;
      await sql`insert into memberships (user_id, role, community_id) values (${id}, ${role}, ${c!.id})`;
    };
    await add(users.secretary, 'party_secretary');
    for (const u of [users.clerk, users.second, users.third, users.voter]) await add(u, 'resident');
  } finally {
    await sql.end();
  }
  const people = syntheticVoters(10);
  voters = [{ ...people[0]!, name: users.voter.name, phone: users.voter.phone, gender: '男', idNumber: syntheticVoters(2).find((v) => v.gender === '男')!.idNumber }, ...people.slice(1)];
});

/** Reloads until `ready` holds (statutory periods pass on the server's clock). */
async function until(page: Page, ready: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    if (Date.now() > end) throw new Error('timed out waiting for the election to move on');
    await page.waitForTimeout(400);
    await page.reload();
  }
}

/**
 * A full-page screenshot resizes the viewport for a moment; a click right after it can land where
 * the button was not. Let layout settle before going on.
 */
async function snap(page: Page, name: string) {
  await shot(page, name);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
}

/** Clicks a command button once the page says its statutory time has come. */
async function whenAllowed(page: Page, button: string) {
  await until(page, async () => (await page.getByRole('button', { name: button }).count()) > 0 && (await page.getByText('现在可以做').count()) > 0);
  await page.getByRole('button', { name: button }).click();
}

test('an election from set-up to a public, checkable result on a phone', async ({ page }) => {
  test.setTimeout(300_000);
  const title = `试验社区第${tag}届居民委员会换届选举`;

  // ── set-up by the party secretary ───────────────────────────────────────────────────────────
  await signInAs(page, users.secretary.username);
  await page.goto(`/c/${slug}/elections`);
  await page.getByRole('link', { name: '开始新的换届选举' }).click();
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-setup-360');
  await page.getByLabel('选举名称').fill(title);
  await page.getByLabel('选举日').fill('2026-12-20');
  await page.getByLabel('副主任').fill('1');
  await page.getByLabel('委员', { exact: true }).fill('3');
  await page.getByLabel('投票地点').fill('试验社区活动中心');
  for (const u of [users.clerk, users.second, users.third]) await page.getByRole('checkbox', { name: new RegExp(u.name) }).check();
  await page.getByLabel('选举委员会主任').selectOption({ label: users.clerk.name });
  await page.getByRole('checkbox', { name: /开通网上投票/ }).check();
  await page.getByLabel('街道批准文号').fill('和平街道批复〔2026〕9号');
  await page.getByRole('button', { name: '公布选举方案，开始选举' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const electionUrl = new URL(page.url()).pathname;
  await snap(page, 'election-overview-360');
  await signOut(page);

  // ── register: a file with errors imports nothing; then an XLSX ─────────────────────────────
  await signInAs(page, users.clerk.username);
  await page.goto(`${electionUrl}/register`);
  await until(page, async () => (await page.getByLabel('选择文件').count()) > 0);
  const bad = [voters[1]!, { ...voters[2]!, idNumber: '110105199' }, voters[3]!, voters[3]!];
  await page.getByLabel('选择文件').setInputFiles({ name: '选民名单.csv', mimeType: 'text/csv', buffer: Buffer.from(registerCsv(bad), 'utf8') });
  await page.getByRole('button', { name: '上传并检查' }).click();
  await expect(page.getByText('有错误，没有导入')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('row').filter({ hasText: '身份证号码要有18位' })).toContainText('3');
  await expect(page.getByRole('row').filter({ hasText: '和第4行重复了' })).toContainText('5');
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-import-errors-360');

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('选民');
  ws.addRow(['姓名', '身份证号码', '性别', '居民小组', '户号', '手机号码', '登记依据']);
  for (const v of voters) ws.addRow([v.name, v.idNumber, v.gender, v.group, v.householdId, v.phone, v.basis]);
  await page.getByRole('link', { name: '回到选民名单' }).click();
  await page.getByLabel('选择文件').setInputFiles({ name: '选民名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
  await page.getByRole('button', { name: '上传并检查' }).click();
  await expect(page.getByText(`成功导入 ${voters.length} 位选民。`)).toBeVisible({ timeout: 30_000 });
  await snap(page, 'election-import-done-360');
  await page.getByRole('link', { name: '回到选民名单' }).click();
  await expect(page.getByRole('heading', { name: `共 ${voters.length} 人` })).toBeVisible();
  await expect(page.getByText(/^\d{3}\*{11}[\dX]{4}$/).first()).toBeVisible(); // masked ID numbers
  await snap(page, 'election-register-360');

  // ── publish the register once registration has run its course ─────────────────────────────
  await page.goto(electionUrl);
  await whenAllowed(page, '公布选民名单');
  await expect(page.getByText('已完成。')).toBeVisible();

  // ── nominations: 等额 for members is refused with the reason, then the list is published ─────
  await page.goto(`${electionUrl}/candidates`);
  await until(page, async () => (await page.getByRole('heading', { name: '提名候选人' }).count()) > 0);
  const nominate = async (name: string, office: string, votes: number) => {
    await page.getByPlaceholder('在选民名单中查找').fill(name);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByLabel('职位').first().selectOption({ label: office });
    await page.getByLabel('提名票数').first().fill(String(votes));
    await page.getByRole('button', { name: `提名 ${name}` }).click();
    await expect(page.getByText('已完成。')).toBeVisible();
  };
  const [d1, d2, v1, v2, m1, m2, m3, m4] = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => voters[i]!.name);
  await nominate(d1!, '主任', 9);
  await nominate(d2!, '主任', 4);
  await nominate(v1!, '副主任', 8);
  await nominate(v2!, '副主任', 3);
  await nominate(m1!, '委员', 9);
  await nominate(m2!, '委员', 8);
  await nominate(m3!, '委员', 7);
  await whenAllowed(page, '确定并公布正式候选人名单');
  await expect(page.getByRole('alert')).toContainText('委员的候选人和应选人数一样多（都是3人），不能等额选举，候选人要有4人。');
  await snap(page, 'election-list-refused-360');
  await nominate(m4!, '委员', 2);
  await page.getByRole('button', { name: '确定并公布正式候选人名单' }).click();
  await expect(page.getByRole('heading', { name: '正式候选人名单' })).toBeVisible();
  await snap(page, 'election-candidates-360');

  // ── a voting code for a voter without an account ──────────────────────────────────────────
  await page.goto(`${electionUrl}/polling`);
  const codeVoter = voters[9]!.name;
  await page.getByPlaceholder('按姓名、小组或户号查找').fill(codeVoter);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('button', { name: `发投票码 ${codeVoter}` }).click();
  const code = (await page.locator('output.el-code').innerText()).trim();
  expect(code).toMatch(/^\d{4} \d{4} \d{4}$/);
  await snap(page, 'election-code-360');
  await signOut(page);

  // ── a resident votes on the phone: one office per screen, confirmed in words ─────────────
  await signInAs(page, users.voter.username);
  await page.goto(electionUrl);
  await until(page, async () => (await page.getByRole('link', { name: '我要投票' }).count()) > 0, 90_000);
  await page.getByRole('link', { name: '我要投票' }).first().click();
  await expect(page.getByRole('heading', { name: '选主任：最多选 1 人' })).toBeVisible();
  await snap(page, 'election-ballot-director-360');
  await page.getByRole('group', { name: d1 }).getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('group', { name: v1 }).getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  for (const m of [m1, m2, m3, m4]) await page.getByRole('group', { name: m }).getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('alert')).toHaveText('委员只选3人，您选了4人，请减少。');
  await page.getByRole('group', { name: m4 }).getByLabel('弃权').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('您选择了：')).toBeVisible();
  await expect(page.getByText(`委员：赞成 ${m1}、${m2}、${m3}`)).toBeVisible();
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-ballot-confirm-360');
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { name: '投票成功，谢谢您！' })).toBeVisible();
  const receipt = (await page.locator('output.el-code').innerText()).trim();
  expect(receipt).toMatch(/^\d{4} \d{4} \d{4}$/);
  await snap(page, 'election-receipt-360');
  await page.goto(`${electionUrl}/vote`);
  await expect(page.getByText('您已经投过票了（网上投票），不能再投。')).toBeVisible();
  await signOut(page);

  // ── a voter without an account votes with the code (public page, no sign-in) ─────────────
  await page.goto(`/p/${slug}/elections`);
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('link', { name: '用投票码投票' }).click();
  await page.getByLabel('投票码').fill(code);
  await page.getByRole('button', { name: '开始投票' }).click();
  await page.getByRole('group', { name: d1 }).getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('group', { name: v1 }).getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  for (const m of [m1, m2, m4]) await page.getByRole('group', { name: m }).getByLabel('赞成').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { name: '投票成功，谢谢您！' })).toBeVisible();

  // ── paper box entered, confirmed by a second member; polls close; tally ──────────────────
  await signInAs(page, users.clerk.username);
  await page.goto(`${electionUrl}/polling`);
  await page.getByLabel('投票站（票箱）名称').fill('一号投票站');
  await page.getByLabel('发出选票张数').fill('5');
  await page.getByLabel('收回选票张数').fill('5');
  const paper: Record<string, number> = { [d1!]: 4, [d2!]: 1, [v1!]: 4, [v2!]: 1, [m1!]: 4, [m2!]: 4, [m3!]: 4, [m4!]: 2 };
  for (const [name, n] of Object.entries(paper)) await page.getByLabel(new RegExp(`^${name}（.*）赞成票$`)).fill(String(n));
  await page.getByLabel('签名计票单的照片或扫描件').setInputFiles({ name: '计票单.png', mimeType: 'image/png', buffer: TINY_PNG });
  await page.getByRole('button', { name: '录入' }).click();
  await expect(page.getByText('等待第二人核对')).toBeVisible();
  await expect(page.getByRole('button', { name: '我已核对，确认无误' })).toHaveCount(0); // not by the one who entered it
  await signOut(page);
  await signInAs(page, users.second.username);
  await page.goto(`${electionUrl}/polling`);
  await page.getByRole('button', { name: '我已核对，确认无误' }).click();
  await expect(page.getByText(`核对：${users.second.name}`)).toBeVisible();
  await snap(page, 'election-paper-360');
  await page.goto(electionUrl);
  await whenAllowed(page, '结束投票');
  await whenAllowed(page, '计票并公布结果');
  await expect(page.getByText('结果公示').first()).toBeVisible();
  await signOut(page);

  // ── the public page: chart with numbers, and the receipt check ───────────────────────────
  await page.goto(`/p/${slug}/elections`);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: '新一届居民委员会' })).toBeVisible();
  const director = page.getByRole('listitem').filter({ hasText: d1! }).filter({ hasText: '票，占' }).first();
  await expect(director).toContainText('当选');
  await expect(director).toContainText('6 票，占 85.7%');
  await expect(page.getByText('参加投票：7 人 / 选民 10 人（70%）')).toBeVisible();
  await page.getByRole('textbox', { name: '回执码' }).fill(receipt);
  await page.getByRole('button', { name: '查验' }).click();
  await expect(page.getByRole('status')).toHaveText('已找到：这张选票在第1轮中，已计入公布的结果。');
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-public-360');
  await page.getByRole('textbox', { name: '回执码' }).fill('0000 0000 0000');
  await page.getByRole('button', { name: '查验' }).click();
  await expect(page.getByRole('status')).toHaveText('没有找到这个回执码，请核对后再输入。');

  // Large text: nothing runs off the side of a 360-px screen.
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important')); // CSSOM: allowed by the CSP, unlike an injected <style>
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-public-large-text-360');
});

test('the demo: a finished election with its results, an open one that a resident votes in', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/p/chunhui/elections');
  await page.getByRole('link', { name: /2021年春晖社区居民委员会换届选举/ }).click();
  await expect(page.getByRole('heading', { name: '新一届居民委员会' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '第2轮：另行选举' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-demo-finished-360');

  await signInAs(page, 'resident');
  await page.goto('/c/chunhui/elections');
  await page.getByRole('link', { name: /2026年春晖社区居民委员会换届选举/ }).click();
  await page.getByRole('link', { name: '我要投票' }).first().click();
  await expect(page.getByText('投票人：周玉珍')).toBeVisible();
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important')); // CSSOM: allowed by the CSP, unlike an injected <style>
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-demo-ballot-large-text-360');
  for (let i = 0; i < 3; i++) {
    // Wait for each screen before marking it: a click on the previous screen's button would cancel its step.
    await expect(page.getByText(`第 ${i + 1} 步，共 4 步`)).toBeVisible();
    await page.getByRole('group').first().getByLabel('赞成').check();
    await page.getByRole('button', { name: '下一步' }).click();
  }
  await expect(page.getByText('您选择了：')).toBeVisible();
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { name: '投票成功，谢谢您！' })).toBeVisible();
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important')); // CSSOM: allowed by the CSP, unlike an injected <style>
  await expectNoHorizontalScroll(page);
  await snap(page, 'election-demo-receipt-large-text-360');
});
