/** The words of a notice (app/i18n/notify-messages.ts): an email's subject and text, an SMS template's parameters. */
import { tk } from '../app/i18n/keys';
import { formatShanghaiDateTime } from '../domain/calendar';
import type { NoticeKind, NoticeParams } from '../domain/notify/plan';
import { tFor, type Lang } from '../app/i18n/config';

const when = (v: unknown, lang: Lang) => (typeof v === 'number' ? formatShanghaiDateTime(v, lang) : '');

type Values = { title: string; bodyName: string; opensAt: string; closesAt: string; location: string; unit: string };

function values(params: NoticeParams, lang: Lang): Values {
  const t = tFor(lang);
  return {
    title: String(params.title ?? ''),
    bodyName: params.body ? tk(t, `motion.body.${String(params.body)}`) : '',
    opensAt: when(params.opensAt, lang),
    closesAt: when(params.closesAt, lang),
    location: params.location ? t('notify.template.location', { location: String(params.location) }) : '',
    unit: String(params.unit ?? ''),
  };
}

/** An email in the recipient's language, followed by the other one (a notice reaches whoever reads it). */
export function renderEmail(kind: NoticeKind, params: NoticeParams, lang: Lang, unsubscribeUrl?: string): { subject: string; text: string } {
  const langs: Lang[] = lang === 'en' ? ['en', 'zh-CN'] : ['zh-CN', 'en'];
  const parts = langs.map((l) => {
    const t = tFor(l);
    const body = t(`notify.template.${kind}.body`, values(params, l));
    return unsubscribeUrl ? `${body}\n\n${t('notify.template.unsubscribe', { url: unsubscribeUrl })}` : body;
  });
  return { subject: tFor(langs[0]!)(`notify.template.${kind}.subject`, values(params, langs[0]!)), text: parts.join('\n\n———\n\n') };
}

/** An SMS template's variables: short strings (the provider caps each; titles are cut to 20 characters). */
export function smsParams(params: NoticeParams): Record<string, string> {
  const v = values(params, 'zh-CN');
  const title = [...v.title].length > 20 ? [...v.title].slice(0, 19).join('') + '…' : v.title;
  return {
    title,
    ...(v.opensAt ? { opensAt: v.opensAt } : {}),
    ...(v.closesAt ? { closesAt: v.closesAt } : {}),
    ...(v.unit ? { unit: [...v.unit].length > 20 ? [...v.unit].slice(0, 19).join('') + '…' : v.unit } : {}),
  };
}
