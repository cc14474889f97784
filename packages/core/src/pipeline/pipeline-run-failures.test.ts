// Pipeline.run when things go wrong: failing components, aborts, tracing, warm-up, validation.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { concat, rejection, router, sleep, TestComponent, upper } from '../../test/pipeline-components.js';
import { ComponentError, PipelineAbortedError, PipelineValidationError } from '../errors.js';
import { RecordingTracer } from '../tracing/recording-tracer.js';
import { Pipeline } from './pipeline.js';

describe('Pipeline.run — failures', () => {
  const boom = () =>
    new TestComponent('test.Boom', { text: { schema: z.string() } }, { text: { schema: z.string() } }, () => {
      throw new RangeError('kaput');
    });

  it('wraps a throwing component in ComponentError and reports component:error', async () => {
    const tracer = new RecordingTracer();
    const p = new Pipeline({ tracer }).addComponent('a', upper()).addComponent('b', boom()).connect('a', 'b');
    const error = await rejection(p.run({ text: 'x' }));
    expect(error).toBeInstanceOf(ComponentError);
    const ce = error as ComponentError;
    expect(ce.component).toBe('b');
    expect(ce.componentType).toBe('test.Boom');
    expect(ce.cause).toBeInstanceOf(RangeError);
    expect(ce.message).toBe('Component "b" (test.Boom) failed: kaput');
    const failed = tracer.ofType('component:error');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ component: 'b', componentType: 'test.Boom', visit: 1 });
    expect(failed[0]?.error).toBeInstanceOf(RangeError);
    expect(tracer.ofType('pipeline:end')[0]?.error).toBe(error);
  });

  it('aborts concurrently running components when one fails', async () => {
    let sawAbort = false;
    const waiter = new TestComponent(
      'test.Wait',
      { text: { schema: z.string() } },
      { text: { schema: z.string() } },
      async (_i, ctx) => {
        await sleep(5_000, ctx.signal).catch((e) => {
          sawAbort = ctx.signal.aborted;
          throw e;
        });
        return { text: 'never' };
      },
    );
    const p = new Pipeline().addComponent('w', waiter).addComponent('b', boom());
    await expect(p.run({ text: 'x' })).rejects.toBeInstanceOf(ComponentError);
    await sleep(5);
    expect(sawAbort).toBe(true);
  });

  it('rejects outputs that are not declared sockets, and non-object results', async () => {
    const extra = new TestComponent('test.Extra', {}, { ok: { schema: z.string() } }, () => ({ ok: 'x', oops: 1 }));
    const error = await rejection(new Pipeline().addComponent('e', extra).run());
    expect(error).toBeInstanceOf(ComponentError);
    expect(error.message).toContain('returned output "oops", which is not a declared output socket. Declared outputs: "ok"');
    const notObject = new TestComponent(
      'test.Str',
      {},
      { ok: { schema: z.string() } },
      () => 'text' as unknown as Record<string, unknown>,
    );
    const e2 = await rejection(new Pipeline().addComponent('s', notObject).run());
    expect(e2.message).toContain('must resolve to an object keyed by output socket, got a string');
  });

  it('stops on abort with PipelineAbortedError and hands the signal to components', async () => {
    const controller = new AbortController();
    let componentSignal: AbortSignal | undefined;
    const waiter = new TestComponent(
      'test.Wait',
      { text: { schema: z.string() } },
      { text: { schema: z.string() } },
      async (_i, ctx) => {
        componentSignal = ctx.signal;
        await sleep(5_000, ctx.signal);
        return { text: 'late' };
      },
    );
    const tracer = new RecordingTracer();
    tracer.onEvent = (event) => {
      tracer.events.push(event);
      if (event.type === 'component:start' && event.component === 'w') controller.abort(new Error('user cancelled'));
    };
    const p = new Pipeline().addComponent('w', waiter).addComponent('after', upper()).connect('w', 'after');
    const error = await rejection(p.run({ text: 'x' }, { signal: controller.signal, tracer }));
    expect(error).toBeInstanceOf(PipelineAbortedError);
    expect(error.message).toBe('Pipeline run was aborted: user cancelled.');
    expect(componentSignal?.aborted).toBe(true);
    expect(tracer.componentOrder()).toEqual(['w']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const p = new Pipeline().addComponent('a', upper());
    const c = new AbortController();
    c.abort();
    await expect(p.run({ text: 'x' }, { signal: c.signal })).rejects.toBeInstanceOf(PipelineAbortedError);
    expect((p.getComponent('a') as TestComponent).runs).toHaveLength(0);
  });

  it('validateConnections catches values that break the declared types', async () => {
    const liar = new TestComponent('test.Liar', {}, { text: { schema: z.string() } }, () => ({ text: 42 }));
    const p = new Pipeline().addComponent('l', liar).addComponent('u', upper()).connect('l', 'u');
    const error = await rejection(p.run({}, { validateConnections: true }));
    expect(error).toBeInstanceOf(ComponentError);
    expect(error.message).toContain('Component "l" (test.Liar) failed: output "text" does not match its declared schema');
  });
});

