/**
 * A motion withdrawn and proposed again, without JavaScript at phone width (DOMAIN.md §3.5): the party
 * secretary withdraws a draft, its page offers "修改后重新提出", the new-motion form comes filled
 * with the earlier text and refuses it until what changed is said; the new motion names the old one.
 */
import { expect, test } from '@playwright/test';
import { shot, signInAs } from './helpers';

const C = '/c/kuaice';
const TITLE = `东门加装雨棚 ${Date.now() % 100000}`;

test('a withdrawn motion is changed and proposed again, and the form asks what changed', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signInAs(page, 'e2e-secretary');
  await page.goto(`${C}/motions/new`);
  await page.getByLabel('议题名称').fill(TITLE);
  await page.getByLabel('类别').selectOption({ label: '公共设施与亮化绿化' });
  await page.getByLabel('公益建设或服务项目及承包').check();
  await page.getByLabel('背景和调查论证').fill('东门候车的老人多，雨天没有遮挡。');
  await page.getByLabel('具体方案').fill('在东门加装 12 米雨棚。');
  await page.getByLabel('预计花费（元）').fill('30000');
  await page.getByLabel('资金来源').fill('社区惠民资金');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
  const first = new URL(page.url()).pathname;

  await page.getByRole('link', { name: '撤回议题' }).click();
  await page.getByLabel('撤回理由').fill('方案要和物业再商量。');
  await page.getByLabel('党组织撤回决定的编号').fill('党委〔2026〕3号');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(async () => {
    await page.goto(first);
    await expect(page.locator('.stage-badge')).toHaveText('已撤回', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  await page.getByRole('link', { name: '修改后重新提出' }).click();
  await expect(page.getByText(`重新提出：第`)).toBeVisible();
  await expect(page.getByLabel('议题名称')).toHaveValue(TITLE);
  await expect(page.getByLabel('具体方案')).toHaveValue('在东门加装 12 米雨棚。');
  await page.getByLabel('议题名称').fill(`${TITLE}（缩短）`);
  await page.getByLabel('预计花费（元）').fill('20000');
  // The browser would stop an empty required field; without it the server refuses beside the field.
  await page.getByLabel('和原议题相比改了什么、为什么改').evaluate((el) => el.removeAttribute('required'));
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('请写明和上次相比改了什么')).toBeVisible();
  await expect(page.getByLabel('议题名称')).toHaveValue(`${TITLE}（缩短）`);
  await shot(page, 'motion-again-refused');

  await page.getByLabel('和原议题相比改了什么、为什么改').fill('和物业商量后雨棚缩短为 8 米，花费减为 2 万元。');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('heading', { name: `${TITLE}（缩短）` })).toBeVisible();
  expect(new URL(page.url()).pathname).not.toBe(first);
  // Each page names the other: the new one what it re-proposes and what changed, the first one what followed.
  const linked = page.getByRole('region', { name: '关联议题' });
  await expect(linked.getByText('和物业商量后雨棚缩短为 8 米，花费减为 2 万元。')).toBeVisible();
  await linked.getByRole('link', { name: new RegExp(`${TITLE}$`) }).click();
  expect(new URL(page.url()).pathname).toBe(first);
  await expect(page.getByRole('region', { name: '关联议题' }).getByRole('link', { name: new RegExp(`${TITLE}（缩短）`) })).toBeVisible();
  await shot(page, 'motion-again-linked');
  await ctx.close();
});
