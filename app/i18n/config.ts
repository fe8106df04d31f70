import i18next, { type i18n as I18n } from 'i18next';
import { resources } from './resources';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export function asLang(value: unknown): Lang | undefined {
  return LANGUAGES.find((l) => l === value);
}

const instances = new Map<Lang, I18n>();

/**
 * One initialised i18next instance per language, shared by server render and hydration. Resources
 * are bundled (a few kB), so initialisation is synchronous and nothing is fetched.
 */
export function i18nFor(lang: Lang): I18n {
  let instance = instances.get(lang);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      lng: lang,
      fallbackLng: DEFAULT_LANG,
      supportedLngs: [...LANGUAGES],
      resources,
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      showSupportNotice: false,
    } as Parameters<I18n['init']>[0]);
    instances.set(lang, instance);
  }
  return instance;
}

export type TFunction = I18n['t'];
export const tFor = (lang: Lang): TFunction => i18nFor(lang).t.bind(i18nFor(lang)) as TFunction;
