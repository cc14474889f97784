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
import { RecordingTracer } from '@synapse-rag/core';
import { type HopRow, measureHops } from './core-hop-overhead.js';

const TARGET_US = 20;
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;

const rows: HopRow[] = [];
const opts = { rounds: ROUNDS, quick };
rows.push(await measureHops(10, 'chain of 10', opts));
rows.push(await measureHops(100, 'chain of 100', opts));
rows.push(await measureHops(10, 'chain of 10, RecordingTracer', { ...opts, tracer: new RecordingTracer() }));
rows.push(await measureHops(100, 'chain of 100, RecordingTracer', { ...opts, tracer: new RecordingTracer() }));

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
