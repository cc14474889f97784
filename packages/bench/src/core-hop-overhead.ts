/** The pipeline engine's overhead per component hop: `npm run bench:core` and `npm run bench` use it. */
import { performance } from 'node:perf_hooks';
import { type Component, Pipeline, RecordingTracer, SocketSchemas, type Tracer } from '@synapse-rag/core';
import { median } from './stats.js';

// core's own schema object: the bench package has a different zod major nested, and sockets must
// be zod v4 schemas (the pipeline refuses anything else).
const numberSchema = SocketSchemas.topK;

const STEP_SOCKETS = { value: { schema: numberSchema } };
type Step = Component<typeof STEP_SOCKETS, typeof STEP_SOCKETS>;

function step(): Step {
  return {
    type: 'bench.Step',
    inputSockets: STEP_SOCKETS,
    outputSockets: STEP_SOCKETS,
    async run({ value }) {
      return { value: value + 1 };
    },
    toJSON: () => ({ type: 'bench.Step', options: {} }),
  };
}

function chain(n: number, tracer?: Tracer): { pipeline: Pipeline; components: Step[] } {
  const pipeline = new Pipeline(tracer ? { tracer } : {});
  const components = Array.from({ length: n }, step);
  for (const [i, c] of components.entries()) pipeline.addComponent(`s${i}`, c);
  for (let i = 1; i < n; i++) pipeline.connect(`s${i - 1}`, `s${i}`);
  return { pipeline, components };
}

/** Per round: wall-clock ms per run and CPU ms per run (user + system of this process). */
async function timeRounds(
  rounds: number,
  iterations: number,
  body: () => Promise<void>,
): Promise<{ wall: number[]; cpu: number[] }> {
  for (let i = 0; i < Math.max(10, iterations / 5); i++) await body(); // warm the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) await body();
    wall.push((performance.now() - t0) / iterations);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / iterations);
  }
  return { wall, cpu };
}

/** One chain's engine overhead per component hop (µs). */
export interface HopRow {
  name: string;
  hops: number;
  pipelineUs: number;
  pipelineCpuUs: number;
  directUs: number;
}

/**
 * Times a chain of `n` trivial components through `Pipeline.run` and the same components awaited
 * directly, median of `rounds` rounds; `quick` runs fewer iterations per round.
 */
export async function measureHops(
  n: number,
  label: string,
  opts: { rounds: number; quick: boolean; tracer?: Tracer },
): Promise<HopRow> {
  const { rounds, quick, tracer } = opts;
  const { pipeline, components } = chain(n, tracer);
  const iterations = Math.max(quick ? 20 : 100, Math.round((quick ? 20_000 : 100_000) / n));
  const expected = n + 1;
  const inputs = { s0: { value: 1 } };
  const pipelineRounds = await timeRounds(rounds, iterations, async () => {
    const result = await pipeline.run(inputs);
    if (result[`s${n - 1}`]?.['value'] !== expected) throw new Error('wrong result');
    if (tracer instanceof RecordingTracer) tracer.clear();
  });
  const ctx = { signal: new AbortController().signal, tracer: { onEvent() {} }, componentName: 'direct' };
  const directRounds = await timeRounds(rounds, iterations, async () => {
    let value = 1;
    for (const c of components) value = (await c.run({ value }, ctx)).value;
    if (value !== expected) throw new Error('wrong result');
  });
  return {
    name: label,
    hops: n,
    pipelineUs: (median(pipelineRounds.wall) * 1000) / n,
    pipelineCpuUs: (median(pipelineRounds.cpu) * 1000) / n,
    directUs: (median(directRounds.wall) * 1000) / n,
  };
}
