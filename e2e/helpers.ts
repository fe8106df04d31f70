import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../db/seed.server';

/** Fills and submits the sign-in form (zh-CN). */
export async function attemptSignIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('用户名或手机号').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await attemptSignIn(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Signs out and waits until the app says so: `/login` sends a still-signed-in user home. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** No sideways scrolling at phone width, whatever the text size. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
