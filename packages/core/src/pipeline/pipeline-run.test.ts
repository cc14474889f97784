import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check, concat, increment, label, rejection, router, TestComponent, upper } from '../../test/pipeline-components.js';
import { PipelineMaxRunsError } from '../errors.js';
import { RecordingTracer } from '../tracing/recording-tracer.js';
import { Pipeline } from './pipeline.js';

describe('Pipeline.run — data flow', () => {
  it('runs a linear chain and returns only open outputs', async () => {
    const p = new Pipeline()
      .addComponent('a', upper({ suffix: '1' }))
      .addComponent('b', upper({ suffix: '2' }))
      .addComponent('c', upper({ suffix: '3' }))
      .connect('a', 'b')
      .connect('b', 'c');
    expect(await p.run({ a: { text: 'x' } })).toEqual({ c: { text: 'X123' } });
    // flat form
    expect(await p.run({ text: 'y' })).toEqual({ c: { text: 'Y123' } });
  });

  it('delivers a flat input to every open socket of that name', async () => {
    const p = new Pipeline().addComponent('a', upper({ suffix: 'a' })).addComponent('b', upper({ suffix: 'b' }));
    expect(await p.run({ text: 'q' })).toEqual({ a: { text: 'Qa' }, b: { text: 'Qb' } });
  });

  it('includeOutputsFrom returns intermediate outputs too', async () => {
    const p = new Pipeline()
      .addComponent('a', upper({ suffix: '1' }))
      .addComponent('b', upper({ suffix: '2' }))
      .connect('a', 'b');
    expect(await p.run({ a: { text: 'x' } }, { includeOutputsFrom: ['a'] })).toEqual({ a: { text: 'X1' }, b: { text: 'X12' } });
    expect(await p.run({ a: { text: 'x' } }, { includeOutputsFrom: 'all' })).toEqual({ a: { text: 'X1' }, b: { text: 'X12' } });
    // @ts-expect-error -- not a component of this typed pipeline (checked at run time too)
    await expect(p.run({ a: { text: 'x' } }, { includeOutputsFrom: ['zz'] })).rejects.toThrow(
      /includeOutputsFrom names unknown component\(s\) "zz". Components: "a", "b"/,
    );
  });

  it('fans in to a variadic socket in the order the senders were scheduled, not completion order', async () => {
    // One wave starts its components by name (Haystack's order); slow finishes last but is not last.
    const p = new Pipeline()
      .addComponent('slow', upper({ suffix: 's', delayMs: 30 }))
      .addComponent('mid', upper({ suffix: 'm', delayMs: 10 }))
      .addComponent('fast', upper({ suffix: 'f' }))
      .addComponent('a_last', upper({ suffix: 'a', delayMs: 40 }))
      .addComponent('join', concat({ separator: ',' }))
      .connect('slow', 'join')
      .connect('mid', 'join')
      .connect('fast', 'join')
      .connect('a_last', 'join');
    expect(await p.run({ text: 'x' })).toEqual({ join: { text: 'Xa,Xf,Xm,Xs' } });
    // A pipeline value for a connected variadic socket comes first.
    expect(
      await p.run({
        slow: { text: 'a' },
        mid: { text: 'b' },
        fast: { text: 'c' },
        a_last: { text: 'd' },
        join: { parts: 'seed' },
      }),
    ).toEqual({ join: { text: 'seed,Da,Cf,Bm,As' } });
  });

  it('runs independent branches concurrently', async () => {
    const tracer = new RecordingTracer();
    const p = new Pipeline({ tracer })
      .addComponent('src', upper())
      .addComponent('left', upper({ suffix: 'L', delayMs: 25 }))
      .addComponent('right', upper({ suffix: 'R', delayMs: 25 }))
      .addComponent('join', concat())
      .connect('src', 'left')
      .connect('src', 'right')
      .connect('left', 'join')
      .connect('right', 'join');
    expect(await p.run({ src: { text: 'x' } })).toEqual({ join: { text: 'XL+XR' } });
    const t = tracer.timeline();
    const idx = (e: string) => t.indexOf(e);
    // Both branches started before either finished: they overlapped.
    expect(Math.max(idx('component:start:left'), idx('component:start:right'))).toBeLessThan(
      Math.min(idx('component:end:left'), idx('component:end:right')),
    );
    expect(idx('component:start:join')).toBeGreaterThan(Math.max(idx('component:end:left'), idx('component:end:right')));
  });

  it('skips the branch a router does not produce, and a joiner runs with what arrived', async () => {
    const tracer = new RecordingTracer();
    const p = new Pipeline({ tracer })
      .addComponent('route', router({ threshold: 10 }))
      .addComponent('small', label({ name: 'small' }))
      .addComponent('big', label({ name: 'big' }))
      .addComponent('join', concat())
      .connect('route.low', 'small')
      .connect('route.high', 'big')
      .connect('small', 'join')
      .connect('big', 'join');
    expect(await p.run({ value: 3 })).toEqual({ join: { text: 'small:3' } });
    expect(tracer.componentOrder()).toEqual(['route', 'small', 'join']);
    tracer.clear();
    expect(await p.run({ value: 30 })).toEqual({ join: { text: 'big:30' } });
    expect(tracer.componentOrder()).toEqual(['route', 'big', 'join']);
  });

  it('does not run a component whose mandatory input never arrives', async () => {
    const p = new Pipeline()
      .addComponent('route', router({ threshold: 10 }))
      .addComponent('small', label({ name: 'small' }))
      .connect('route.low', 'small');
    expect(await p.run({ value: 50 }, { includeOutputsFrom: 'all' })).toEqual({ route: { high: 50 } });
  });

  it('waits for upstream work before running a component whose optional input it feeds', async () => {
    // b could run at once (its mandatory input is a pipeline input) but must wait for slow.
    const b = new TestComponent(
      'test.B',
      { text: { schema: z.string() }, extra: { schema: z.string(), optional: true } },
      { text: { schema: z.string() } },
      ({ text, extra }) => ({ text: `${text}/${extra ?? 'none'}` }),
    );
    const p = new Pipeline()
      .addComponent('slow', upper({ delayMs: 20 }))
      .addComponent('b', b)
      .connect('slow.text', 'b.extra');
    expect(await p.run({ slow: { text: 'up' }, b: { text: 'main' } })).toEqual({ b: { text: 'main/UP' } });
  });

  it('applies socket defaults and passes optional sockets as absent', async () => {
    const seen: Record<string, unknown>[] = [];
    const c = new TestComponent(
      'test.Defaults',
      {
        a: { schema: z.string() },
        k: { schema: z.number(), default: 5 },
        o: { schema: z.string(), optional: true },
        v: { schema: z.number(), variadic: true, default: 1 },
      },
      { out: { schema: z.string() } },
      (inputs) => {
        seen.push(inputs);
        return { out: 'ok' };
      },
    );
    await new Pipeline().addComponent('c', c).run({ a: 'x' });
    expect(seen).toEqual([{ a: 'x', k: 5, v: [1] }]);
  });

  it('runs a bounded loop until its exit, then the downstream component once', async () => {
    const tracer = new RecordingTracer();
    const p = new Pipeline({ tracer })
      .addComponent('inc', increment())
      .addComponent('check', check({ limit: 5 }))
      .addComponent('after', label({ name: 'final' }))
      .connect('inc.value', 'check.value')
      .connect('check.again', 'inc.values')
      .connect('check.done', 'after.value');
    expect(await p.run({ inc: { values: 0 } })).toEqual({ after: { text: 'final:5' } });
    const order = tracer.componentOrder();
    expect(order.filter((n) => n === 'inc')).toHaveLength(5);
    expect(order.filter((n) => n === 'check')).toHaveLength(5);
    expect(order.at(-1)).toBe('after');
    expect(order.filter((n) => n === 'after')).toHaveLength(1);
    const visits = tracer
      .ofType('component:end')
      .filter((e) => e.component === 'inc')
      .map((e) => e.visit);
    expect(visits).toEqual([1, 2, 3, 4, 5]);
  });

  it('fails a runaway loop with PipelineMaxRunsError', async () => {
    const p = new Pipeline({ maxRunsPerComponent: 7 })
      .addComponent('inc', increment())
      .addComponent('check', check({ limit: 1_000_000 }))
      .connect('inc.value', 'check.value')
      .connect('check.again', 'inc.values');
    const error = await rejection(p.run({ inc: { values: 0 } }));
    expect(error).toBeInstanceOf(PipelineMaxRunsError);
    expect(error.message).toContain('"inc" reached maxRunsPerComponent (7)');
    // The run option overrides the pipeline's limit.
    const again = await rejection(p.run({ inc: { values: 0 } }, { maxRunsPerComponent: 3 }));
    expect(again.message).toContain('(3)');
  });

  it('calls a component with no inputs once', async () => {
    let calls = 0;
    const source = new TestComponent('test.Source', {}, { text: { schema: z.string() } }, () => {
      calls++;
      return { text: 'hello' };
    });
    const p = new Pipeline().addComponent('src', source).addComponent('u', upper()).connect('src', 'u');
    expect(await p.run()).toEqual({ u: { text: 'HELLO' } });
    expect(calls).toBe(1);
  });

  it("the result holds the last run's outputs of a component that runs several times", async () => {
    const p = new Pipeline()
      .addComponent('inc', increment())
      .addComponent('check', check({ limit: 3 }))
      .connect('inc.value', 'check.value')
      .connect('check.again', 'inc.values');
    expect(await p.run({ inc: { values: 0 } }, { includeOutputsFrom: ['inc'] })).toEqual({
      inc: { value: 3 },
      check: { done: 3 },
    });
  });
});

describe('Pipeline.run — concurrent runs', () => {
  it('keeps the state of simultaneous runs of one pipeline apart', async () => {
    const p = new Pipeline()
      .addComponent('inc', increment())
      .addComponent('check', check({ limit: 4 }))
      .addComponent('slow', upper({ delayMs: 5 }))
      .connect('inc.value', 'check.value')
      .connect('check.again', 'inc.values');
    const results = await Promise.all(
      [0, 1, 2, 3].map((start) => p.run({ inc: { values: start }, slow: { text: `r${start}` } })),
    );
    expect(results).toEqual([0, 1, 2, 3].map((start) => ({ check: { done: 4 }, slow: { text: `R${start}` } })));
  });
});
