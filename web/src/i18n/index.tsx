// Language context: Vietnamese by default, English on request (remembered in
// localStorage), with locale-aware date and number formatting and error texts.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { isApiError } from '../api.js';
import { en } from './en.js';
import { vi } from './vi.js';
import type { MessageKey, Messages } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'lamsach.lang';
const catalogues: Record<Lang, Messages> = { vi, en };
const locales: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/** Codes whose translation says everything; the server's own wording is not repeated. */
const SELF_EXPLANATORY = new Set([
  'invalid_credentials',
  'rate_limited',
  'unauthenticated',
  'password_change_required',
  'network_error',
  'bad_response',
  'forbidden',
  'not_found',
  'csrf_failed',
  'username_taken',
]);

export type Params = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  locale: string;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** 'YYYY-MM-DD' (shown as that calendar day) or an ISO timestamp (shown as its local day). */
  formatDate: (value: string | null | undefined) => string;
  formatDateTime: (value: string | null | undefined) => string;
  formatNumber: (value: number) => string;
  /** The main, translated sentence for an error. */
  errorText: (error: unknown) => string;
  /** The server's own wording, when it adds something to errorText. */
  errorServerText: (error: unknown) => string | null;
  compare: (a: string, b: string) => number;
}

function readStoredLang(): Lang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function interpolate(template: string, params?: Params, formatNumber?: (n: number) => string): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' && formatNumber ? formatNumber(v) : String(v);
  });
}

export function isKnownMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, key);
}

function buildI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  const messages = catalogues[lang];
  const locale = locales[lang];
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const dateOnlyFormat = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const formatNumber = (n: number) => numberFormat.format(n);
  const t = (key: MessageKey, params?: Params) => interpolate(messages[key], params, formatNumber);

  const formatDate = (value: string | null | undefined): string => {
    if (!value) return '';
    const m = DATE_ONLY.exec(value);
    if (m) return dateOnlyFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : dateFormat.format(d);
  };
  const formatDateTime = (value: string | null | undefined): string => {
    if (!value) return '';
    if (DATE_ONLY.test(value)) return formatDate(value);
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : dateTimeFormat.format(d);
  };

  const errorText = (error: unknown): string => {
    if (isApiError(error)) {
      if (error.code === 'rate_limited') {
        return error.retryAfter !== null
          ? t('error.rate_limited', { seconds: error.retryAfter })
          : t('error.rate_limited_nowait');
      }
      const key = `error.${error.code}`;
      if (isKnownMessageKey(key)) return t(key);
      if (error.status >= 500) return t('error.internal');
      return error.message || t('error.unknown');
    }
    return t('error.unknown');
  };
  const errorServerText = (error: unknown): string | null => {
    if (!isApiError(error) || !error.message) return null;
    if (SELF_EXPLANATORY.has(error.code)) return null;
    const key = `error.${error.code}`;
    if (!isKnownMessageKey(key) && error.status < 500) return null; // already the main text
    return t('error.serverSaid', { message: error.message });
  };

  return {
    lang,
    locale,
    setLang,
    t,
    formatDate,
    formatDateTime,
    formatNumber,
    errorText,
    errorServerText,
    compare: (a, b) => collator.compare(a, b),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Storage may be unavailable (private mode, policy); the choice then lasts this session only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${catalogues[lang]['app.name']} — ${catalogues[lang]['app.tagline']}`;
  }, [lang]);
  const value = useMemo(() => buildI18n(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useT() used outside <LanguageProvider>');
  return ctx;
}
