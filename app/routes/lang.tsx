import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { DEFAULT_LANG, asLang } from '~/i18n/config';
import { langCookie } from '~/lang.server';
import { readForm } from '~/forms.server';
import { safeRedirect } from '~/safe-redirect';

/** The language switch: a plain form post, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const { formData: form } = await readForm(request);
  const lang = asLang(form.get('lng')) ?? DEFAULT_LANG;
  const url = new URL(safeRedirect(form.get('redirectTo')), 'http://x');
  url.searchParams.delete('lng');
  throw redirect(url.pathname + url.search, { headers: { 'Set-Cookie': await langCookie.serialize(lang) } });
}

export const loader = () => redirect('/');
