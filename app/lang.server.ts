import { createCookie } from '@remix-run/node';
import { DEFAULT_LANG, asLang, tFor, type Lang } from './i18n/config';

export const langCookie = createCookie('minyi_lang', { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });

/** zh-CN unless the person chose English (cookie) or the link says so (`?lng=en`). */
export async function langOf(request: Request): Promise<Lang> {
  const fromQuery = asLang(new URL(request.url).searchParams.get('lng'));
  if (fromQuery) return fromQuery;
  return asLang(await langCookie.parse(request.headers.get('Cookie'))) ?? DEFAULT_LANG;
}

export async function tOf(request: Request) {
  return tFor(await langOf(request));
}
