import type { z } from 'zod';
import { describeType } from '../component/describe-type.js';
import { PipelineOutputError } from '../errors.js';
import { formatZodIssues } from '../options.js';
import { quoteList } from './format.js';
import type { PipelineResult } from './types.js';

/**
 * One output of a pipeline run result, checked with `schema` — for pipelines whose result is
 * untyped (`Pipeline.fromJSON`, `Pipeline.loads`, or any plain `Pipeline`):
 *
 * ```ts
 * const result = await Pipeline.loads(yaml).run({ query });
 * const documents = outputOf(result, 'joiner', 'documents', SocketSchemas.documents); // Document[]
 * ```
 *
 * Returns the parsed value (`z.output<S>`). Throws {@link PipelineOutputError} (with `component`
 * and `socket`) when the result has no such output — listing the outputs it does hold — or when
 * the value does not match `schema`, naming every zod issue. A schema that accepts `undefined`
 * (`SocketSchemas.documents.optional()`) makes a missing output return `undefined` instead.
 *
 * A pipeline built one statement at a time (`const p = new Pipeline(); p.addComponent(...)`)
 * is untyped too: its result is a `PipelineResult`, read with this function. A chained pipeline
 * (`new Pipeline().addComponent(...).connect(...)`) does not need it: its `run()` result is
 * already typed (`result.joiner.documents` is a `Document[]`); see docs/writing-components.md.
 */
export function outputOf<S extends z.ZodType>(result: PipelineResult, component: string, socket: string, schema: S): z.output<S> {
  const outputs = Object.hasOwn(result, component) ? result[component] : undefined;
  const value = outputs !== undefined && Object.hasOwn(outputs, socket) ? outputs[socket] : undefined;
  const present = value !== undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const address = `${component}.${socket}`;
  if (!present) {
    const held = Object.entries(result).flatMap(([name, sockets]) => Object.keys(sockets).map((s) => `${name}.${s}`));
    throw new PipelineOutputError(
      component,
      socket,
      `The pipeline result has no output "${address}". It holds: ${quoteList(held)}. A run returns the outputs that are ` +
        `connected to nothing, plus every output of the components named in includeOutputsFrom (pass ` +
        `includeOutputsFrom: ['${component}']); a component that did not run, or did not produce "${socket}", has none.`,
    );
  }
  throw new PipelineOutputError(
    component,
    socket,
    `Output "${address}" is not a valid ${describeType(schema)}: ${formatZodIssues(parsed.error)}.`,
    parsed.error,
  );
}
