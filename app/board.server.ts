/** Loader logic shared by the community board, the street office's board and their Atom feeds. */
import { Feed } from 'feed';
import { boardChain, boardPage, boardYears, type BoardEntry, type BoardScope } from '../db/board.server';
import type { Sql } from '../db/client.server';
import { boardFilterFrom, boardSearch } from '../domain/board';
import { disclosureStatus } from '../domain/disclosure';
import type { BoardListEntry } from './components/board/BoardList';
import { boardMessages } from './i18n/board-messages';

const kindZh = boardMessages['zh-CN'].board.kind;

export async function streetOfficeBySlug(sql: Sql, slug: string) {
  const [row] = await sql<{ id: string; slug: string; nameZh: string; nameEn: string }[]>`
    select id, slug, name_zh as "nameZh", name_en as "nameEn" from street_offices where slug = ${slug}`;
  return row;
}

export async function allStreetOffices(sql: Sql) {
  return sql<{ slug: string; nameZh: string; nameEn: string }[]>`
    select slug, name_zh as "nameZh", name_en as "nameEn" from street_offices order by name_zh`;
}

export async function communitiesOfStreet(sql: Sql, streetOfficeId: string) {
  return sql<{ slug: string; nameZh: string; nameEn: string }[]>`
    select slug, name_zh as "nameZh", name_en as "nameEn" from communities
    where street_office_id = ${streetOfficeId} order by name_zh`;
}

const toListEntry = (now: number) => (e: BoardEntry): BoardListEntry => ({
  id: e.id,
  seq: e.seq,
  kind: e.kind,
  title: e.title,
  communitySlug: e.communitySlug,
  communityNameZh: e.communityNameZh,
  communityNameEn: e.communityNameEn,
  publishedAt: new Date(e.publishedAt).getTime(),
  visibleUntil: e.visibleUntil ? new Date(e.visibleUntil).getTime() : null,
  correctionReason: e.correctionReason,
  status: disclosureStatus({ visibleUntil: e.visibleUntil ? new Date(e.visibleUntil).toISOString() : null }, e.corrected, now),
});

/** One page of a board, its filters (echoed for the form), the years to pick from and page links. */
export async function loadBoard(sql: Sql, request: Request, scope: BoardScope) {
  const url = new URL(request.url);
  const { filter, error } = boardFilterFrom(url);
  const [page, years] = await Promise.all([boardPage(sql, scope, filter), boardYears(sql, scope)]);
  return {
    filter: { groups: filter.groups, year: filter.year, q: filter.q },
    error,
    years,
    entries: page.entries.map(toListEntry(Date.now())),
    olderHref: page.next ? boardSearch(filter, page.next) : undefined,
    newestHref: filter.before ? boardSearch(filter) || '.' : undefined,
  };
}

export const loadChain = (sql: Sql, communityId: string) => boardChain(sql, communityId);

/** Feed titles and summaries are HTML (`type="html"`): a title's text must not become markup. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The address people use (MINYI_PUBLIC_URL), else the request's own. */
export function publicOrigin(request: Request): string {
  const configured = process.env.MINYI_PUBLIC_URL;
  return (configured ? new URL(configured) : new URL(request.url)).origin;
}

/** An Atom 1.0 feed of the newest disclosures of a scope (filters from the address apply too). */
export async function boardFeed(
  sql: Sql,
  request: Request,
  scope: BoardScope,
  meta: { title: string; path: string },
): Promise<Response> {
  const origin = publicOrigin(request);
  const { filter } = boardFilterFrom(new URL(request.url));
  const page = await boardPage(sql, scope, { ...filter, before: undefined, pageSize: 50 });
  const feed = new Feed({
    title: meta.title,
    id: `${origin}${meta.path}`,
    link: `${origin}${meta.path}`,
    language: 'zh-CN',
    copyright: '',
    updated: page.entries[0] ? new Date(page.entries[0].publishedAt) : new Date(0),
    feedLinks: { atom: `${origin}${meta.path}/feed.xml` },
  });
  for (const e of page.entries) {
    const link = `${origin}/p/${e.communitySlug}/d/${e.id}`;
    feed.addItem({
      title: html(e.title),
      id: link,
      link,
      date: new Date(e.publishedAt),
      description: html(`${e.communityNameZh} · ${kindZh[e.kind]}${e.correctionReason ? ` · 更正：${e.correctionReason}` : ''} · SHA-256 ${e.hash}`),
    });
  }
  return new Response(feed.atom1(), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
  });
}
