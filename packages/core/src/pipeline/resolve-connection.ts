import type { AnyComponent } from '../component/component.js';
import { describeType } from '../component/describe-type.js';
import { PipelineConnectError } from '../errors.js';
import { formatInputs, formatOutputs, quoteList } from './format.js';
import type { Edge } from './plan.js';
import { type ConversionStrategy, connectionConversion, isListSocket } from './smart-connection.js';
import { parseSocketAddress } from './socket-address.js';

function socketsHelp(senderName: string, sender: AnyComponent, receiverName: string, receiver: AnyComponent): string {
  return `"${senderName}" (${sender.type}) outputs: ${formatOutputs(sender)}. "${receiverName}" (${receiver.type}) inputs: ${formatInputs(receiver)}.`;
}

/**
 * Works out which sockets `connect(senderAddress, receiverAddress)` means and checks that the
 * wire is allowed; returns the new edge or throws {@link PipelineConnectError}.
 *
 * - Addresses are `"component.socket"` or just `"component"`. A missing socket name is inferred:
 *   among all (output, input) pairs whose types are compatible (`isTypeCompatible`, or through a
 *   smart conversion: see `smart-connection.ts`) and whose input is still free (unconnected,
 *   variadic or a list), exactly one must remain — pairs that need no conversion win over those
 *   that do; if several remain and exactly one of them has equal socket names, that one is used.
 * - Incompatible types, an unknown component or socket, a second sender for an input that is
 *   neither variadic nor a list, and a duplicate connection are errors whose message lists the
 *   sockets with their types.
 */
