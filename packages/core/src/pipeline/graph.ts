/**
 * Strongly connected components of a directed graph given as adjacency lists over node
 * indices 0..n-1 (Tarjan's algorithm, iterative so deep chains cannot overflow the stack).
 *
 * Returns `sccOf[node]` and the SCCs numbered in topological order of the condensation: every
 * edge goes from a lower (or equal, inside an SCC) SCC number to a higher one.
 */
export function stronglyConnectedComponents(
  n: number,
  adjacency: readonly (readonly number[])[],
): {
  sccOf: number[];
  count: number;
} {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const sccOfReverse = new Array<number>(n).fill(-1);
  let counter = 0;
  let sccCount = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    // Frames: [node, next edge position]
    const frames: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const v = frame[0];
      const edges = adjacency[v] ?? [];
      if (frame[1] < edges.length) {
        const w = edges[frame[1]++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          frames.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          sccOfReverse[w] = sccCount;
        } while (w !== v);
        sccCount++;
      }
    }
  }
  // Tarjan emits SCCs in reverse topological order; flip the numbering.
  const sccOf = sccOfReverse.map((s) => sccCount - 1 - s);
  return { sccOf, count: sccCount };
}
