/**
 * The public reads the board without an account and without JavaScript: the street office's board,
 * a search in Chinese, a kind filter, the feed, and a full chain check that shows its progress.
 */
import { expect, test } from '@playwright/test';

test.describe('public board without JavaScript', () => {
  test('street office board, Chinese search, filter by kind, feed', async ({ page, request }) => {
    await page.goto('/');
    await page.getByRole('link', { name: '和平街道办事处公开栏' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('和平街道办事处公开栏');
    const entries = page.locator('ol.cards > li');
    await expect(entries.first().locator('.tag').nth(2)).toHaveText(/社区/); // the community is named on the street board
    // other journeys publish before this one runs, so the demo's lift motion may be past page 1: search the street
    await page.getByLabel('搜索（标题和内容）').fill('电梯');
    await page.getByRole('button', { name: '查找' }).click();
    await expect(page).toHaveURL(/\/s\/heping\?q=%E7%94%B5%E6%A2%AF/);
    await expect(entries.filter({ hasText: '1号楼加装电梯' }).filter({ hasText: '春晖社区' }).first()).toBeVisible();

    await page.goto('/p/chunhui');
    await page.getByLabel('搜索（标题和内容）').fill('电梯');
    await page.getByRole('button', { name: '查找' }).click();
    await expect(page).toHaveURL(/\?q=%E7%94%B5%E6%A2%AF/);
    // the lift motion's resolution and results, and the catalogue whose items mention the lift
    await expect(entries.filter({ hasText: '1号楼加装电梯' }).first()).toBeVisible();
    const found = await entries.count();
    await page.goto('/p/chunhui');
    expect(found).toBeLessThan(await entries.count());

    await page.getByLabel('搜索（标题和内容）').fill('没有这样的内容');
    await page.getByRole('button', { name: '查找' }).click();
    await expect(page.getByText('没有符合条件的公开内容。')).toBeVisible();

    await page.getByRole('link', { name: '清除条件' }).click();
    await page.getByRole('checkbox', { name: '实施结果公开' }).check();
    await page.getByRole('button', { name: '查找' }).click();
    await expect(entries.first()).toBeVisible();
    for (const tag of await entries.locator('.tag:first-child').allTextContents()) expect(tag).toBe('实施结果公开');

    const feed = await request.get('/p/chunhui/feed.xml');
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
    expect(await feed.text()).toContain('1号楼加装电梯');
  });

  test('anyone starts a full check of the chain and sees its result', async ({ page }) => {
    await page.goto('/p/chunhui');
    await page.getByRole('link', { name: '从头完整校验全部记录' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('春晖社区公开记录完整校验');
    await page.getByRole('button', { name: '现在完整校验' }).click();
    // Without JavaScript the page refreshes itself while the check runs.
    await expect(page.getByRole('heading', { name: /^上次完整校验：/ })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/^校验通过：\d+ 条公开内容首尾相连/)).toBeVisible();
    await page.getByRole('link', { name: '返回公开栏' }).click();
    await expect(page.getByText(/^上次完整校验：\d{4}年/)).toBeVisible();
  });
});
