// The global settings record as it travels over the data port (lib/protocol/data.ts) and is stored
// in storage.local (lib/background/storage/settings.ts owns reading, migrating and writing it).
import { DEFAULT_MODEL } from '@/lib/shared/config';

export const SETTINGS_VERSION = 2;

export const LANGUAGES = ['auto', 'en', 'ru'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Theme = (typeof THEMES)[number];

export interface Settings {
  version: number;
  /** Full model id ("@cf/…"). */
  defaultModel: string;
  systemPrompt: string;
  maxTokens: number;
  temperature: number;
  language: Language;
  theme: Theme;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  defaultModel: DEFAULT_MODEL,
  systemPrompt: '',
  maxTokens: 2048,
  temperature: 0.6,
  language: 'auto',
  theme: 'system',
});
