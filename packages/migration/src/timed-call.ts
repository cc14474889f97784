import type { Listeners } from './listeners.js';
import type { MigrationEvent, StoreOperation, StoreRole } from './migration-events.js';

/** Runs one store call and reports it as a `store:call` event (duration, outcome; `shadow` for shadow reads). */
export async function timedCall<T>(
  events: Listeners<MigrationEvent>,
  role: StoreRole,
  operation: StoreOperation,
  fn: () => Promise<T>,
  shadow = false,
): Promise<T> {
  const t0 = performance.now();
  const report = (ok: boolean, error?: unknown) =>
    events.emit({
      type: 'store:call',
      role,
      operation,
      durationMs: performance.now() - t0,
      ok,
      ...(ok ? {} : { error }),
      ...(shadow ? { shadow } : {}),
    });
  try {
    const value = await fn();
    report(true);
    return value;
  } catch (error) {
    report(false, error);
    throw error;
  }
}
