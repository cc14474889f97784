import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stronglyConnectedComponents } from './graph.js';

describe('stronglyConnectedComponents', () => {
  it('groups cycles and numbers SCCs topologically', () => {
    // 0 → 1 → 2 → 1, 2 → 3, 4 isolated
    const adj = [[1], [2], [1, 3], [], []];
    const { sccOf, count } = stronglyConnectedComponents(5, adj);
    expect(count).toBe(4);
    expect(sccOf[1]).toBe(sccOf[2]);
    expect(sccOf[0]).toBeLessThan(sccOf[1]!);
    expect(sccOf[1]).toBeLessThan(sccOf[3]!);
  });

  it('handles a 10k-node chain without recursion limits', () => {
    const n = 10_000;
    const adj = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
    const { sccOf, count } = stronglyConnectedComponents(n, adj);
    expect(count).toBe(n);
    expect(sccOf[0]).toBe(0);
    expect(sccOf[n - 1]).toBe(n - 1);
  });

  it('every edge goes forward or stays inside an SCC; nodes share an SCC iff mutually reachable', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 9 })
          .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 20 }))),
        ([n, pairs]) => {
          const adj: number[][] = Array.from({ length: n }, () => []);
          for (const [a, b] of pairs) adj[a]!.push(b);
          const { sccOf } = stronglyConnectedComponents(n, adj);
          const reach = adj.map((_, s) => {
            const seen = new Set([s]);
            const stack = [s];
            while (stack.length > 0) {
              for (const w of adj[stack.pop()!]!) {
                if (!seen.has(w)) {
                  seen.add(w);
                  stack.push(w);
                }
              }
            }
            return seen;
          });
          for (const [a, b] of pairs) expect(sccOf[a]!).toBeLessThanOrEqual(sccOf[b]!);
          for (let a = 0; a < n; a++)
            for (let b = 0; b < n; b++) expect(sccOf[a] === sccOf[b]).toBe(reach[a]!.has(b) && reach[b]!.has(a));
        },
      ),
    );
  });
});
