import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { DEFAULT_LANG, LANGUAGES } from '~/i18n/config';
import { langCookie } from '~/lang.server';
import { readForm } from '~/forms.server';
import { safeRedirect } from '~/safe-redirect';

/** The switch's two fields; an unknown language or a foreign address falls back rather than fails. */
const langFormSchema = z.object({ lng: z.enum(LANGUAGES).catch(DEFAULT_LANG), redirectTo: z.string().max(2048).optional().catch(undefined) });

/** The language switch: a plain form post, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod((await readForm(request)).formData, { schema: langFormSchema });
  const { lng, redirectTo } = submission.status === 'success' ? submission.value : { lng: DEFAULT_LANG, redirectTo: undefined };
  const url = new URL(safeRedirect(redirectTo), 'http://x');
  url.searchParams.delete('lng');
  throw redirect(url.pathname + url.search, { headers: { 'Set-Cookie': await langCookie.serialize(lng) } });
}

export const loader = () => redirect('/');
