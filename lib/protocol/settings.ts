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
  /**
   * When the chosen model cannot answer (capacity, retired, paid plan, still rate-limited), answer
   * with the best alternative at once instead of offering it (issue #17). Off by default: an answer
   * from a model the user did not choose (other quality, other licence) should be their decision;
   * the error offers the same model in one click. A field added without a version bump: a stored
   * record without it reads as the default.
   */
  autoFailover: boolean;
  /**
   * After a conversation's first answer, ask a light model for a short title (issue #12,
   * lib/background/engine/titles.ts): one small request per conversation. On by default; a stored
   * record without it reads as on.
   */
  modelTitles: boolean;
  /**
   * The models last chosen for Compare (issue #15), full ids, at most COMPARE_MAX_MODELS
   * (lib/protocol/compare.ts); shared by the side panel and the popup's handed comparisons. Empty:
   * the pages pick the selected model and the best other one. A field added without a version
   * bump: a stored record without it reads as empty.
   */
  compareModels: string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  defaultModel: DEFAULT_MODEL,
  systemPrompt: '',
  maxTokens: 2048,
  temperature: 0.6,
  language: 'auto',
  theme: 'system',
  autoFailover: false,
  modelTitles: true,
  // Frozen like the record: a copy that spreads DEFAULT_SETTINGS shares this list, so changing it must fail.
  compareModels: Object.freeze([]) as readonly string[] as string[],
});
