import type { Lang } from './config';

/** Bodies carry a Chinese and an English name; pick the one for the page's language. */
export const nameIn = (lang: Lang, x: { nameZh: string; nameEn: string }) => (lang === 'en' ? x.nameEn : x.nameZh);
