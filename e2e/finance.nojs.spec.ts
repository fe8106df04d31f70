/**
 * Importing a quarter's account without JavaScript: a quarter of 5 and a balance in words pass the
 * browser but not the server's schema; each refusal stands beside its field, what was typed stays,
 * and nothing is imported.
 */
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signInAs } from './helpers';

test('the finance import refuses a bad quarter and balance beside their fields, without JavaScript', async ({ page }) => {
  // 2090–2100: never a year finance.spec.ts imports (2030–2089), whose quarter would be on the page.
  const year = 2090 + ((Date.now() >> 10) % 11);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账目');
  ws.addRow(['日期', '收支', '项目', '金额（元）', '对方单位']);
  ws.addRow([`${year}-10-08`, '收入', '公益金', 100, '']);
  await signInAs(page, 'director');
  await page.goto('/c/chunhui/finance');
  const form = page.getByRole('region', { name: '导入季度账目' });
  await form.getByLabel('年份').fill(String(year));
  await form.getByLabel('季度（1–4）').fill('5');
  await form.getByLabel('期初余额（元）').fill('一千元');
  await form.getByLabel('账目表格（XLSX 或 CSV）').setInputFiles({ name: '账目.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
  await form.getByRole('button', { name: '上传并检查' }).click();
  await expect(form.getByLabel('季度（1–4）')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('季度只能是 1、2、3 或 4。')).toBeVisible();
  await expect(form.getByLabel('期初余额（元）')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('期初余额（元）')).toHaveValue('一千元');
  await expect(form.getByLabel('年份')).toHaveValue(String(year));
  await expect(page.getByRole('region', { name: new RegExp(`^${year}年第`) })).toHaveCount(0);
});
