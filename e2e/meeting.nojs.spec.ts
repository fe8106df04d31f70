/**
 * Convening a meeting without JavaScript: a place of spaces passes the browser's `required` but not
 * the server's schema; the refusal stands beside the field, what was typed and ticked stays (one
 * ticked channel comes back from conform as a string, not a list), and no meeting is made.
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test('the convene form refuses a blank place beside the field and keeps the rest, without JavaScript', async ({ page }) => {
  const title = `无地点会议 ${Date.now() % 100000}`;
  await signInAs(page, 'director');
  await page.goto('/c/chunhui/meetings/new');
  await page.getByLabel('会议名称').fill(title);
  await page.getByLabel('时间').fill('2030-01-15T19:00');
  await page.getByLabel('地点').fill('   ');
  await page.getByLabel('短信').check();
  await page.getByRole('button', { name: '发出会议通知' }).click();
  await expect(page.getByLabel('地点')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('请填写这一项')).toBeVisible();
  await expect(page.getByLabel('会议名称')).toHaveValue(title);
  await expect(page.getByLabel('公告栏')).toBeChecked();
  await expect(page.getByLabel('短信')).toBeChecked();
  await expect(page.getByLabel('电话')).not.toBeChecked();
  // one channel only: conform hands it back as a string
  await page.getByLabel('短信').uncheck();
  await page.getByRole('button', { name: '发出会议通知' }).click();
  await expect(page.getByLabel('地点')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('公告栏')).toBeChecked();
  await expect(page.getByLabel('短信')).not.toBeChecked();
  await page.goto('/c/chunhui/meetings');
  await expect(page.getByText(title)).toHaveCount(0);
});
