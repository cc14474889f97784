import type { PipelineConnection, PipelineInputInfo, PipelineOutputInfo } from './types.js';

/** Node's `util.inspect.custom` (registered globally, so core needs no `node:util` import). */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/** The public view of a pipeline that {@link describePipeline} reads. */
export interface InspectablePipeline {
  componentNames(): string[];
  getComponent(name: string): { type: string };
  connections(): PipelineConnection[];
  inputs(): Record<string, Record<string, PipelineInputInfo>>;
  outputs(): Record<string, Record<string, PipelineOutputInfo>>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A readable summary of a pipeline, what the Node REPL and `console.log` print for it instead
 * of its private fields: components with their types, connections with the type they carry,
 * and the open inputs (`?` marks optional ones) and outputs.
 *
 * ```
 * Pipeline (3 components, 2 connections)
 *   components:
 *     vector   core.InMemoryEmbeddingRetriever
 *     joiner   core.DocumentJoiner
 *   connections:
 *     vector.documents → joiner.documents  Document[]
 *   inputs:
 *     vector.queryEmbedding: number[]
 *     vector.topK?: number
 *   outputs:
 *     joiner.documents: Document[]
 * ```
 */
export function describePipeline(pipeline: InspectablePipeline): string {
  const names = pipeline.componentNames();
  const connections = pipeline.connections();
  const lines = [`Pipeline (${plural(names.length, 'component')}, ${plural(connections.length, 'connection')})`];
  const width = Math.max(0, ...names.map((n) => n.length));
  if (names.length > 0) {
    lines.push('  components:');
    for (const name of names) lines.push(`    ${name.padEnd(width)}  ${pipeline.getComponent(name).type}`);
  }
  if (connections.length > 0) {
    lines.push('  connections:');
    for (const c of connections) lines.push(`    ${c.sender} → ${c.receiver}  ${c.type}`);
  }
  const inputs = Object.entries(pipeline.inputs()).flatMap(([name, sockets]) =>
    Object.entries(sockets).map(
      ([socket, info]) => `    ${name}.${socket}${info.optional ? '?' : ''}: ${info.type}${info.variadic ? ' (variadic)' : ''}`,
    ),
  );
  if (inputs.length > 0) lines.push('  inputs:', ...inputs);
  const outputs = Object.entries(pipeline.outputs()).flatMap(([name, sockets]) =>
    Object.entries(sockets).map(([socket, info]) => `    ${name}.${socket}: ${info.type}`),
  );
  if (outputs.length > 0) lines.push('  outputs:', ...outputs);
  return lines.join('\n');
}
