import type { AnyComponent } from '../component/component.js';
import type { InputSocketSpec } from '../component/socket.js';
import { condensationPredecessors, stronglyConnectedComponents } from './graph.js';

/** One wire as stored by the pipeline. */
export interface Edge {
  senderComponent: string;
  senderSocket: string;
  receiverComponent: string;
  receiverSocket: string;
  /** Label of the sender's type, cached at connect time. */
  type: string;
}

export interface PlanInput {
  name: string;
  spec: InputSocketSpec;
  variadic: boolean;
  /** Neither optional nor defaulted: the component cannot run without a value. */
  mandatory: boolean;
  /** Number of connections feeding this socket. */
  senderCount: number;
}

export interface PlanTarget {
  node: number;
  input: number;
  /** For variadic receivers: the connection's position among the socket's senders. */
  slot: number;
  /** Only used by `validateConnections`. */
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
  scc: number;
}

/** The graph compiled for running: indices instead of names, SCCs in topological order. */
export interface ExecutionPlan {
  nodes: PlanNode[];
  byName: Map<string, number>;
  sccCount: number;
  /** SCC → SCCs with an edge into it. */
  sccPredecessors: number[][];
  /** SCC → member nodes. */
  sccMembers: number[][];
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
      inputs.push({
        name: socket,
        spec,
        variadic: spec.variadic === true,
        mandatory: spec.optional !== true && spec.default === undefined,
        senderCount: 0,
      });
    }
    const targets = new Map<string, PlanTarget[]>();
    for (const socket of Object.keys(component.outputSockets)) targets.set(socket, []);
    nodes.push({ index, name, component, type: component.type, inputs, inputIndex, targets, scc: 0 });
  }
  const adjacency: number[][] = nodes.map(() => []);
  for (const edge of edges) {
    const from = byName.get(edge.senderComponent)!;
    const to = byName.get(edge.receiverComponent)!;
    const receiver = nodes[to]!;
    const input = receiver.inputIndex.get(edge.receiverSocket)!;
    const planInput = receiver.inputs[input]!;
    const slot = planInput.senderCount++;
    nodes[from]!.targets.get(edge.senderSocket)!.push({ node: to, input, slot, edge });
    adjacency[from]!.push(to);
  }
  const { sccOf, count } = stronglyConnectedComponents(nodes.length, adjacency);
  const sccMembers: number[][] = Array.from({ length: count }, () => []);
  for (const node of nodes) {
    node.scc = sccOf[node.index]!;
    sccMembers[node.scc]!.push(node.index);
  }
  return { nodes, byName, sccCount: count, sccPredecessors: condensationPredecessors(sccOf, count, adjacency), sccMembers };
}
