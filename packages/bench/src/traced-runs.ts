import { type Pipeline, RecordingTracer } from '@synapse-rag/core';
import { breakdown, type ComponentTimes } from './stats.js';

/** A pipeline contender whose runs are traced: each component's duration per run (core's RecordingTracer). */
export interface TracedRuns<I> {
  /** Runs the pipeline; the run's component times count when `index >= warmup`. */
  run(inputs: I, index: number): Promise<void>;
  /** Mean ms per component over the counted runs, `other` = the engine between components. */
  components(): ComponentTimes;
}

/** Wraps `pipeline.run` so every counted run's component durations are recorded. */
export function tracedRuns<I extends Record<string, unknown>>(pipeline: Pipeline, warmup: number): TracedRuns<I> {
  const tracer = new RecordingTracer();
  const traced: ComponentTimes[] = [];
  const totals: number[] = [];
  return {
    async run(inputs, index) {
      tracer.clear();
      await pipeline.run(inputs as Parameters<Pipeline['run']>[0], { tracer });
      if (index < warmup) return;
      const times: ComponentTimes = {};
      for (const e of tracer.ofType('component:end')) times[e.component] = (times[e.component] ?? 0) + e.durationMs;
      traced.push(times);
      totals.push(tracer.ofType('pipeline:end')[0]?.durationMs ?? 0);
    },
    components: () => breakdown(traced, totals),
  };
}
