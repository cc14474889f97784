/**
 * A shadow-read rollout, simulated offline: reads move from the legacy store to the new one in
 * stages (0 → 10 → 50 → 100 % of users) while shadow reads compare both stores on every query,
 * and each stage only starts when the comparisons of the previous one are clean.
 *
 *   npx tsx --conditions=source examples/shadow-read-rollout.ts
 *
 * Two in-memory stores stand in for Chroma (legacy) and pgvector (target); production uses
 * `ChromaDocumentStore` and `PgvectorDocumentStore` and edits the flags file instead of
 * calling `flags.set()` (see docs/migration-runbook.md). The target starts with documents
 * missing — a forgotten backfill — which the shadow reads catch before any user is moved.
 */
import { createDocument, type Document, InMemoryDocumentStore } from '@synapse-rag/core';
import { createMetrics, FlagSource, HybridDocumentStore, type ShadowComparison, SILENT_LOGGER } from '@synapse-rag/migration';

const DIM = 8;
const USERS = 200;
/** Deterministic pseudo-random vectors, so every run prints the same numbers. */
function vector(seed: number): number[] {
  return Array.from({ length: DIM }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.5 + 0.5);
}
const corpus: Document[] = Array.from({ length: 100 }, (_, i) =>
  createDocument({ content: `Document ${i}`, meta: { i }, embedding: vector(i) }),
);

const legacy = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
const target = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
await legacy.writeDocuments(corpus); // the legacy app's data
await target.writeDocuments(corpus.slice(0, 60)); // an incomplete backfill: 40 documents missing

const flags = FlagSource.fromObject({ enableDualWrite: true, enableShadowReads: true, pgvectorReadPercentage: 0 });
const metrics = createMetrics();
// The store logs each low-overlap comparison (with both id lists); here the events are summarized instead.
const store = new HybridDocumentStore({ legacy, target, flags, metrics, logger: SILENT_LOGGER });
const comparisons: ShadowComparison[] = [];
store.onEvent((e) => {
  if (e.type === 'shadow:result') comparisons.push(e.comparison);
});

/** One stage: every user asks one question; returns how many were served by the target and the shadow verdict. */
async function runStage(percentage: number): Promise<{ toTarget: number; meanOverlap: number; low: number }> {
  flags.set({ pgvectorReadPercentage: percentage });
  comparisons.length = 0;
  let toTarget = 0;
  for (let user = 0; user < USERS; user++) {
    const routingKey = `user-${user}`;
    if (store.routeRead(routingKey) === 'target') toTarget++;
    await store.embeddingRetrieval({ queryEmbedding: vector(1000 + user), topK: 5, routingKey });
  }
  await store.settleShadows();
  const meanOverlap = comparisons.reduce((s, c) => s + c.overlap, 0) / Math.max(1, comparisons.length);
  return { toTarget, meanOverlap, low: comparisons.filter((c) => c.low).length };
}

const GATE = 0.95; // mean overlap@5 a stage needs before the next one starts
for (const percentage of [0, 10, 50, 100]) {
  let stage = await runStage(percentage);
  const line = (s: typeof stage) =>
    `${String(percentage).padStart(3)} % → ${String(s.toTarget).padStart(3)}/${USERS} users on the target; shadow overlap@5 mean ${s.meanOverlap.toFixed(2)}, ${s.low} low`;
  console.log(line(stage));
  if (stage.meanOverlap < GATE) {
    console.log(`      gate failed (< ${GATE}): holding at ${percentage} %, backfilling the target, re-running the stage`);
    const present = new Set((await target.filterDocuments()).map((d) => d.id));
    const missing = corpus.filter((d) => !present.has(d.id));
    await target.writeDocuments(missing);
    console.log(`      backfilled ${missing.length} documents`);
    stage = await runStage(percentage);
    console.log(line(stage));
    if (stage.meanOverlap < GATE)
      throw new Error('still diverging after the backfill: roll back (FF_PGVECTOR_READ_PERCENTAGE=0)');
  }
}
flags.set({ usePgvector: true, enableShadowReads: false });
console.log(`\nRollout done: every read on the target (usePgvector), shadow reads off.`);
const counters = (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith('synapse_shadow_reads_total'));
console.log(counters.join('\n'));
