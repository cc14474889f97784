import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, RetryPolicySchema, sleep, withRetry } from './retry.js';

const policy = (p: Partial<Parameters<typeof RetryPolicySchema.parse>[0]> = {}) => RetryPolicySchema.parse(p);

describe('backoffDelay', () => {
  it('doubles the cap per retry up to maxDelayMs (no jitter)', () => {
    const p = policy({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 'none' });
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelay(r, p))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('full jitter scales the cap by the random number', () => {
    const p = policy({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 'full' });
    expect(backoffDelay(2, p, () => 0)).toBe(0);
    expect(backoffDelay(2, p, () => 0.5)).toBe(200);
    expect(backoffDelay(2, p, () => 0.999)).toBeCloseTo(399.6);
  });

  it('equal jitter keeps at least half the cap', () => {
    const p = policy({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 'equal' });
    expect(backoffDelay(1, p, () => 0)).toBe(100);
    expect(backoffDelay(1, p, () => 1)).toBe(200);
  });

  it('has documented defaults', () => {
    expect(policy()).toEqual({ maxRetries: 3, initialDelayMs: 500, maxDelayMs: 10_000, jitter: 'full' });
  });
});

class Transient extends Error {}
class Permanent extends Error {}

function recorder() {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
}

describe('withRetry', () => {
  const isRetryable = (e: unknown) => e instanceof Transient;

  it('retries retryable failures with the computed backoffs, then succeeds', async () => {
    const r = recorder();
    const randoms = [0.5, 0.25];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new Transient(`fail ${attempt}`);
        return 'ok';
      },
      { policy: policy({ initialDelayMs: 100 }), isRetryable, sleep: r.sleep, random: () => randoms.shift() ?? 0 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(r.sleeps).toEqual([50, 50]); // 0.5 * 100, 0.25 * 200
  });

  it('never retries a non-retryable failure', async () => {
    const r = recorder();
    const fn = vi.fn(async () => {
      throw new Permanent('bad request');
    });
    await expect(withRetry(fn, { policy: policy(), isRetryable, sleep: r.sleep })).rejects.toBeInstanceOf(Permanent);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(r.sleeps).toEqual([]);
  });

  it('gives up after maxRetries and rethrows the last error', async () => {
    const r = recorder();
    let n = 0;
    const err = await withRetry(
      async () => {
        n++;
        throw new Transient(`fail ${n}`);
      },
      { policy: policy({ maxRetries: 2, jitter: 'none', initialDelayMs: 10 }), isRetryable, sleep: r.sleep },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe('fail 3');
    expect(r.sleeps).toEqual([10, 20]);
  });

  it('reports each retry to onRetry', async () => {
    const infos: Array<{ attempt: number; delayMs: number }> = [];
    await withRetry(
      async (attempt) => {
        if (attempt === 1) throw new Transient('x');
        return 1;
      },
      {
        policy: policy({ jitter: 'none', initialDelayMs: 7 }),
        isRetryable,
        sleep: async () => {},
        onRetry: ({ attempt, delayMs, error }) => {
          expect(error).toBeInstanceOf(Transient);
          infos.push({ attempt, delayMs });
        },
      },
    );
    expect(infos).toEqual([{ attempt: 1, delayMs: 7 }]);
  });

  it('aborts during the backoff sleep at once, with the signal reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const promise = withRetry(
      async () => {
        throw new Transient('down');
      },
      { policy: policy({ initialDelayMs: 60_000, jitter: 'none' }), isRetryable, signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('user cancelled')), 20);
    await expect(promise).rejects.toThrow('user cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not call fn when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const fn = vi.fn(async () => 1);
    await expect(withRetry(fn, { policy: policy(), isRetryable, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const t = Date.now();
    await sleep(15);
    expect(Date.now() - t).toBeGreaterThanOrEqual(10);
  });
  it('rejects immediately for an aborted signal', async () => {
    await expect(sleep(10_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
