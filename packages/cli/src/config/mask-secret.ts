/**
 * A URL or connection string with its password (and any `password=` / `token=` query value)
 * replaced by `***`, for printing. Text that is not a URL is returned unchanged.
 */
export function maskSecret(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value.replace(/((?:password|token|api[_-]?key)=)[^&\s]+/gi, '$1***');
  }
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (/^(password|token|api[_-]?key|secret)$/i.test(key)) url.searchParams.set(key, '***');
  }
  // URL percent-encodes the asterisks it writes back, and adds a "/" path the input may not have had.
  const href = url.href.replaceAll('%2A%2A%2A', '***');
  return url.pathname === '/' && !url.search && !value.endsWith('/') ? href.replace(/\/$/, '') : href;
}
