/**
 * `npm run screens`: 360-px screenshots of the key pages into docs/screens/ (issue 14 item 7), on the
 * demo data. Not part of `npm test` (the Playwright config picks this file only for `npm run screens`).
 */
import { test, type Page } from '@playwright/test';
import { signInAs } from './helpers';

const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screens/${name}.png`, fullPage: true });

test('key pages at 360 px', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const pub: [string, string][] = [
    ['home', '/'],
    ['street-board', '/s/heping'],
    ['community-board', '/p/chunhui'],
    ['board-search', '/p/chunhui?q=电梯'],
    ['verify', '/p/chunhui/verify'],
    ['public-elections', '/p/chunhui/elections'],
    ['public-consultations', '/p/chunhui/consultations'],
    ['catalogue', '/p/chunhui/catalogue'],
    ['login', '/login'],
  ];
  for (const [name, url] of pub) {
    await page.goto(url);
    await shot(page, name);
  }
  await page.goto('/p/chunhui');
  await page.locator('ol.cards > li a').first().click();
  await shot(page, 'disclosure');
  await page.getByRole('link', { name: '打印公示（A4）' }).click();
  await page.waitForURL(/\/notice$/);
  await shot(page, 'notice');

  const as = async (user: string, pages: [string, string][]) => {
    const ctx = await browser.newContext({
      viewport: { width: 360, height: 780 },
      locale: 'zh-CN',
      deviceScaleFactor: 1,
    });
    const p = await ctx.newPage();
    await signInAs(p, user);
    for (const [name, url] of pages) {
      await p.goto(url);
      await shot(p, name);
    }
    await ctx.close();
  };
  await as('secretary', [
    ['community', '/c/chunhui'],
    ['motions', '/c/chunhui/motions'],
    ['tasks', '/tasks'],
    ['elections', '/c/chunhui/elections'],
  ]);
  await as('director', [['finance', '/c/chunhui/finance']]);
  await as('street-office', [
    ['street-office', '/so/heping'],
    ['people', '/c/chunhui/people'],
    ['roles', '/c/chunhui/roles'],
    ['settings', '/c/chunhui/settings'],
    ['audit', '/c/chunhui/audit'],
  ]);
});
