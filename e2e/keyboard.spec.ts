/**
 * The keyboard alone (issue 14 item 7): a resident without a mouse finds the street board, searches
 * it, opens an entry, downloads nothing by accident, signs in and reaches their tasks — every focused
 * control shows where the focus is.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../db/seed.server';

/** Presses Tab until the focused element matches; fails after `max` presses. Checks the focus ring. */
async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string }) => boolean, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a || a === document.body) return null;
      const style = getComputedStyle(a);
      const label = (a as HTMLInputElement).labels?.[0]?.textContent ?? a.getAttribute('aria-label') ?? '';
      return {
        tag: a.tagName.toLowerCase(),
        text: (a.textContent ?? '').trim(),
        label: label.trim(),
        ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
      };
    });
    if (!el) continue;
    expect(el.ring, `focus ring on ${el.tag} "${el.text || el.label}"`).toBe(true);
    if (matches(el)) return;
  }
  throw new Error('the control was not reached with Tab');
}

test('a resident uses the board and signs in with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await tabTo(page, (e) => e.tag === 'a' && e.text === '和平街道办事处公开栏');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('和平街道办事处公开栏');

  await tabTo(page, (e) => e.tag === 'input' && e.label.startsWith('搜索'));
  await page.keyboard.type('电梯');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=%E7%94%B5%E6%A2%AF/);
  await tabTo(page, (e) => e.tag === 'a' && e.text.includes('1号楼加装电梯'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('1号楼加装电梯');

  await page.goto('/login');
  await tabTo(page, (e) => e.tag === 'input' && e.label.includes('用户名'));
  await page.keyboard.type('resident');
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await tabTo(page, (e) => e.tag === 'a' && e.text.includes('待办'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tasks$/);
});
