/**
 * "16 December 2020" from "2020-12-16T10:01-07:00": the calendar date as the page wrote it, never shifted
 * by the reader's time zone. Unparseable input is returned as written.
 */
export function formatDate(iso: string, locale = 'en-GB'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}
