import type { Pipeline } from '@synapse-rag/core';

/**
 * Run inputs for a query pipeline from this module: the question goes to every open `text` and
 * `query` socket, the routing key to every open `routingKey` socket (routed path only).
 */
export function queryInputs(pipeline: Pipeline, question: string, routingKey?: string): Record<string, Record<string, unknown>> {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const [component, sockets] of Object.entries(pipeline.inputs())) {
    const values: Record<string, unknown> = {};
    if ('text' in sockets) values.text = question;
    if ('query' in sockets) values.query = question;
    if (routingKey !== undefined && 'routingKey' in sockets) values.routingKey = routingKey;
    if (Object.keys(values).length > 0) inputs[component] = values;
  }
  return inputs;
}
