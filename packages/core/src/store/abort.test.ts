import { describe, expect, it } from 'vitest';
import { abortError, raceAbort, throwIfAborted } from './abort.js';

describe('abort helpers', () => {
  it('abortError is the reason when it is an Error, else an AbortError carrying it', () => {
    const reason = new Error('stop');
    const c1 = new AbortController();
    c1.abort(reason);
    expect(abortError(c1.signal)).toBe(reason);
    const c2 = new AbortController();
    c2.abort('just a string');
    const err = abortError(c2.signal);
    expect([err.name, err.message, err.cause]).toEqual(['AbortError', 'The operation was aborted.', 'just a string']);
  });

  it('throwIfAborted throws only once aborted', () => {
    const c = new AbortController();
    expect(() => throwIfAborted(c.signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    c.abort(new Error('late'));
    expect(() => throwIfAborted(c.signal)).toThrow('late');
  });

  it('raceAbort settles like the promise until the signal aborts, then rejects with the reason', async () => {
    await expect(raceAbort(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    await expect(raceAbort(Promise.reject(new Error('own')), new AbortController().signal)).rejects.toThrow('own');
    const c = new AbortController();
    let settle: (v: number) => void = () => {};
    const pending = raceAbort(new Promise<number>((r) => (settle = r)), c.signal);
    c.abort(new Error('cancelled'));
    settle(2);
    await expect(pending).rejects.toThrow('cancelled');
  });

  it('raceAbort on an aborted signal rejects at once with toError and swallows the late failure', async () => {
    const c = new AbortController();
    c.abort('why');
    const late = Promise.reject(new Error('ignored'));
    await expect(raceAbort(late, c.signal, (s) => new Error(`aborted: ${String(s.reason)}`))).rejects.toThrow('aborted: why');
  });
});
