// The time shown on a history row: the hour for today, the date before. Formatters are made once
// per language and reused (issue #16, history open): Date.prototype.toLocale*String with options
// builds a new Intl.DateTimeFormat on every call, about 1 ms a row in the panel's profile.
interface RowFormatters {
  time: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
}

const byLocale = new Map<string, RowFormatters>();

function formattersFor(locale: string | undefined): RowFormatters {
  const key = locale ?? '';
  let formatters = byLocale.get(key);
  if (!formatters) {
    formatters = {
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
      date: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }),
    };
    byLocale.set(key, formatters);
  }
  return formatters;
}

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:05" for a time today, "Mar 3" before; in `locale` (undefined: the browser's). */
export function rowTime(timestamp: number, locale: string | undefined, now = Date.now()): string {
  const date = new Date(timestamp);
  const { time, date: day } = formattersFor(locale);
  return sameLocalDay(date, new Date(now)) ? time.format(date) : day.format(date);
}
