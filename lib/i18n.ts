// Every user-visible string goes through t(). Messages come from the browser's i18n
// (public/_locales/<lang>/messages.json); a language chosen in settings installs an override
// dictionary. The English catalogue is bundled as the last fallback (and for unit tests, where
// the fake browser has no i18n).
import { browser } from 'wxt/browser';
import en from '@/public/_locales/en/messages.json';
import ru from '@/public/_locales/ru/messages.json';

export interface LocaleEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type LocaleMessages = Record<string, LocaleEntry>;

export type MessageKey = keyof typeof en;

/** Catalogues bundled for the in-app language override. */
export const BUNDLED_LOCALES: Record<'en' | 'ru', LocaleMessages> = { en, ru };

let override: LocaleMessages | null = null;

/** Install (or, with null, remove) a dictionary that wins over the browser's locale. */
export function setLanguageOverride(messages: LocaleMessages | null): void {
  override = messages;
}

/** Chrome's substitution rules: $name$ → placeholder content, $1..$9 → substitutions, $$ → $. */
export function format(entry: LocaleEntry, substitutions: readonly string[]): string {
  const placeholders = entry.placeholders ?? {};
  const lookup = new Map(Object.entries(placeholders).map(([k, v]) => [k.toLowerCase(), v.content]));
  const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => lookup.get(name.toLowerCase()) ?? whole);
  return withPlaceholders.replace(/\$(\$|[1-9])/g, (_whole, what: string) =>
    what === '$' ? '$' : (substitutions[Number(what) - 1] ?? ''),
  );
}

type GetMessage = (name: string, substitutions?: string | string[]) => string;

function fromBrowser(key: string, substitutions: string[]): string {
  try {
    const i18n = browser.i18n as { getMessage?: GetMessage } | undefined;
    return i18n?.getMessage?.(key, substitutions) ?? '';
  } catch {
    return '';
  }
}

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  const overridden = override?.[key];
  if (overridden) return format(overridden, subs);
  const native = fromBrowser(key, subs);
  if (native) return native;
  const fallback = (en as LocaleMessages)[key];
  return fallback ? format(fallback, subs) : key;
}

/** The UI language actually in effect (for `lang` attributes and number formatting). */
export function currentLanguage(): string {
  if (override === BUNDLED_LOCALES.ru) return 'ru';
  if (override === BUNDLED_LOCALES.en) return 'en';
  try {
    return browser.i18n?.getUILanguage?.() ?? 'en';
  } catch {
    return 'en';
  }
}
