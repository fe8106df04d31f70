import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../db/seed.server';

/** Fills and submits the sign-in form (zh-CN). */
export async function attemptSignIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('用户名或手机号').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * Signs in and waits until the app has left the sign-in page. A journey signs in to get somewhere
 * (sign-in itself is e2e/foundation.spec.ts's): when the page stays on /login — a throttled client
 * address while several phones sign in at once, a click before the page was ready on a busy machine —
 * it tries again, and at last fails with what the page said.
 */
export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD) {
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      // a slow first try may have signed in after all: /login then sends the person home
      await page.goto('/login');
      if (!new URL(page.url()).pathname.startsWith('/login')) return;
    }
    await attemptSignIn(page, username, password);
    const left = await page
      .waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20_000 })
      .then(() => true, () => false);
    if (left) return;
    const said = (await page.getByRole('alert').allInnerTexts()).join(' ');
    if (attempt === 3) throw new Error(`signing in as ${username} stayed on /login: ${said || '(nothing shown)'}`);
    const wait = Number(/(\d+)\s*秒/.exec(said)?.[1] ?? 1);
    await page.waitForTimeout(Math.min(60, wait) * 1000);
  }
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
