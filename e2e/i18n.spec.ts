/**
 * Every page a person can reach from their home, in English, shows words — never a raw message key
 * like `motion.state.draft` — and never fails with a server error. (In Chinese the axe walk,
 * e2e/access.spec.ts, checks the same on every page of every role.) The walk reads the pages as the
 * server sends them, without JavaScript: every page works so (old phones), the words are the same,
 * and not hydrating each page halves the walk on two cores.
 */
import { expect, test } from '@playwright/test';
import { crawl, rawKeysOn } from './crawl';
import { signInAs } from './helpers';

test.use({ javaScriptEnabled: false });

for (const user of ['secretary', 'director', 'supervisor', 'street-office', 'resident', null]) {
  test(`no raw message keys or server errors in English for ${user ?? 'the public'}`, async ({ page }) => {
    test.setTimeout(180_000);
    if (user) await signInAs(page, user);
    const problems: string[] = [];
    const starts = user
      ? ['/', '/tasks', '/c/chunhui', '/c/chunhui/motions', '/c/chunhui/elections', '/c/chunhui/consultations', '/c/chunhui/catalogue']
      : ['/', '/p/chunhui', '/p/chunhui/catalogue', '/p/chunhui/consultations', '/p/chunhui/elections'];
    const visits = await crawl(page, starts, async (url) => {
      for (const key of await rawKeysOn(page)) problems.push(`${url}: ${key}`);
    }, { query: 'lng=en', limit: 50 });
    for (const v of visits) if (v.status >= 500) problems.push(`${v.status} ${v.url}`);
    expect(visits.filter((v) => v.status < 400).length).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
}
