/**
 * Runs `fn` with an AbortSignal that fires after `timeoutMs` (or when `parent` aborts) and settles
 * no later than that: on time-out it rejects with `onTimeout()` even if `fn` ignores the signal and
 * hangs. A late rejection of `fn` is swallowed (it was already reported as a time-out).
 */
export function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  onTimeout: () => Error,
  parent?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const abortFromParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', abortFromParent, { once: true });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = onTimeout();
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', abortFromParent);
    };
    let call: Promise<T>;
    try {
      call = fn(controller.signal);
    } catch (error) {
      done();
      reject(error);
      return;
    }
    call.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}
