/**
 * Micro-benchmark of the pipeline engine's per-component-hop overhead.
 *
 * Builds chains of N trivial components (each adds 1 to a number), runs each chain many times
 * and prints the time per hop (run time / N), the median of several rounds. It also times the
 * same N components awaited directly in a loop, so the engine's own share (scheduling,
 * delivery, validation of the run's inputs) can be read as the difference.
 *
 *   npm run bench:core            # default rounds
 *   npm run bench:core -- --quick # fewer iterations (smoke check)
 *
 * Target: ≤ 20 µs per hop on the project's 2-core test machine.
 */
import { type Component, Pipeline, RecordingTracer, SocketSchemas, type Tracer } from '@synapse-rag/core';

const TARGET_US = 20;
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Per round: wall-clock ms per run and CPU ms per run (user + system of this process). */
async function timeRounds(iterations: number, body: () => Promise<void>): Promise<{ wall: number[]; cpu: number[] }> {
  for (let i = 0; i < Math.max(10, iterations / 5); i++) await body(); // warm the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) await body();
    wall.push((performance.now() - t0) / iterations);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / iterations);
  }
  return { wall, cpu };
}

interface Row {
  name: string;
  hops: number;
  pipelineUs: number;
  pipelineCpuUs: number;
  directUs: number;
}

async function measure(n: number, label: string, tracer?: Tracer): Promise<Row> {
  const { pipeline, components } = chain(n, tracer);
  const iterations = Math.max(quick ? 20 : 100, Math.round((quick ? 20_000 : 100_000) / n));
  const expected = n + 1;
  const inputs = { s0: { value: 1 } };
  const pipelineRounds = await timeRounds(iterations, async () => {
    const result = await pipeline.run(inputs);
    if (result[`s${n - 1}`]?.['value'] !== expected) throw new Error('wrong result');
    if (tracer instanceof RecordingTracer) tracer.clear();
  });
  const ctx = { signal: new AbortController().signal, tracer: { onEvent() {} }, componentName: 'direct' };
  const directRounds = await timeRounds(iterations, async () => {
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

const rows: Row[] = [];
rows.push(await measure(10, 'chain of 10'));
rows.push(await measure(100, 'chain of 100'));
rows.push(await measure(10, 'chain of 10, RecordingTracer', new RecordingTracer()));
rows.push(await measure(100, 'chain of 100, RecordingTracer', new RecordingTracer()));

console.log(`Pipeline engine overhead per component hop (median of ${ROUNDS} rounds; Node ${process.version}, ${process.arch})`);
console.log('');
console.log('case                              wall per hop   CPU per hop   direct call (wall)');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(34)}${`${r.pipelineUs.toFixed(2)} µs`.padStart(12)}${`${r.pipelineCpuUs.toFixed(2)} µs`.padStart(14)}${`${r.directUs.toFixed(2)} µs`.padStart(21)}`,
  );
}
const untraced = rows.filter((r) => !r.name.includes('Tracer'));
const worst = Math.max(...untraced.map((r) => r.pipelineUs));
const worstCpu = Math.max(...untraced.map((r) => r.pipelineCpuUs));
console.log('');
console.log(
  `Target ≤ ${TARGET_US} µs per hop (untraced, wall clock): worst ${worst.toFixed(2)} µs → ${worst <= TARGET_US ? 'MET' : 'NOT MET'}`,
);
if (worst > 1.5 * worstCpu) {
  console.log(
    `Note: wall time is ${(worst / worstCpu).toFixed(1)}× the CPU time (${worstCpu.toFixed(2)} µs): other processes compete for the CPU; the CPU figure is the engine's own cost.`,
  );
}
if (worst > TARGET_US) process.exitCode = 1;
