const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * "16 December 2020" from "2020-12-16T10:01-07:00": the calendar date as the page wrote it, never shifted
 * by the reader's time zone. Unparseable input is returned as written. (Not Intl.DateTimeFormat: its first
 * use costs tens of milliseconds at start-up, for a date in one fixed style.)
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  const day = Number(m[3]);
  if (!month || day < 1 || day > 31) return iso;
  return `${day} ${month} ${m[1]}`;
}