describe('Pipeline.run — tracing', () => {
  it('emits pipeline and component events with durations and visits to both tracers', async () => {
    const pipelineTracer = new RecordingTracer();
    const runTracer = new RecordingTracer();
    const p = new Pipeline({ tracer: pipelineTracer })
      .addComponent('a', upper())
      .addComponent('b', upper({ delayMs: 5 }))
      .connect('a', 'b');
    await p.run({ text: 'x' }, { tracer: runTracer });
    for (const t of [pipelineTracer, runTracer]) {
      expect(t.timeline()).toEqual([
        'pipeline:start',
        'component:start:a',
        'component:end:a',
        'component:start:b',
        'component:end:b',
        'pipeline:end',
      ]);
    }
    const [start] = runTracer.ofType('pipeline:start');
    expect(start?.inputs).toEqual({ a: { text: 'x' } });
    const endB = runTracer.ofType('component:end').find((e) => e.component === 'b');
    expect(endB).toMatchObject({ componentType: 'test.Upper', visit: 1, outputs: { text: 'X' } });
    expect(endB?.durationMs).toBeGreaterThanOrEqual(4);
    const runIds = new Set(runTracer.events.map((e) => e.runId));
    expect(runIds.size).toBe(1);
    expect(runTracer.ofType('pipeline:end')[0]?.error).toBeUndefined();
  });

  it('a throwing tracer never breaks a run; errors go to onTracerError', async () => {
    const reported: string[] = [];
    const p = new Pipeline({
      tracer: {
        onEvent() {
          throw new Error('tracer down');
        },
      },
      onTracerError: (error, event) => reported.push(`${event.type}:${(error as Error).message}`),
    }).addComponent('a', upper());
    const asyncTracer = { onEvent: async () => Promise.reject(new Error('async down')) };
    expect(await p.run({ text: 'x' }, { tracer: asyncTracer })).toEqual({ a: { text: 'X' } });
    await sleep(1);
    expect(reported).toContain('pipeline:start:tracer down');
    expect(reported).toContain('component:end:async down');
    expect(reported).toHaveLength(8);
  });
});

describe('Pipeline.warmUp', () => {
  it('warms every component once, concurrently, and run() warms up automatically', async () => {
    const calls: string[] = [];
    const warm = (name: string) => {
      const c = upper();
      Object.assign(c, {
        warmUp: async () => {
          calls.push(`start:${name}`);
          await sleep(5);
          calls.push(`end:${name}`);
        },
      });
      return c;
    };
    const p = new Pipeline().addComponent('a', warm('a')).addComponent('b', warm('b'));
    await Promise.all([p.warmUp(), p.warmUp()]);
    expect(calls.slice(0, 2).sort()).toEqual(['start:a', 'start:b']);
    expect(calls).toHaveLength(4);
    await p.run({ text: 'x' });
    expect(calls).toHaveLength(4);
    const q = new Pipeline().addComponent('c', warm('c'));
    await q.run({ text: 'x' });
    expect(calls).toContain('end:c');
  });

  it('wraps warm-up failures in ComponentError and retries later', async () => {
    let attempts = 0;
    const c = upper();
    Object.assign(c, {
      warmUp: async () => {
        attempts++;
        if (attempts === 1) throw new Error('model missing');
      },
    });
    const p = new Pipeline().addComponent('m', c);
    await expect(p.warmUp()).rejects.toThrow('Component "m" (test.Upper) failed: model missing');
    await p.warmUp();
    expect(attempts).toBe(2);
  });
});

