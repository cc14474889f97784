import type { AnyComponent } from '../component/component.js';
import type { InputSocketSpec } from '../component/socket.js';
import { stronglyConnectedComponents } from './graph.js';
import { type ConversionStrategy, isListSocket } from './smart-connection.js';

/** One wire as stored by the pipeline. */
export interface Edge {
  senderComponent: string;
  senderSocket: string;
  receiverComponent: string;
  receiverSocket: string;
  /** Label of the sender's type, cached at connect time. */
  type: string;
  /** Smart conversion applied to every value sent over this wire (none when the types fit). */
  conversion?: ConversionStrategy;
}

/**
 * How an input socket collects values (see docs/pipelines.md): `standard` holds one value,
 * `lazy` collects one entry per sender run and waits for all senders, `greedy` takes the first
 * value that arrives. `flatten` marks a list socket made lazy by several senders (or a pipeline
 * value next to its sender): the senders' lists are concatenated instead of nested.
 */
export type InputMode = 'standard' | 'lazy' | 'greedy';

export interface PlanInput {
  name: string;
  spec: InputSocketSpec;
  mode: InputMode;
  flatten: boolean;
  /** Declared variadic (lazy or greedy). */
  variadic: boolean;
  /** The socket's type is a list (may become auto-variadic). */
  listType: boolean;
  /** Neither optional nor defaulted: the component cannot run without a value. */
  mandatory: boolean;
  /** Number of connections feeding this socket. */
  senderCount: number;
  /** Distinct sender components feeding this socket (node indices). */
  senders: number[];
}

export interface PlanTarget {
  node: number;
  input: number;
  edge: Edge;
}

export interface PlanNode {
  index: number;
  name: string;
  component: AnyComponent;
  type: string;
  inputs: PlanInput[];
  inputIndex: Map<string, number>;
  /** Declared output socket → receivers (empty array: the output is open). */
  targets: Map<string, PlanTarget[]>;
  /** Whether any input socket has a sender. */
  hasSenders: boolean;
  scc: number;
  /** Position in the DEFER tie-break: topological (SCC) order, then lower-cased name. */
  rank: number;
}

/** The graph compiled for running: indices instead of names. */
export interface ExecutionPlan {
  nodes: PlanNode[];
  byName: Map<string, number>;
  /** Node indices sorted by name: the order in which a wave starts its components. */
  byNameOrder: number[];
}

/** Lexicographic topological order of a DAG; `undefined` when the graph has a cycle. */
function lexicographicTopologicalOrder(nodes: readonly PlanNode[], adjacency: readonly number[][]): number[] | undefined {
  const indegree = new Array<number>(nodes.length).fill(0);
  for (const targets of adjacency) for (const t of targets) indegree[t]!++;
  const ready = nodes.filter((n) => indegree[n.index] === 0).map((n) => n.index);
  const order: number[] = [];
  const byName = (a: number, b: number): number => (nodes[a]!.name < nodes[b]!.name ? -1 : 1);
  while (ready.length > 0) {
    ready.sort(byName);
    const next = ready.shift()!;
    order.push(next);
    for (const t of adjacency[next]!) if (--indegree[t]! === 0) ready.push(t);
  }
  return order.length === nodes.length ? order : undefined;
}

export function compilePlan(components: ReadonlyMap<string, AnyComponent>, edges: readonly Edge[]): ExecutionPlan {
  const byName = new Map<string, number>();
  const nodes: PlanNode[] = [];
  for (const [name, component] of components) {
    const index = nodes.length;
    byName.set(name, index);
    const inputs: PlanInput[] = [];
    const inputIndex = new Map<string, number>();
    for (const [socket, spec] of Object.entries(component.inputSockets)) {
      inputIndex.set(socket, inputs.length);
      const variadic = spec.variadic === true || spec.variadic === 'greedy';
      inputs.push({
        name: socket,
        spec,
        mode: spec.variadic === 'greedy' ? 'greedy' : variadic ? 'lazy' : 'standard',
        flatten: false,
        variadic,
        listType: !variadic && isListSocket(spec.schema),
        mandatory: spec.optional !== true && spec.default === undefined,
        senderCount: 0,
        senders: [],
      });
    }
    const targets = new Map<string, PlanTarget[]>();
    for (const socket of Object.keys(component.outputSockets)) targets.set(socket, []);
    nodes.push({ index, name, component, type: component.type, inputs, inputIndex, targets, hasSenders: false, scc: 0, rank: 0 });
  }
  const adjacency: number[][] = nodes.map(() => []);
  for (const edge of edges) {
    const from = byName.get(edge.senderComponent)!;
    const to = byName.get(edge.receiverComponent)!;
    const receiver = nodes[to]!;
    const input = receiver.inputIndex.get(edge.receiverSocket)!;
    const planInput = receiver.inputs[input]!;
    planInput.senderCount++;
    if (!planInput.senders.includes(from)) planInput.senders.push(from);
    receiver.hasSenders = true;
    nodes[from]!.targets.get(edge.senderSocket)!.push({ node: to, input, edge });
    adjacency[from]!.push(to);
  }
  for (const node of nodes) {
    for (const input of node.inputs) {
      // Several senders into one list socket: Haystack makes it lazy variadic and joins the lists.
      if (input.mode === 'standard' && input.senderCount > 1) {
        input.mode = 'lazy';
        input.flatten = true;
      }
    }
  }
  const { sccOf } = stronglyConnectedComponents(nodes.length, adjacency);
  for (const node of nodes) node.scc = sccOf[node.index]!;
  const lower = (i: number): string => nodes[i]!.name.toLowerCase();
  const topo = lexicographicTopologicalOrder(nodes, adjacency);
  const ranked = topo
    ? topo
    : nodes
        .map((n) => n.index)
        .sort((a, b) => nodes[a]!.scc - nodes[b]!.scc || (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0));
  ranked.forEach((index, rank) => {
    nodes[index]!.rank = rank;
  });
  const byNameOrder = nodes.map((n) => n.index).sort((a, b) => (nodes[a]!.name < nodes[b]!.name ? -1 : 1));
  return { nodes, byName, byNameOrder };
}
