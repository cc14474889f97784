import type { AnyComponent } from '../component/component.js';
import { describeType } from '../component/describe-type.js';
import { isOptionalInput, variadicMark } from './format.js';
import type { Edge } from './plan.js';

/** Escapes text for a quoted Mermaid label (entity codes; `<br/>` is added by the caller). */
function esc(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/**
 * Mermaid `graph TD` text for a pipeline: one node per component (name and type), one edge per
 * connection labeled `output → input` and the type (with the smart conversion it applies, if
 * any), fan-in inputs marked `(variadic)` or `(greedy)`, plus
 * pseudo-nodes `inputs` / `outputs` wired to the open sockets (optional inputs end in `?`).
 * Pure text: render it with any Mermaid renderer (GitHub, mermaid.live, mermaid-cli) — nothing
 * is sent anywhere.
 */
export function drawMermaid(components: ReadonlyMap<string, AnyComponent>, edges: readonly Edge[]): string {
  const ids = new Map<string, string>();
  const lines = ['graph TD'];
  let k = 0;
  for (const [name, component] of components) {
    const id = `c${k++}`;
    ids.set(name, id);
    lines.push(`  ${id}["<b>${esc(name)}</b><br/><small>${esc(component.type)}</small>"]`);
  }
  for (const e of edges) {
    const receiver = components.get(e.receiverComponent)!;
    const variadic = variadicMark(receiver.inputSockets[e.receiverSocket]);
    const converted = e.conversion ? ` (${e.conversion})` : '';
    lines.push(
      `  ${ids.get(e.senderComponent)} -->|"${esc(`${e.senderSocket} → ${e.receiverSocket}${variadic}`)}<br/>${esc(e.type + converted)}"| ${ids.get(e.receiverComponent)}`,
    );
  }
  const openIn: string[] = [];
  const openOut: string[] = [];
  for (const [name, component] of components) {
    const id = ids.get(name)!;
    for (const [socket, spec] of Object.entries(component.inputSockets)) {
      if (edges.some((e) => e.receiverComponent === name && e.receiverSocket === socket)) continue;
      const label = `${socket}${isOptionalInput(spec) ? '?' : ''}: ${describeType(spec.schema)}${variadicMark(spec)}`;
      openIn.push(`  inputs -->|"${esc(label)}"| ${id}`);
    }
    for (const [socket, spec] of Object.entries(component.outputSockets)) {
      if (edges.some((e) => e.senderComponent === name && e.senderSocket === socket)) continue;
      openOut.push(`  ${id} -->|"${esc(`${socket}: ${describeType(spec.schema)}`)}"| outputs`);
    }
  }
  if (openIn.length > 0) lines.push('  inputs([inputs])', ...openIn);
  if (openOut.length > 0) lines.push('  outputs([outputs])', ...openOut);
  return `${lines.join('\n')}\n`;
}