describe('PipelineValidationError is raised before anything runs', () => {
  const build = () =>
    new Pipeline()
      .addComponent('a', upper())
      .addComponent('b', upper())
      .addComponent('j', concat())
      .addComponent('r', router({ threshold: 1 }))
      .connect('a', 'b')
      .connect('b', 'j');

  async function validationMessage(p: Pipeline, inputs: Record<string, unknown>): Promise<string> {
    const error = await rejection(p.run(inputs));
    expect(error).toBeInstanceOf(PipelineValidationError);
    for (const name of p.componentNames()) expect((p.getComponent(name) as TestComponent).runs).toHaveLength(0);
    return error.message;
  }

  it('mixing nested and flat forms', async () => {
    const msg = await validationMessage(build(), { a: { text: 'x' }, r: { value: 1 }, value: 3 });
    expect(msg).toContain('mix component names ("a", "r") with socket names ("value")');
    expect(msg).toContain('Open inputs: a.text: string, r.value: number');
  });

  it('unknown component name holding socket values', async () => {
    const msg = await validationMessage(build(), { a: { text: 'x' }, r: { value: 1 }, rr: { value: 1 } });
    expect(msg).toBe('Pipeline inputs name unknown component(s) "rr". Components: "a", "b", "j", "r".');
    const single = await validationMessage(build(), { aa: { text: 'x' } });
    expect(single).toContain('Input "aa" is neither a component name nor the name of an open input socket');
  });

  it('unknown socket lists the component inputs', async () => {
    const msg = await validationMessage(build(), { a: { txt: 'x' }, r: { value: 1 } });
    expect(msg).toContain('Component "a" has no input socket "txt". Its inputs: text: string.');
    expect(msg).toContain('Component "a" needs input "text" (string)');
  });

  it('flat name matching no open socket', async () => {
    const msg = await validationMessage(build(), { text: 'x', value: 1, parts: 'p', bogus: 1 });
    expect(msg).toContain('Invalid pipeline inputs (2 problems)');
    expect(msg).toContain(
      'Input "parts" is neither a component name nor the name of an open input socket (j.parts is fed by connections',
    );
    expect(msg).toContain('Input "bogus" is neither a component name');
    expect(msg).toContain('Components: "a", "b", "j", "r"');
  });

  it('missing mandatory input', async () => {
    const msg = await validationMessage(build(), { text: 'x' });
    expect(msg).toBe(
      'Invalid pipeline inputs: Component "r" needs input "value" (number), which no connection feeds: pass it as { r: { value: ... } } or { value: ... }.',
    );
  });

  it('value for a socket already fed by a connection', async () => {
    const msg = await validationMessage(build(), { a: { text: 'x' }, b: { text: 'y' }, r: { value: 1 } });
    expect(msg).toContain(
      'Input b.text is already fed by a connection from a.text; remove the value or the connection (only variadic and list sockets',
    );
  });

  it('value failing the socket schema names component.socket and the zod issue', async () => {
    const msg = await validationMessage(build(), { a: { text: 42 }, r: { value: 'one' } });
    expect(msg).toContain('Input a.text (string) is invalid: Invalid input: expected string, received number.');
    expect(msg).toContain('Input r.value (number) is invalid');
  });

  it('non-object inputs', async () => {
    expect(await validationMessage(build(), { a: 'x', r: { value: 1 } })).toContain(
      'Inputs for component "a" must be an object { socket: value }, got string',
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(await validationMessage(build(), [] as any)).toContain('Pipeline inputs must be an object');
  });

  it('uses the parsed value (zod defaults applied)', async () => {
    const seen: unknown[] = [];
    const c = new TestComponent('test.Obj', { cfg: { schema: z.object({ n: z.number().default(3) }) } }, {}, ({ cfg }) => {
      seen.push(cfg);
      return {};
    });
    await new Pipeline().addComponent('c', c).run({ cfg: {} });
    expect(seen).toEqual([{ n: 3 }]);
  });

  it('rejects an invalid maxRunsPerComponent', () => {
    expect(() => new Pipeline({ maxRunsPerComponent: 0 })).toThrow(/maxRunsPerComponent: expected a positive integer/);
  });
});
