/**
 * 登记回避 without JavaScript at phone width (DOMAIN.md §8 #12): the director opens the demo's open
 * online vote, follows "登记回避", and a form with nobody ticked is refused beside the list. (Nothing
 * is recorded: the demo vote stays as the other journeys expect; the route test records one.)
 */
import { expect, test } from '@playwright/test';
import { shot, signInAs } from './helpers';

test('the director opens the recusal form of an open vote; nobody ticked is refused beside the list', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signInAs(page, 'director');
  await page.goto('/c/chunhui/motions');
  await page.getByRole('link', { name: /小区停车改造/ }).first().click();
  await page.getByRole('link', { name: '登记回避' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/登记回避：小区停车改造/);
  const list = page.getByRole('group', { name: '需要回避的人' });
  await expect(list.getByRole('checkbox').first()).toBeVisible();
  await page.getByRole('button', { name: '登记回避' }).click();
  await expect(page.getByText('请至少勾选一个人')).toBeVisible();
  await shot(page, 'recusal-refused');
  await ctx.close();
});
