/**
 * Shared helpers of the Haystack run scenario tests (packages/core/src/pipeline/haystack-*.test.ts).
 * Haystack checks two things per run: the result and the inputs of every component call.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import type { AnyComponent } from '../src/component/component.js';
import { createDocument, type Document } from '../src/document.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import type { PipelineOptions } from '../src/pipeline/types.js';
import type { TraceEvent } from '../src/tracing/tracer.js';
import { fixedGenerator, outputValidator, schemas } from './haystack-components.js';
import { TestComponent } from './pipeline-components.js';

export interface RunData {
  inputs: Record<string, unknown>;
  include?: string[];
  outputs: Record<string, unknown>;
  /** `"component#visit"` → the inputs `run` received on that visit. */
  calls?: Record<string, unknown>;
}

/** A tracer that records the inputs of every component call as `"component#visit"`. */
export function recordCalls(): { calls: Record<string, Record<string, unknown>>; tracer: { onEvent(event: TraceEvent): void } } {
  const calls: Record<string, Record<string, unknown>> = {};
  return {
    calls,
    tracer: {
      onEvent(event: TraceEvent) {
        if (event.type === 'component:start') calls[`${event.component}#${event.visit}`] = event.inputs;
      },
    },
  };
}

/** Runs each case and checks the result and every component call (Haystack's two assertions). */
export async function runScenario(pipeline: Pipeline, runs: RunData[]): Promise<void> {
  for (const data of runs) {
    const { calls, tracer } = recordCalls();
    const options = data.include ? { tracer, includeOutputsFrom: data.include } : { tracer };
    const result = await pipeline.run(data.inputs, options);
    expect(result).toEqual(data.outputs);
    if (data.calls) expect(calls).toEqual(data.calls);
  }
}

/**
 * A pipeline from its options, its components (added in the order written) and its edges, each
 * `'sender -> receiver'` in `Pipeline.connect`'s address syntax. `'a -> b -> c'` is two edges
 * (the middle address both receives and sends, so chain only where its socket names agree).
 */
export function pipelineOf(
  options: PipelineOptions,
  components: Record<string, AnyComponent>,
  edges: readonly string[] = [],
): Pipeline {
  const pipeline: Pipeline = new Pipeline(options);
  for (const [name, component] of Object.entries(components)) pipeline.addComponent(name, component);
  for (const edge of edges) {
    const path = edge.split(' -> ');
    if (path.length < 2) throw new Error(`pipelineOf: edge "${edge}" is not "sender -> receiver"`);
    for (let i = 1; i < path.length; i++) pipeline.connect(path[i - 1]!, path[i]!);
  }
  return pipeline;
}

/**
 * A prompt builder, a generator that always replies 'This is a valid reply' and an output
 * validator whose invalid replies and error message go back to the prompt builder.
 */
export const validationLoop = (maxRunsPerComponent: number, promptBuilder: AnyComponent): Pipeline =>
  pipelineOf(
    { maxRunsPerComponent },
    { prompt_builder: promptBuilder, llm: fixedGenerator(['This is a valid reply']), output_validator: outputValidator() },
    [
      'prompt_builder.prompt -> llm.prompt',
      'llm.replies -> output_validator.replies',
      'output_validator.invalid_replies -> prompt_builder.invalid_replies',
      'output_validator.error_message -> prompt_builder.error_message',
    ],
  );

export const doc = (content: string, extra: Partial<Document> = {}): Document => ({ ...createDocument({ content }), ...extra });

/** `query` (+ optional `filters`, `top_k`) → `documents` from `pick`. */
export const fakeRetriever = (pick: (query: string, filters: unknown) => Document[]) =>
  new TestComponent(
    'hs.FakeRetriever',
    {
      query: { schema: schemas.str },
      filters: { schema: z.record(z.string(), z.unknown()), optional: true },
      top_k: { schema: schemas.num, optional: true },
    },
    { documents: { schema: schemas.docs } },
    ({ query, filters }) => ({ documents: pick(query as string, filters) }),
  );

export const chatGenerator = (replies: () => unknown[]) =>
  new TestComponent(
    'hs.FakeChatGenerator',
    { messages: { schema: schemas.messages } },
    { replies: { schema: schemas.messages } },
    () => ({ replies: replies() }),
  );
