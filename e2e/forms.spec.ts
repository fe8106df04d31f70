import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test.describe('form bodies and ids that the site refuses, in plain words', () => {
  test('an oversized form gets a localized 413 page and nothing is created', async ({ page, baseURL }) => {
    await signInAs(page, 'secretary');
    await page.goto('/c/chunhui/motions');
    const before = await page.getByRole('link').count();
    const response = await page.request.post('/c/chunhui/motions/new', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseURL!, Accept: 'text/html' },
      data: `title=${encodeURIComponent('超长议题')}&background=${'x'.repeat(300 * 1024)}`,
      maxRedirects: 0,
    });
    expect(response.status()).toBe(413);
    const html = await response.text();
    expect(html).toContain('提交的内容太大了');
    expect(html).toContain('什么也没有保存');
    await page.goto('/c/chunhui/motions');
    expect(await page.getByRole('link').count()).toBe(before);
  });

  test('a malformed id in the address is “not found”, not a server error', async ({ page }) => {
    await signInAs(page, 'secretary');
    for (const path of ['/c/chunhui/elections/abc', '/c/chunhui/consultations/------------------------------------', '/p/chunhui/elections/x/vote']) {
      const response = await page.goto(path);
      expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(/找不到/);
    }
  });
});
