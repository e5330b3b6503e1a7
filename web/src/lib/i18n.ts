/**
 * The app's words: Bahasa Indonesia first, English by a switch that is remembered on this device.
 * Every visible string comes from web/src/i18n/{id,en}.json (web/i18n.test.ts keeps the two
 * catalogues in step and checks every key the code uses).
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import id from '../i18n/id.json';
import en from '../i18n/en.json';
import type { Lang } from './format';

export const LANGS: readonly Lang[] = ['id', 'en'];
const STORAGE_KEY = 'prasasti.lang';

function storedLang(): Lang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'id' ? v : 'id';
  } catch {
    return 'id'; // storage refused (private mode): Bahasa Indonesia
  }
}

export function initI18n(): typeof i18next {
  const lng = storedLang();
  void i18next.use(initReactI18next).init({
    resources: { id: { translation: id }, en: { translation: en } },
    lng,
    fallbackLng: 'id',
    supportedLngs: LANGS as Lang[],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export function setLang(lang: Lang): void {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered; the switch still works for this visit
  }
}

/** The reader's language and the translate function. */
export function useLang(): { lang: Lang; t: ReturnType<typeof useTranslation>['t'] } {
  const { t, i18n } = useTranslation();
  return { lang: i18n.resolvedLanguage === 'en' ? 'en' : 'id', t };
}
