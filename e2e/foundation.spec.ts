import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../db/seed.server';
import { attemptSignIn, expectNoHorizontalScroll, shot, signInAs } from './helpers';

const ROLE_LABEL: Record<string, string> = {
  party_secretary: '党组织书记',
  party_committee_member: '党组织委员',
  committee_member: '居委会成员',
  party_member: '党员',
  resident_representative: '居民代表',
  group_leader: '居民小组长/楼栋长',
  resident: '居民',
  supervisor: '居务监督委员会成员',
  election_committee: '选举委员会成员',
};
const COMMUNITY = { chunhui: '春晖社区', liuyin: '柳荫社区' } as const;

test.describe('every demo login reaches its home page in zh-CN', () => {
  for (const account of DEMO_ACCOUNTS) {
    test(`${account.username} (${account.role})`, async ({ page }) => {
      await signInAs(page, account.username);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`您好，${account.displayName}`);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      if (account.community) {
        const card = page.getByRole('region', { name: COMMUNITY[account.community] });
        await expect(card.getByRole('listitem').filter({ hasText: ROLE_LABEL[account.role]! })).toBeVisible();
      } else if (account.role === 'street_office_admin') {
        await expect(page.getByText('街道范围：和平街道办事处')).toBeVisible();
        await expect(page.getByRole('region', { name: '春晖社区' })).toBeVisible();
        await expect(page.getByRole('region', { name: '柳荫社区' })).toBeVisible();
      } else {
        await expect(page.getByText('平台配置（不能查看社区事务内容）')).toBeVisible();
      }
      await expectNoHorizontalScroll(page);
      if (account.username === 'secretary') await shot(page, 'home-secretary-360');
    });
  }
});

test('a wrong password gets a plain error and reveals nothing else', async ({ page }) => {
  await attemptSignIn(page, 'secretary', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确，请重新输入。');
  await expect(page.getByLabel('密码')).toHaveValue('');
  await shot(page, 'login-error-360');
  await attemptSignIn(page, 'no-such-person', 'whatever');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确，请重新输入。');
});

test('the sixth failed sign-in within a minute is throttled', async ({ page }) => {
  const name = `guess-${Date.now()}`;
  for (let i = 0; i < 5; i++) {
    await attemptSignIn(page, name, `guess-${i}`);
    await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确，请重新输入。');
  }
  await attemptSignIn(page, name, 'guess-6');
  await expect(page.getByRole('alert')).toContainText('登录失败次数过多');
});

test('another community’s page is refused with a localized 403', async ({ page }) => {
  await signInAs(page, 'liuyin-secretary');
  const response = await page.goto('/c/chunhui');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('没有权限');
  await shot(page, 'forbidden-360');
  const own = await page.goto('/c/liuyin');
  expect(own?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('柳荫社区');
});

test('a community page lists office holders with masked phones', async ({ page }) => {
  await signInAs(page, 'secretary');
  await page.getByRole('link', { name: '进入春晖社区' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('春晖社区');
  const row = page.getByRole('listitem').filter({ hasText: '张伟' });
  await expect(row).toContainText('居委会成员');
  await expect(row).toContainText('138****0003');
  await expect(page.getByText('13800000003')).toHaveCount(0);
  await shot(page, 'community-360');
});

test('English is one tap away and stays chosen', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Minyi');
  await page.getByLabel('Username or phone number').fill('resident');
  await page.getByLabel('Password').fill('minyi-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, 周玉珍');
  await expect(page.getByRole('region', { name: 'Chunhui Community' }).getByText('Resident', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('您好，周玉珍');
});

test('sign-in works from the keyboard alone, and signing out ends the session', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名或手机号').focus();
  await page.keyboard.type('supervisor');
  await page.keyboard.press('Tab');
  await page.keyboard.type('minyi-demo');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('您好，吴国华');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
  const again = await page.goto('/c/chunhui');
  expect(page.url()).toContain('/login?redirectTo=%2Fc%2Fchunhui');
  expect(again?.status()).toBe(200);
});

test('body text is at least 18 px and pages survive doubled text size at 360 px', async ({ page }) => {
  await signInAs(page, 'secretary');
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(size).toBeGreaterThanOrEqual(18);
  const minTarget = await page.evaluate(() =>
    Math.min(...[...document.querySelectorAll('button, a.button')].map((e) => e.getBoundingClientRect().height)),
  );
  expect(minTarget).toBeGreaterThanOrEqual(44);
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important')); // CSSOM: allowed by the CSP, unlike an injected <style>
  await page.goto('/c/chunhui/motions');
  const motionPages = await page
    .locator('main h2 a')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
  expect(motionPages.length).toBeGreaterThan(2);
  await page.goto('/p/chunhui');
  const disclosures = await page
    .locator('main ol.cards h3 a')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
  expect(disclosures.length).toBeGreaterThan(2);
  for (const path of ['/', '/c/chunhui', '/tasks', '/c/chunhui/motions', ...motionPages, '/p/chunhui', ...disclosures, '/login']) {
    await page.goto(path);
    await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important')); // CSSOM: allowed by the CSP, unlike an injected <style>
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await expectNoHorizontalScroll(page);
  }
  await page.goto('/c/chunhui');
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important')); // CSSOM: allowed by the CSP, unlike an injected <style>
  await shot(page, 'community-large-text-360');
});
