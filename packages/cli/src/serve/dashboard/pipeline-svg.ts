import type { Pipeline } from '@synapse-rag/core';

/** Layout constants of {@link pipelineSvg} (pixels). */
const NODE_HEIGHT = 44;
const LAYER_GAP = 56;
const NODE_GAP = 24;
const CHAR_WIDTH = 7.2;
const PADDING = 16;
/** Presentation attributes, not a `<style>`: the dashboard's Content-Security-Policy allows no inline styles. */
const TEXT = 'font-family="system-ui, sans-serif" text-anchor="middle"';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The pipeline as a self-contained SVG drawn on the server (no Mermaid in the browser: the
 * dashboard stays dependency-light and offline). Components are placed in layers by their longest
 * path from a component nothing feeds (which itself sits just above its first receiver); each
 * connection is an arrow whose `<title>` names the sockets and type (shown on hover). Text is
 * XML-escaped.
 */
export function pipelineSvg(pipeline: Pipeline): string {
  const names = pipeline.componentNames();
  const connections = pipeline.connections();
  const layer = new Map<string, number>(names.map((n) => [n, 0]));
  // Longest-path layering; a loop is cut after `names.length` passes.
  for (let pass = 0; pass < names.length; pass++) {
    let moved = false;
    for (const c of connections) {
      const next = (layer.get(c.senderComponent) ?? 0) + 1;
      if (next > (layer.get(c.receiverComponent) ?? 0) && next < names.length) {
        layer.set(c.receiverComponent, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  // A component nothing feeds sits just above its first receiver (not in the top row), so its
  // arrow does not cross the boxes of the layers in between.
  for (const name of names) {
    if (connections.some((c) => c.receiverComponent === name)) continue;
    const receivers = connections.filter((c) => c.senderComponent === name).map((c) => layer.get(c.receiverComponent) ?? 0);
    if (receivers.length > 0) layer.set(name, Math.max(0, Math.min(...receivers) - 1));
  }
  const depth = Math.max(0, ...layer.values());
  const layers: string[][] = Array.from({ length: depth + 1 }, () => []);
  for (const name of names) layers[layer.get(name) ?? 0]!.push(name);

  const typeOf = (name: string) => pipeline.getComponent(name).type;
  const widthOf = (name: string) => Math.max(name.length, typeOf(name).length) * CHAR_WIDTH + 24;
  const rowWidth = (row: string[]) => row.reduce((w, n) => w + widthOf(n), 0) + NODE_GAP * (row.length - 1);
  const width = Math.max(240, ...layers.map((row) => rowWidth(row))) + PADDING * 2;
  const height = layers.length * NODE_HEIGHT + (layers.length - 1) * LAYER_GAP + PADDING * 2;

  const box = new Map<string, { x: number; y: number; w: number }>();
  layers.forEach((row, i) => {
    let x = (width - rowWidth(row)) / 2;
    const y = PADDING + i * (NODE_HEIGHT + LAYER_GAP);
    for (const name of row) {
      const w = widthOf(name);
      box.set(name, { x, y, w });
      x += w + NODE_GAP;
    }
  });

  const edges = connections.map((c) => {
    const from = box.get(c.senderComponent)!;
    const to = box.get(c.receiverComponent)!;
    const x1 = from.x + from.w / 2;
    const y1 = from.y + NODE_HEIGHT;
    const x2 = to.x + to.w / 2;
    const y2 = to.y;
    const mid = (y1 + y2) / 2;
    const title = escapeXml(`${c.sender} → ${c.receiver} (${c.type})`);
    return `<path class="edge" fill="none" stroke="#6b7c93" stroke-width="1.4" d="M${x1.toFixed(1)},${y1} C${x1.toFixed(1)},${mid} ${x2.toFixed(1)},${mid} ${x2.toFixed(1)},${y2 - 2}" marker-end="url(#arrow)"><title>${title}</title></path>`;
  });
  const nodes = names.map((name) => {
    const { x, y, w } = box.get(name)!;
    return (
      `<g class="node" data-component="${escapeXml(name)}"><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${NODE_HEIGHT}" rx="6" fill="#eef3fb" stroke="#3b6ea8" stroke-width="1.5"/>` +
      `<text x="${(x + w / 2).toFixed(1)}" y="${y + 18}" class="name" ${TEXT} font-size="12" font-weight="600" fill="#1b2a3a">${escapeXml(name)}</text>` +
      `<text x="${(x + w / 2).toFixed(1)}" y="${y + 34}" class="type" ${TEXT} font-size="11" fill="#55657a">${escapeXml(typeOf(name))}</text></g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width.toFixed(0)} ${height}" width="${width.toFixed(0)}" height="${height}" role="img" aria-label="Query pipeline: ${escapeXml(names.join(', '))}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6b7c93"/></marker></defs>',
    ...edges,
    ...nodes,
    '</svg>',
  ].join('\n');
}
