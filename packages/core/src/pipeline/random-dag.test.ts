import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TestComponent } from '../../test/pipeline-components.js';
import { RecordingTracer } from '../tracing/recording-tracer.js';
import { Pipeline } from './pipeline.js';

/** Each node gets every upstream value (variadic `in`) and emits its name joined to them. */
function node(name: string, ticks: number): TestComponent {
  return new TestComponent(
    'test.Node',
    { in: { schema: z.string(), variadic: true, optional: true } },
    { out: { schema: z.string() } },
    async ({ in: values }) => {
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      if (ticks > 3) await new Promise((r) => setImmediate(r));
      return { out: `${name}(${((values as string[] | undefined) ?? []).join(',')})` };
    },
  );
}

const dagArbitrary = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    // Pairs (a, b) become edges min → max; self-pairs are dropped and duplicates merged below.
    pairs: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 20 }),
    ticks: fc.array(fc.nat(5), { minLength: n, maxLength: n }),
  }),
);

describe('random DAGs', () => {
  it('run every component exactly once, in a topological order, with every upstream value in start order', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, async ({ n, pairs, ticks }) => {
        const keys = new Set<string>();
        const edges: [number, number][] = [];
        for (const [x, y] of pairs) {
          const [a, b] = x < y ? [x, y] : [y, x];
          if (a === b || keys.has(`${a}-${b}`)) continue;
          keys.add(`${a}-${b}`);
          edges.push([a, b]);
        }
        const tracer = new RecordingTracer();
        const p = new Pipeline({ tracer });
        for (let i = 0; i < n; i++) p.addComponent(`n${i}`, node(`n${i}`, ticks[i]!));
        for (const [a, b] of edges) p.connect(`n${a}.out`, `n${b}.in`);
        const result = await p.run({}, { includeOutputsFrom: 'all' });

        const order = tracer.componentOrder();
        expect([...order].sort()).toEqual(Array.from({ length: n }, (_, i) => `n${i}`).sort());
        const timeline = tracer.timeline();
        for (const [a, b] of edges) {
          expect(timeline.indexOf(`component:end:n${a}`)).toBeLessThan(timeline.indexOf(`component:start:n${b}`));
        }
        // Each node's output lists its predecessors' outputs in the order they were started
        // (the scheduler's order, deterministic whatever their timing).
        const started = (i: number) => timeline.indexOf(`component:start:n${i}`);
        for (let b = 0; b < n; b++) {
          const upstream = edges
            .filter(([, to]) => to === b)
            .map(([from]) => from)
            .sort((x, y) => started(x) - started(y))
            .map((from) => result[`n${from}`]?.['out']);
          expect(result[`n${b}`]?.['out']).toBe(`n${b}(${upstream.join(',')})`);
        }
        // The same graph with other timings (each node as slow as another was) gives the same
        // result and the same start order: nothing a user sees depends on who finished first.
        const again = new RecordingTracer();
        const q = new Pipeline({ tracer: again });
        for (let i = 0; i < n; i++) q.addComponent(`n${i}`, node(`n${i}`, ticks[n - 1 - i]!));
        for (const [a, b] of edges) q.connect(`n${a}.out`, `n${b}.in`);
        expect(await q.run({}, { includeOutputsFrom: 'all' })).toEqual(result);
        expect(again.componentOrder()).toEqual(order);
      }),
      { numRuns: 60 },
    );
  });
});