export function resolveConnection(
  components: ReadonlyMap<string, AnyComponent>,
  edges: readonly Edge[],
  senderAddress: string,
  receiverAddress: string,
): Edge {
  const from = parseSocketAddress(senderAddress);
  const to = parseSocketAddress(receiverAddress);
  const sender = components.get(from.component);
  const receiver = components.get(to.component);
  for (const [addr, component, name] of [
    [senderAddress, sender, from.component],
    [receiverAddress, receiver, to.component],
  ] as const) {
    if (!component) {
      throw new PipelineConnectError(
        `Cannot connect "${senderAddress}" to "${receiverAddress}": no component named "${name}" (from "${addr}"). Components: ${quoteList(components.keys())}. Add it with addComponent() first.`,
        { sender: senderAddress, receiver: receiverAddress },
      );
    }
  }
  const s = sender!;
  const r = receiver!;
  const help = socketsHelp(from.component, s, to.component, r);
  const details = { sender: senderAddress, receiver: receiverAddress };

  if (from.socket !== undefined && !(from.socket in s.outputSockets)) {
    throw new PipelineConnectError(`Cannot connect: "${from.component}" has no output socket "${from.socket}". ${help}`, details);
  }
  if (to.socket !== undefined && !(to.socket in r.inputSockets)) {
    throw new PipelineConnectError(`Cannot connect: "${to.component}" has no input socket "${to.socket}". ${help}`, details);
  }
  const outNames = from.socket !== undefined ? [from.socket] : Object.keys(s.outputSockets);
  const inNames = to.socket !== undefined ? [to.socket] : Object.keys(r.inputSockets);
  if (outNames.length === 0)
    throw new PipelineConnectError(`Cannot connect: "${from.component}" has no output sockets. ${help}`, details);
  if (inNames.length === 0)
    throw new PipelineConnectError(`Cannot connect: "${to.component}" has no input sockets. ${help}`, details);

  const sendersOf = (socket: string): Edge[] =>
    edges.filter((e) => e.receiverComponent === to.component && e.receiverSocket === socket);
  const exists = (out: string, input: string): boolean =>
    edges.some(
      (e) =>
        e.senderComponent === from.component &&
        e.senderSocket === out &&
        e.receiverComponent === to.component &&
        e.receiverSocket === input,
    );
  const edge = (out: string, input: string): Edge => {
    const e: Edge = {
      senderComponent: from.component,
      senderSocket: out,
      receiverComponent: to.component,
      receiverSocket: input,
      type: describeType(s.outputSockets[out]!.schema),
    };
    const conversion = connectionConversion(s.outputSockets[out]!.schema, r.inputSockets[input]!.schema);
    if (conversion) e.conversion = conversion;
    return e;
  };
  /** Several senders may feed variadic sockets and list sockets (whose lists are joined). */
  const fansIn = (input: string): boolean => {
    const spec = r.inputSockets[input]!;
    return spec.variadic === true || spec.variadic === 'greedy' || isListSocket(spec.schema);
  };

  if (from.socket !== undefined && to.socket !== undefined) {
    const outSpec = s.outputSockets[from.socket]!;
    const inSpec = r.inputSockets[to.socket]!;
    if (connectionConversion(outSpec.schema, inSpec.schema) === undefined) {
      throw new PipelineConnectError(
        `Cannot connect ${from.component}.${from.socket} (${describeType(outSpec.schema)}) to ${to.component}.${to.socket} (${describeType(inSpec.schema)}): the types are incompatible. ${help}`,
        { ...details, senderType: describeType(outSpec.schema), receiverType: describeType(inSpec.schema) },
      );
    }
    if (exists(from.socket, to.socket)) {
      throw new PipelineConnectError(
        `${from.component}.${from.socket} is already connected to ${to.component}.${to.socket}.`,
        details,
      );
    }
    const current = sendersOf(to.socket);
    if (current.length > 0 && !fansIn(to.socket)) {
      throw new PipelineConnectError(
        `Cannot connect ${from.component}.${from.socket} to ${to.component}.${to.socket}: that input already receives from ${current.map((e) => `${e.senderComponent}.${e.senderSocket}`).join(', ')}, and only variadic (fan-in) and list sockets accept several senders.`,
        details,
      );
    }
    return edge(from.socket, to.socket);
  }

  const compatible: [string, string][] = [];
  let usable: [string, string][] = [];
  const conversions = new Map<string, ConversionStrategy | null>();
  for (const out of outNames) {
    for (const input of inNames) {
      const conversion = connectionConversion(s.outputSockets[out]!.schema, r.inputSockets[input]!.schema);
      if (conversion === undefined) continue;
      compatible.push([out, input]);
      if (exists(out, input)) continue;
      if (!fansIn(input) && sendersOf(input).length > 0) continue;
      usable.push([out, input]);
      conversions.set(`${out}\u0000${input}`, conversion);
    }
  }
  // Like Haystack: when several pairs fit, those that need no conversion win.
  const strict = usable.filter(([o, i]) => conversions.get(`${o}\u0000${i}`) === null);
  if (usable.length > 1 && strict.length > 0) usable = strict;
  const pairText = (pairs: [string, string][]): string =>
    pairs.map(([o, i]) => `${from.component}.${o} → ${to.component}.${i}`).join(', ');
  if (usable.length === 1) return edge(usable[0]![0], usable[0]![1]);
  if (usable.length > 1) {
    const sameName = usable.filter(([o, i]) => o === i);
    if (sameName.length === 1) return edge(sameName[0]![0], sameName[0]![1]);
    throw new PipelineConnectError(
      `Cannot connect "${senderAddress}" to "${receiverAddress}": ${usable.length} socket pairs have compatible types (${pairText(usable)}). Name the sockets, e.g. connect("${from.component}.${usable[0]![0]}", "${to.component}.${usable[0]![1]}"). ${help}`,
      { ...details, candidates: usable.map(([o, i]) => `${o}→${i}`) },
    );
  }
  const reason =
    compatible.length > 0
      ? `every type-compatible input is already connected (${pairText(compatible)}) and only variadic and list sockets accept several senders`
      : 'no output has a type the inputs accept';
  throw new PipelineConnectError(`Cannot connect "${senderAddress}" to "${receiverAddress}": ${reason}. ${help}`, details);
}
