import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-errors.js';
import type { ServeEnv } from './serve-env.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Whether `given` is `expected`, in time independent of where they differ (equal-length sha256 digests). */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Guards the admin routes with `Authorization: Bearer <token>`. Without a configured token the
 * routes are off: 404 "admin routes are disabled". A missing or malformed header: 401 (with
 * `WWW-Authenticate: Bearer`); a wrong token: 403.
 */
export function adminAuth(token: string | undefined): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    if (token === undefined) {
      throw new HttpError(
        404,
        'ADMIN_DISABLED',
        'admin routes are disabled: start synapse serve with SYNAPSE_ADMIN_TOKEN set (at least 16 characters) to enable them',
      );
    }
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      throw new HttpError(401, 'UNAUTHORIZED', 'admin routes need Authorization: Bearer <SYNAPSE_ADMIN_TOKEN>', [], {
        'WWW-Authenticate': 'Bearer realm="synapse admin"',
      });
    }
    if (!tokenMatches(m[1] as string, token)) throw new HttpError(403, 'FORBIDDEN', 'the admin token is wrong');
    await next();
  };
}
