/**
 * 财务公开 in the browser at phone width (issue 14 item 2): the director imports the quarter from an
 * XLSX file, a bad file is refused with its rows named, the supervision committee returns it once and
 * then approves it, the director publishes it, and the public finds it on the board under 财务公开 and
 * downloads its lines.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signInAs } from './helpers';

test.describe.configure({ timeout: 180_000 });

const year = 2030 + (Date.now() % 60); // a quarter no earlier run has published
async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账目');
  ws.addRow(['日期', '收支', '项目', '金额（元）', '对方单位']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function as(browser: Browser, user: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await signInAs(page, user);
  return page;
}
const account = (page: Page) => page.getByRole('region', { name: `${year}年第3季度` });

async function importQuarter(page: Page, rows: (string | number)[][]) {
  await page.goto('/c/chunhui/finance');
  const form = page.getByRole('region', { name: '导入季度账目' });
  await form.getByLabel('年份').fill(String(year));
  await form.getByLabel('季度（1–4）').fill('3');
  await form.getByLabel('期初余额（元）').fill('20000');
  await form.getByLabel('账目表格（XLSX 或 CSV）').setInputFiles({ name: '三季度账目.xlsx', mimeType: 'application/octet-stream', buffer: await sheet(rows) });
  await form.getByRole('button', { name: '上传并检查' }).click();
}

test('the committee publishes a quarterly account after the supervisors review it', async ({ browser, page }) => {
  const director = await as(browser, 'director');
  await director.goto('/c/chunhui');
  await director.getByRole('link', { name: '财务公开' }).click();
  await expect(director.getByRole('heading', { level: 1 })).toHaveText('财务公开');

  await importQuarter(director, [[`${year}-07-03`, '收入', '公益金', 'abc', '']]);
  await expect(director.getByRole('alert')).toContainText('第 2 行 · 金额（元）：金额请填写大于 0 的数字');
  await expect(account(director)).toHaveCount(0);

  await importQuarter(director, [
    [`${year}-07-03`, '收入', '街道拨付社区公益金', 30000, '和平街道办事处'],
    [`${year}-08-20`, '支出', '健身器材更新', '8,600', '春城体育器材有限公司'],
  ]);
  await expect(director.getByRole('status')).toContainText('账目已导入为草稿');
  await expect(account(director)).toContainText('期初余额 20000 元，收入 30000 元，支出 8600 元，期末余额 41400 元。');
  await account(director).getByRole('button', { name: '提交监督委员会审核' }).click();
  await expect(account(director).locator('.tag')).toHaveText('待监督委员会审核');

  const supervisor = await as(browser, 'supervisor');
  await supervisor.goto('/c/chunhui/finance');
  await account(supervisor).getByLabel('审核意见').fill('器材采购请附合同编号');
  await account(supervisor).getByRole('button', { name: '退回修改' }).click();
  await expect(supervisor.getByRole('status')).toContainText('已退回');

  await director.reload();
  await expect(account(director)).toContainText('审核意见：器材采购请附合同编号');
  await account(director).getByRole('button', { name: '提交监督委员会审核' }).click();
  await expect(account(director).locator('.tag')).toHaveText('待监督委员会审核'); // submitted before the supervisor looks
  await supervisor.reload();
  await account(supervisor).getByRole('button', { name: '审核通过' }).click();
  await expect(supervisor.getByRole('status')).toContainText('已审核通过');

  await director.reload();
  await account(director).getByRole('button', { name: '在公开栏公布' }).click();
  await expect(director.getByRole('status')).toContainText('已在公开栏公布');

  // the public: board filter 财务公开, the entry, its lines as CSV
  await page.goto('/p/chunhui?kind=finance');
  await page.getByRole('link', { name: `${year}年第3季度财务公开` }).first().click();
  await expect(page.getByText('已经监督委员会审核')).toBeVisible();
  await expect(page.getByRole('cell', { name: '健身器材更新' })).toBeVisible();
  const csv = await page.request.get(page.url() + '/export/csv');
  expect(await csv.text()).toContain('健身器材更新');
});
