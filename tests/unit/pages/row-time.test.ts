import { describe, expect, it } from 'vitest';
import { rowTime } from '@/lib/pages/row-time';

describe('history row time', () => {
  const now = new Date(2026, 11, 4, 18, 30).getTime();

  it('shows the hour for today and the date before, in the language asked', () => {
    expect(rowTime(new Date(2026, 11, 4, 9, 5).getTime(), 'en-GB', now)).toBe('09:05');
    expect(rowTime(new Date(2026, 11, 3, 23, 59).getTime(), 'en-US', now)).toBe('Dec 3');
    expect(rowTime(new Date(2025, 11, 4, 9, 5).getTime(), 'en-US', now)).toBe('Dec 4');
    expect(rowTime(new Date(2026, 2, 3, 9, 5).getTime(), 'ru', now)).toBe('3 мар.');
  });

  it('formats like toLocale*String for the same language, with the formatters reused', () => {
    const earlier = new Date(2026, 10, 20, 7, 0).getTime();
    for (const locale of ['en', 'ru', 'de', undefined]) {
      expect(rowTime(earlier, locale, now)).toBe(new Date(earlier).toLocaleDateString(locale, { month: 'short', day: 'numeric' }));
      expect(rowTime(now - 60_000, locale, now)).toBe(new Date(now - 60_000).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }));
      // Second call: the cached formatter gives the same text.
      expect(rowTime(earlier, locale, now)).toBe(rowTime(earlier, locale, now));
    }
  });
});
