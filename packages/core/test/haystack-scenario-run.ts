/**
 * Shared helpers of the Haystack run scenario tests (packages/core/src/pipeline/haystack-*.test.ts).
 * Haystack checks two things per run: the result and the inputs of every component call.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import { createDocument, type Document } from '../src/document.js';
import type { Pipeline } from '../src/pipeline/pipeline.js';
import type { TraceEvent } from '../src/tracing/tracer.js';
import { schemas } from './haystack-components.js';
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
