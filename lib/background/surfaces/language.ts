// The language a "Translate"/"Answer in" template means by {language}: the interface language
// chosen in the options, or the browser's UI language when that is "auto".

export function languageCode(setting: string | undefined, uiLanguage: string): string {
  const chosen = setting && setting !== 'auto' ? setting : uiLanguage;
  return (chosen || 'en').split(/[-_]/)[0].toLowerCase() || 'en';
}

/** "ru" → "Russian" (for the model) or "русский" (for a menu in Russian). */
export function languageName(code: string, inLanguage = 'en'): string {
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code);
    if (name && name !== code) return name;
  } catch {
    // Intl without DisplayNames, or a bad code.
  }
  return code;
}
