/**
 * Every page a person can reach from their home, in Chinese and in English, shows words — never a
 * raw message key like `motion.state.draft` — and never fails with a server error.
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

const RAW_KEY =
  /\b(motionUi|motion|board|election|electionUi|consultation|consultationUi|form|app|home|community|roles|login|errors|attachments)\.[a-zA-Z_]+(\.[a-zA-Z_]+)*/g;

for (const user of ['secretary', 'director', 'supervisor', 'street-office', 'resident', null]) {
  test(`no raw message keys or server errors for ${user ?? 'the public'}`, async ({ page }) => {
    test.setTimeout(180_000);
    if (user) await signInAs(page, user);
    const problems: string[] = [];
    for (const lng of ['zh-CN', 'en']) {
      const seen = new Set<string>();
      const queue = user
        ? ['/', '/tasks', '/c/chunhui', '/c/chunhui/motions', '/c/chunhui/elections', '/c/chunhui/consultations', '/c/chunhui/catalogue']
        : ['/', '/p/chunhui', '/p/chunhui/catalogue', '/p/chunhui/consultations', '/p/chunhui/elections'];
      while (queue.length && seen.size < 50) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const res = await page.goto(`${url}${url.includes('?') ? '&' : '?'}lng=${lng}`);
        if (!res) continue;
        if (res.status() >= 500) problems.push(`${res.status()} ${url}`);
        if (res.status() >= 400) continue;
        const text = await page.locator('main').innerText();
        for (const m of text.match(RAW_KEY) ?? []) problems.push(`${lng} ${url}: ${m}`);
        const links = await page
          .locator('main a[href^="/c/"], main a[href^="/p/"]')
          .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
        for (const l of links) if (!l.includes('/files/') && !/[./](json|xml|mjs|csv|xlsx|pdf)$/.test(l)) queue.push(l); // downloads and feeds are not pages
      }
      expect(seen.size).toBeGreaterThan(5);
    }
    expect(problems).toEqual([]);
  });
}
