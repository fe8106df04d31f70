import type { Page } from '@playwright/test';
import { resources } from '../app/i18n/resources';

/** Downloads, feeds and actions are not pages to read. */
const NOT_A_PAGE = /\/files\/|\/logout|\/lang\b|[./](json|xml|mjs|csv|xlsx|pdf)(\?|$)/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** One address per route: `/c/x/motions/<uuid>` and `/c/y/motions/<other uuid>` are the same page. */
export function routeOf(url: string): string {
  return url
    .split('?')[0]!
    .replace(UUID, ':id')
    .replace(/\/\d+(?=\/|$)/g, '/:n')
    .replace(/^\/(c|p|s|so)\/[^/]+/, '/$1/:slug');
}

export interface Visit {
  url: string;
  status: number;
}

/**
 * Walks every page reachable by links from `starts`, one visit per route (see `routeOf`), and calls
 * `onPage` on each page that loaded. Returns what it visited.
 */
export async function crawl(
  page: Page,
  starts: string[],
  onPage: (url: string) => Promise<void>,
  o: { limit?: number; query?: string; skip?: (url: string) => boolean } = {}
): Promise<Visit[]> {
  const seen = new Set<string>();
  const visits: Visit[] = [];
  const queue = [...starts];
  while (queue.length && visits.length < (o.limit ?? 80)) {
    const url = queue.shift()!;
    const route = routeOf(url);
    if (seen.has(route) || NOT_A_PAGE.test(url) || o.skip?.(url)) continue;
    seen.add(route);
    const target = o.query ? `${url}${url.includes('?') ? '&' : '?'}${o.query}` : url;
    const res = await page.goto(target);
    const status = res?.status() ?? 0;
    visits.push({ url, status });
    if (status >= 400 || !res) continue;
    await onPage(url);
    const links = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
    for (const l of links) if (!seen.has(routeOf(l))) queue.push(l.replace(/[?&]lng=[^&]*/, ''));
  }
  return visits;
}

/**
 * What axe judges on a page beyond its text: its route and the set of controls it offers (forms by
 * target, fields by kind and name, buttons). Two roles that reach the same route and are offered the
 * same controls see the same markup with other words in it; a role with one more form does not.
 */
export async function shapeOf(page: Page, url: string): Promise<string> {
  const controls = await page
    .locator('main :is(form, button, input, select, textarea, details, table)')
    .evaluateAll((els) =>
      els.map((el) => [el.tagName, el.getAttribute('type') ?? '', el.getAttribute('name') ?? '', el.tagName === 'FORM' ? (el.getAttribute('action') ?? '') : ''] as const),
    );
  const kinds = controls.map(([tag, type, name, action]) => `${tag}:${type}:${name}:${action && routeOf(action)}`);
  return `${routeOf(url)} ${[...new Set(kinds)].sort().join(' ')}`;
}

/** A message key shown instead of words (`motion.state.draft`): a translation is missing. */
const RAW_KEY = new RegExp(`\\b(${Object.keys(resources.en.translation).join('|')})\\.[a-zA-Z_]+(\\.[a-zA-Z_]+)*`, 'g');

/** Raw message keys in the page's main text. */
export async function rawKeysOn(page: Page): Promise<string[]> {
  return (await page.locator('main').innerText()).match(RAW_KEY) ?? [];
}
