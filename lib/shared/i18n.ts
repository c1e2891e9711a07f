// Every user-visible string goes through t(). Messages come from the browser's i18n
// (public/_locales/<lang>/messages.json); a language chosen in settings installs an override
// dictionary, read from the packaged catalogue on demand (lib/shared/i18n-catalogue.ts). No catalogue is
// bundled into the scripts: they would cost every page and the worker ~10 KB gzip each.
import { browser } from 'wxt/browser';
import type en from '@/public/_locales/en/messages.json';
import { loadCatalogue } from './i18n-catalogue';

export interface LocaleEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type LocaleMessages = Record<string, LocaleEntry>;

export type MessageKey = keyof typeof en;

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

let override: LocaleMessages | null = null;
let overrideLanguage: Language | null = null;
/** Last resort when the browser has no message (unit tests: the fake browser has no i18n). */
let fallback: LocaleMessages | null = null;

/** Install (or, with null, remove) a dictionary that wins over the browser's locale. */
export function setLanguageOverride(messages: LocaleMessages | null, language: Language | null = null): void {
  override = messages;
  overrideLanguage = messages ? language : null;
}

export function setFallbackCatalogue(messages: LocaleMessages | null): void {
  fallback = messages;
}

/** Follow the language chosen in settings ('auto' = the browser's). Never throws. */
export async function applyLanguage(setting: string | undefined): Promise<void> {
  if (setting !== 'en' && setting !== 'ru') return setLanguageOverride(null);
  try {
    setLanguageOverride(await loadCatalogue(setting), setting);
  } catch {
    setLanguageOverride(null);
  }
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
  const last = fallback?.[key];
  return last ? format(last, subs) : key;
}

/** The UI language actually in effect (for `lang` attributes and number formatting). */
export function currentLanguage(): string {
  if (overrideLanguage) return overrideLanguage;
  try {
    return browser.i18n?.getUILanguage?.() ?? 'en';
  } catch {
    return 'en';
  }
}
