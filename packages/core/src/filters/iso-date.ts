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

/** Milliseconds since epoch of an ISO 8601 string (no offset → UTC), or NaN. */
export function parseIsoDate(value: string): number {
  if (!ISO_DATE_RE.test(value)) return Number.NaN;
  let s = value.replace(' ', 'T');
  if (s.length === 10) s += 'T00:00:00Z';
  else if (!/(Z|[+-]\d{2}(:?\d{2})?)$/.test(s)) s += 'Z';
  else s = s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(s);
  // Date.parse rolls impossible days over (2023-02-29 → March 1st); SQL stores reject them.
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (day > daysInMonth(year, month)) return Number.NaN;
  return ms;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
