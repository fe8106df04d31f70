import { expect, test } from '@playwright/test';
import { attemptSignIn, signInAs } from './helpers';

test.describe('without JavaScript', () => {
  test('sign-in, the language switch and sign-out are plain forms', async ({ page }) => {
    await signInAs(page, 'representative');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('您好，陈桂兰');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, 陈桂兰');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
  });

  test('a wrong password shows the error without scripts', async ({ page }) => {
    await attemptSignIn(page, 'representative', 'nope');
    await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确，请重新输入。');
  });
});
