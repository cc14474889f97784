/**
 * ISO 8601 date / date-time strings, the only strings the ordering operators accept:
 * `2024-01-31`, `2024-01-31T12:00`, `2024-01-31T12:00:00.123Z`, `2024-01-31 12:00:00+02:00`.
 * A date-time without an offset is read as UTC. Stores that compile filters to another
 * language must use the same rules ({@link ISO_DATE_PATTERN} is a POSIX-compatible regex).
 */
export const ISO_DATE_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$';
const ISO_DATE_RE = new RegExp(ISO_DATE_PATTERN);

/** Whether `value` is an ISO 8601 date string that parses to a real instant. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_RE.test(value) && !Number.isNaN(parseIsoDate(value));
}

const DAY_MS = 86_400_000;
/** 400 Gregorian years are exactly 146 097 days; shifting by them keeps Date.UTC off its 0–99 → 1900s rule. */
const FOUR_CENTURIES_MS = 146_097 * DAY_MS;

const digits = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/**
 * Milliseconds since epoch of an ISO 8601 string (no offset → UTC), or NaN when the string does
 * not match {@link ISO_DATE_PATTERN} or names an impossible time (2023-02-29, 25:00, +24:00
 * offsets). `24:00[:00]` means midnight of the next day; fractions beyond milliseconds are
 * truncated. Parsed by hand: this runs once per document and comparison in filter evaluation.
 */
export function parseIsoDate(value: string): number {
  if (!ISO_DATE_RE.test(value)) return Number.NaN;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offsetMinutes = 0;
  const n = value.length;
  if (n > 10) {
    hour = digits(value, 11, 13);
    minute = digits(value, 14, 16);
    let pos = 16;
    if (pos < n && value[pos] === ':') {
      second = digits(value, 17, 19);
      pos = 19;
      if (pos < n && value[pos] === '.') {
        let end = pos + 1;
        while (end < n && value.charCodeAt(end) >= 48 && value.charCodeAt(end) <= 57) end++;
        const frac = value.slice(pos + 1, Math.min(end, pos + 4)).padEnd(3, '0');
        ms = digits(frac, 0, 3);
        pos = end;
      }
    }
    if (pos < n && value[pos] !== 'Z') {
      const sign = value[pos] === '-' ? -1 : 1;
      const oh = digits(value, pos + 1, pos + 3);
      const om = pos + 3 < n ? digits(value, n - 2, n) : 0;
      if (oh > 23 || om > 59) return Number.NaN;
      offsetMinutes = sign * (oh * 60 + om);
    }
    if (minute > 59 || second > 59) return Number.NaN;
    if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || ms !== 0))) return Number.NaN;
  }
  return Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - FOUR_CENTURIES_MS - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
