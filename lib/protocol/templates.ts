// Context-menu prompt templates as they travel over the data port. Storage, sanitising and
// expansion live in lib/background/surfaces/templates.ts; the options page edits these records.
import { t } from '@/lib/shared/i18n';

export const BUILTIN_TEMPLATES = ['summarize', 'explain', 'translate'] as const;
export type BuiltinTemplate = (typeof BUILTIN_TEMPLATES)[number];

export interface PromptTemplate {
  id: string;
  /** Menu title; empty for a built-in whose title comes from the locale. May use {language}. */
  title: string;
  prompt: string;
  /** Model id to use instead of the default. */
  model?: string;
  /** System prompt for the new conversation. */
  system?: string;
  builtin?: BuiltinTemplate;
}

/** A template's menu title: built-ins come from the locale; {language} is filled in everywhere. */
export function templateTitle(template: PromptTemplate, languageLabel: string): string {
  if (!template.title.trim()) {
    if (template.builtin === 'summarize') return t('menuSummarize');
    if (template.builtin === 'explain') return t('menuExplain');
    if (template.builtin === 'translate') return t('menuTranslate', languageLabel);
  }
  return template.title.replace(/\{language\}/g, languageLabel);
}

export function newTemplateId(): string {
  return `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
