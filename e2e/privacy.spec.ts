/**
 * No personal data on anything the public can read (issue 14 item 6, DOMAIN.md §6 "never public",
 * §3.8): every public page, feed and chain download of the demo data is read without an account and
 * searched for phone numbers, ID numbers, room numbers and anything that ties a representative or a
 * voter to a choice. The personal data is taken from the database itself, so a leak of a real
 * record's value is found even where no pattern would catch it.
 */
import { expect, test } from '@playwright/test';
import { connect } from '../db/client.server';
import { crawl } from './crawl';
import { patternLeaks } from './leaks';

interface Secrets {
  /** Values that must never appear: phones, masked IDs, building + unit + room. */
  values: string[];
  /** Representatives who cast a named vote and hold no public office (§3.8: the public sees the tally). */
  voters: string[];
}

async function secrets(): Promise<Secrets> {
  const sql = connect(process.env.DATABASE_URL!, 1);
  try {
    const phones = await sql<{ v: string }[]>`
      select phone as v from users where phone is not null
      union select phone from voters where phone is not null
      union select phone_masked from people where phone_masked is not null`;
    const ids = await sql<{ v: string }[]>`select distinct id_masked as v from voters`;
    const voters = await sql<{ v: string }[]>`
      select distinct u.display_name as v
        from representative_votes rv join users u on u.id = rv.voter_id
       where not exists (
         select 1 from memberships m
          where m.user_id = u.id
            and m.role in ('party_secretary', 'party_committee_member', 'committee_member', 'supervisor', 'street_office_admin'))`;
    return {
      values: [...phones, ...ids].map((r) => r.v),
      voters: voters.map((r) => r.v),
    };
  } finally {
    await sql.end();
  }
}

function findLeaks(where: string, text: string, s: Secrets): string[] {
  const found = patternLeaks(text).map((f) => `${where}: ${f}`);
  for (const v of s.values) if (text.includes(v)) found.push(`${where}: personal value "${v}"`);
  for (const name of s.voters) if (text.includes(name)) found.push(`${where}: representative "${name}" named`);
  return found;
}

test('no public page, feed or download carries personal data or a named vote', async ({ page, request }) => {
  test.setTimeout(240_000);
  const s = await secrets();
  expect(s.values.length).toBeGreaterThan(5); // the demo has people with phones and voters with IDs
  expect(s.voters.length).toBeGreaterThan(0); // …and representatives who voted by name
  const leaks: string[] = [];
  const downloads = new Set<string>(['/p/chunhui/feed.xml', '/p/liuyin/feed.xml', '/s/heping/feed.xml', '/p/chunhui/chain.json', '/p/liuyin/chain.json']);
  for (const lng of ['zh-CN', 'en']) {
    const visits = await crawl(
      page,
      ['/', '/p/chunhui', '/p/liuyin', '/s/heping', '/p/chunhui/elections', '/p/chunhui/consultations', '/p/chunhui/catalogue'],
      async (url) => {
        leaks.push(...findLeaks(`${lng} ${url}`, await page.content(), s));
        for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!)))
          if (/\/files\/|[./](json|xml|csv)(\?|$)/.test(href) && href.startsWith('/')) downloads.add(href);
      },
      { query: `lng=${lng}`, limit: 120 }
    );
    expect(visits.some((v) => v.url.includes('/d/'))).toBe(true); // a disclosure page was read
    for (const v of visits) expect.soft(v.status, v.url).toBeLessThan(500);
  }
  for (const url of downloads) {
    const res = await request.get(url);
    expect.soft(res.status(), url).toBeLessThan(400);
    const type = res.headers()['content-type'] ?? '';
    if (/json|xml|text/.test(type)) leaks.push(...findLeaks(url, await res.text(), s));
  }
  expect(leaks).toEqual([]);
});
