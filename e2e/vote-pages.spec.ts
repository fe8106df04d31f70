/**
 * The vote pages ship no JavaScript at all (issue 15: they work with plain forms, and the app's
 * scripts cost an old phone more than the ballot): a browser with JavaScript on loads no script
 * from them and finds no <script> element, while the other pages still hydrate.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './helpers';

async function scriptsLoadedBy(page: Page, path: string): Promise<{ requests: string[]; elements: number }> {
  const requests: string[] = [];
  const seen = (r: { resourceType(): string; url(): string }) => {
    if (r.resourceType() === 'script') requests.push(r.url());
  };
  page.on('request', seen);
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('networkidle');
  page.off('request', seen);
  return { requests, elements: await page.locator('script').count() };
}

test('vote pages load no script; other pages still do', async ({ page }) => {
  await page.goto('/p/chunhui/elections');
  await page.getByRole('link', { name: /2026年春晖社区居民委员会换届选举/ }).click();
  await page.waitForURL(/\/p\/chunhui\/elections\/[^/]+$/);
  const publicElection = new URL(page.url()).pathname;
  expect(await scriptsLoadedBy(page, `${publicElection}/vote`)).toEqual({ requests: [], elements: 0 });

  await signInAs(page, 'representative');
  expect((await scriptsLoadedBy(page, '/c/chunhui/motions')).requests.length).toBeGreaterThan(0);
  const motionHref = await page.locator('main a[href^="/c/chunhui/motions/"]').first().getAttribute('href');
  expect(motionHref).toBeTruthy();
  expect(await scriptsLoadedBy(page, `${motionHref!.split('?')[0]}/vote`)).toEqual({ requests: [], elements: 0 });
  expect(await scriptsLoadedBy(page, `${publicElection.replace('/p/', '/c/')}/vote`)).toEqual({ requests: [], elements: 0 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
