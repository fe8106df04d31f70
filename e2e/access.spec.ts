/**
 * Every page of the application passes axe-core's WCAG 2.2 AA rules, for each role and for the
 * public (issue 14 item 7): the walk follows every link a person sees, one visit per route; the
 * public pages are checked once, in the public's walk. Each page also shows words, never a raw
 * message key (the English walk is e2e/i18n.spec.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { crawl, rawKeysOn, shapeOf } from './crawl';
import { signInAs } from './helpers';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const USERS = [null, 'secretary', 'party-committee', 'director', 'party-member', 'representative', 'group-leader', 'resident', 'supervisor', 'election-committee', 'street-office', 'admin'] as const;

// A page whose shape (route and controls, see `shapeOf`) an earlier role's walk has judged is not
// judged again: the roles run one after another in one worker, and most share most pages.
const judged = new Set<string>();

for (const user of USERS) {
  test(`axe finds no WCAG 2.2 AA violation on any page for ${user ?? 'the public'}`, async ({ page }) => {
    test.setTimeout(300_000);
    if (user) await signInAs(page, user);
    const problems: string[] = [];
    const starts = user === 'admin' ? ['/', '/admin'] : user ? ['/', '/tasks', '/c/chunhui'] : ['/', '/login', '/p/chunhui', '/s/heping'];
    // the public pages are the same for everyone: the public's walk checks them once
    const skip = user ? (url: string) => /^\/(p|s)\//.test(url) : undefined;
    const visits = await crawl(
      page,
      starts,
      async (url) => {
        for (const key of await rawKeysOn(page)) problems.push(`${url}: raw message key ${key}`);
        const shape = await shapeOf(page, url);
        if (judged.has(shape)) return;
        const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        for (const v of result.violations)
          problems.push(
            `${url}: ${v.id} (${v.impact}) ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`
          );
        judged.add(shape);
      },
      { skip }
    );
    for (const v of visits) if (v.status >= 500) problems.push(`${v.status} ${v.url}`);
    expect(visits.filter((v) => v.status < 400).length).toBeGreaterThanOrEqual(user === 'admin' ? 2 : 5);
    expect(problems).toEqual([]);
  });
}
