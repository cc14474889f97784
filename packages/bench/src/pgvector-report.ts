/** `bench:pgvector`'s result shape and its markdown report. */
import { type Latency, median } from './stats.js';

/** One measurement of one target and size. */
export interface RunResult {
  target: string;
  size: number;
  insertDocsPerSec?: number;
  insertRows?: number;
  copyDocsPerSec: number;
  copyOverwriteDocsPerSec: number;
  indexBuildSec: number;
  exact: Latency;
  hnsw: Latency;
  keyword: Latency;
  hybrid: Latency;
  /**
   * Hybrid as a pipeline: embedding + keyword retrievers (candidateK each) → DocumentJoiner (RRF),
   * the two queries running concurrently (on two pooled connections on a server). Absent in
   * reports saved before it was measured.
   */
  hybridPipeline?: Latency;
  /** {@link hybridFloor}: the hybrid statement with an unranked keyword half. Absent in older reports. */
  hybridFloor?: Latency;
  keywordBroad: Latency;
  hybridBroad: Latency;
  hnswFiltered: Latency;
  /**
   * HNSW with a 0.1 % filter whose rows lie far from the query (`meta.cluster` == another cluster):
   * the case where an iterative scan runs out of `hnsw.max_scan_tuples`. Absent in older reports.
   */
  hnswSelective?: Latency;
  /** Share of the selective-filter queries that returned the full topK. */
  selectiveFull?: number;
  /**
   * The retrievers' default `returnEmbedding: true` (embeddings read as binary `vector_send`):
   * HNSW and the hybrid (SQL-fusion shape). Absent in reports saved before it was measured.
   */
  withEmbeddings?: { hnsw: Latency; hybrid: Latency };
  recallAt10: number;
  filteredFull: number;
  /** The `storedTsvector: false` variant (GIN on the expression): writes, HNSW and the keyword/hybrid queries. */
  variant: {
    copyDocsPerSec: number;
    indexBuildSec: number;
    hnsw: Latency;
    keyword: Latency;
    hybrid: Latency;
    keywordBroad: Latency;
    hybridBroad: Latency;
  };
  langchain?: {
    addVectorsDocsPerSec: number;
    addRows: number;
    exact: Latency;
    hnsw: Latency;
    indexBuildSec: number;
    recallAt10: number;
  };
}

const f0 = (x: number | undefined) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
const f1 = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const lat = (l: Latency) => `${f1(l.p50)} / ${f1(l.p95)} / ${f1(l.p99)}`;

/** Number of runs in `results` (the most measurements of any target and size). */
function runsOf(results: readonly RunResult[]): number {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(`${r.target}/${r.size}`, (counts.get(`${r.target}/${r.size}`) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** Element-wise median of same-shaped measurements (numbers → median, others → the first run's). */
function medianOf<T>(xs: readonly T[]): T {
  const first = xs[0];
  if (typeof first === 'number') return median(xs as readonly number[]) as T;
  if (first !== null && typeof first === 'object') {
    const keys = Object.keys(first);
    return Object.fromEntries(keys.map((k) => [k, medianOf(xs.map((x) => (x as Record<string, unknown>)[k]))])) as T;
  }
  return first as T;
}

/** Data-set settings the report's preamble names. */
export interface ReportSettings {
  dim: number;
  queries: number;
  warmup: number;
}

/** The markdown tables and target verdicts of `bench:pgvector` (per-figure medians over runs). */
export function report(all: RunResult[], meta: Record<string, string>, settings: ReportSettings): string {
  const { dim: DIM, queries: QUERIES, warmup: WARMUP } = settings;
  const groups: RunResult[][] = [];
  for (const r of all) {
    const g = groups.find((x) => x[0]?.target === r.target && x[0]?.size === r.size);
    if (g) g.push(r);
    else groups.push([r]);
  }
  const results = groups.map((g) => medianOf(g));
  const lines: string[] = [];
  lines.push(`Measured ${meta.date} on ${meta.machine}; ${meta.server}.`);
  lines.push(
    `Data: ${DIM}-d clustered unit vectors (n/100 clusters), 30-word texts; ${QUERIES} timed queries per kind after ${WARMUP} warm-up; topK 10; latencies in ms (p50 / p95 / p99), sequential, one client; compared contenders interleaved.${runsOf(all) > 1 ? ` Every figure is the median of ${runsOf(all)} runs.` : ''}`,
  );
  lines.push('');
  lines.push('Store defaults (stored generated `content_tsv`, GIN on it), writes and all queries:');
  lines.push('');
  lines.push(
    '| target | docs | INSERT docs/s (rows) | COPY docs/s | COPY overwrite docs/s | index build s | exact | HNSW | recall@10 | HNSW + 4 % filter (full topK) | HNSW + 100-row filter, other cluster (full topK) | keyword | hybrid | hybrid pipeline | keyword broad | hybrid broad |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---|---|---:|---|---|---|---|---|---|---|');
  for (const r of results) {
    lines.push(
      `| ${r.target} | ${f0(r.size)} | ${f0(r.insertDocsPerSec)} (${f0(r.insertRows)}) | ${f0(r.copyDocsPerSec)} | ${f0(r.copyOverwriteDocsPerSec)} | ${r.indexBuildSec.toFixed(1)} | ${lat(r.exact)} | ${lat(r.hnsw)} | ${r.recallAt10.toFixed(3)} | ${lat(r.hnswFiltered)} (${(r.filteredFull * 100).toFixed(0)} %) | ${r.hnswSelective ? `${lat(r.hnswSelective)} (${((r.selectiveFull ?? 0) * 100).toFixed(0)} %)` : '—'} | ${lat(r.keyword)} | ${lat(r.hybrid)} | ${r.hybridPipeline ? lat(r.hybridPipeline) : '—'} | ${lat(r.keywordBroad)} | ${lat(r.hybridBroad)} |`,
    );
  }
  lines.push('');
  lines.push(
    'Variant `storedTsvector: false` (GIN on the expression `to_tsvector(language, content)`), same data; default table in brackets:',
  );
  lines.push('');
  lines.push(
    '| target | docs | COPY docs/s (ratio to default) | index build s | HNSW | keyword (default) | hybrid (default) | keyword broad (default) | hybrid broad (default) |',
  );
  lines.push('|---|---:|---:|---:|---|---|---|---|---|');
  // ratios in brackets are medians of the per-run ratios (what the targets below are judged on)
  const medianRatio = (group: RunResult[], f: (r: RunResult) => number) => median(group.map(f));
  for (const [i, r] of results.entries()) {
    const v = r.variant;
    const copyRatio = medianRatio(groups[i] as RunResult[], (x) => x.variant.copyDocsPerSec / x.copyDocsPerSec);
    lines.push(
      `| ${r.target} | ${f0(r.size)} | ${f0(v.copyDocsPerSec)} (${copyRatio.toFixed(2)}×) | ${v.indexBuildSec.toFixed(1)} | ${lat(v.hnsw)} | ${lat(v.keyword)} (${lat(r.keyword)}) | ${lat(v.hybrid)} (${lat(r.hybrid)}) | ${lat(v.keywordBroad)} (${lat(r.keywordBroad)}) | ${lat(v.hybridBroad)} (${lat(r.hybridBroad)}) |`,
    );
  }
  if (results.some((r) => r.withEmbeddings)) {
    lines.push('');
    lines.push(
      "With the retrievers' default `returnEmbedding: true` (vectors read in binary; the hybrid fuses in SQL), same run; without embeddings in brackets:",
    );
    lines.push('');
    lines.push('| target | docs | HNSW (without) | hybrid (without) |');
    lines.push('|---|---:|---|---|');
    for (const r of results) {
      if (!r.withEmbeddings) continue;
      lines.push(
        `| ${r.target} | ${f0(r.size)} | ${lat(r.withEmbeddings.hnsw)} (${lat(r.hnsw)}) | ${lat(r.withEmbeddings.hybrid)} (${lat(r.hybrid)}) |`,
      );
    }
  }
  if (results.some((r) => r.hybridFloor)) {
    lines.push('');
    lines.push(
      'What the hybrid adds to the vector-only query (topic queries, without embeddings): the hybrid, the same statement with an unranked keyword half (no `ts_rank_cd`, any 20 matches: the least any one-statement hybrid costs), and hybrid − HNSW in ms:',
    );
    lines.push('');
    lines.push(
      '| target | docs | HNSW | hybrid | floor: keyword half unranked | hybrid − HNSW p50 / p95 | floor − HNSW p50 / p95 |',
    );
    lines.push('|---|---:|---|---|---|---|---|');
    for (const r of results) {
      if (!r.hybridFloor) continue;
      const d = (a: Latency) => `${(a.p50 - r.hnsw.p50).toFixed(2)} / ${(a.p95 - r.hnsw.p95).toFixed(2)}`;
      lines.push(
        `| ${r.target} | ${f0(r.size)} | ${lat(r.hnsw)} | ${lat(r.hybrid)} | ${lat(r.hybridFloor)} | ${d(r.hybrid)} | ${d(r.hybridFloor)} |`,
      );
    }
  }
  const lcRows = groups.map((g) => g.filter((x) => x.langchain)).filter((g) => g.length > 0);
  if (lcRows.length > 0) {
    lines.push('');
    lines.push('LangChain.js `PGVectorStore` (`@langchain/community`) on the same server, same data:');
    lines.push('');
    lines.push(
      '| docs | LangChain addVectors docs/s | Synapse COPY docs/s, default (ratio) | Synapse COPY, storedTsvector: false (ratio) | LangChain exact | Synapse exact | LangChain HNSW | Synapse HNSW | LangChain recall@10 |',
    );
    lines.push('|---:|---:|---:|---:|---|---|---|---|---:|');
    for (const group of lcRows) {
      const r = medianOf(group);
      const l = r.langchain as NonNullable<RunResult['langchain']>;
      const lcRate = (x: RunResult) => x.langchain?.addVectorsDocsPerSec ?? Number.NaN;
      const w = medianRatio(group, (x) => x.copyDocsPerSec / lcRate(x));
      const wv = medianRatio(group, (x) => x.variant.copyDocsPerSec / lcRate(x));
      lines.push(
        `| ${f0(r.size)} | ${f0(l.addVectorsDocsPerSec)} | ${f0(r.copyDocsPerSec)} (${w.toFixed(1)}×) | ${f0(r.variant.copyDocsPerSec)} (${wv.toFixed(1)}×) | ${lat(l.exact)} | ${lat(r.exact)} | ${lat(l.hnsw)} | ${lat(r.hnsw)} | ${l.recallAt10.toFixed(3)} |`,
      );
    }
  }
  lines.push('');
  lines.push(`Targets (per run${runsOf(all) > 1 ? '; the verdict is on the median' : ''}):`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const ratio = (rs: RunResult[], f: (r: RunResult) => number, digits: number) => {
    const xs = rs.map(f);
    const m = median(xs);
    return {
      m,
      text:
        xs.length > 1 ? `${m.toFixed(digits)}× (runs ${xs.map((x) => x.toFixed(digits)).join(', ')})` : `${m.toFixed(digits)}×`,
    };
  };
  for (const group of groups) {
    const r = group[0] as RunResult;
    const checks: string[] = [];
    const withLc = group.filter((x) => x.langchain);
    if (withLc.length > 0) {
      const w = ratio(withLc, (x) => x.copyDocsPerSec / (x.langchain?.addVectorsDocsPerSec ?? Number.NaN), 1);
      const wv = ratio(withLc, (x) => x.variant.copyDocsPerSec / (x.langchain?.addVectorsDocsPerSec ?? Number.NaN), 1);
      checks.push(
        `bulk write ${w.text} LangChain addVectors with the default table (target ≥ 5×: ${verdict(w.m >= 5)}); storedTsvector: false ${wv.text} (${verdict(wv.m >= 5)})`,
      );
    }
    const h = ratio(group, (x) => x.hybrid.p95 / x.hnsw.p95, 2);
    checks.push(`topic-query hybrid p95 ${h.text} vector p95 (target ≤ 1.3×: ${verdict(h.m <= 1.3)})`);
    const withPipeline = group.filter((x) => x.hybridPipeline);
    if (withPipeline.length > 0) {
      const hp = ratio(withPipeline, (x) => (x.hybridPipeline?.p95 ?? Number.NaN) / x.hnsw.p95, 2);
      checks.push(
        `topic-query hybrid as a pipeline (two concurrent retrievers → DocumentJoiner) p95 ${hp.text} (${verdict(hp.m <= 1.3)})`,
      );
    }
    const withFloor = group.filter((x) => x.hybridFloor);
    if (withFloor.length > 0) {
      const hf = ratio(withFloor, (x) => (x.hybridFloor?.p95 ?? Number.NaN) / x.hnsw.p95, 2);
      checks.push(`the hybrid statement with an unranked keyword half (a floor, not a retriever) p95 ${hf.text} vector p95`);
    }
    const withEmb = group.filter((x) => x.withEmbeddings);
    if (withEmb.length > 0) {
      const he = ratio(
        withEmb,
        (x) => (x.withEmbeddings?.hybrid.p95 ?? Number.NaN) / (x.withEmbeddings?.hnsw.p95 ?? Number.NaN),
        2,
      );
      checks.push(`topic-query hybrid p95 with embeddings ${he.text} vector p95 with embeddings (${verdict(he.m <= 1.3)})`);
    }
    const hb = ratio(group, (x) => x.hybridBroad.p95 / x.hnsw.p95, 2);
    checks.push(`broad-query hybrid p95 ${hb.text} (${verdict(hb.m <= 1.3)})`);
    const hv = ratio(group, (x) => x.variant.hybrid.p95 / x.variant.hnsw.p95, 2);
    checks.push(`topic-query hybrid p95 with storedTsvector: false ${hv.text} its HNSW p95 (${verdict(hv.m <= 1.3)})`);
    const hvb = ratio(group, (x) => x.variant.hybridBroad.p95 / x.variant.hnsw.p95, 2);
    checks.push(`broad-query hybrid p95 with storedTsvector: false ${hvb.text} (${verdict(hvb.m <= 1.3)})`);
    const rc = group.map((x) => x.recallAt10);
    checks.push(`recall@10 ${rc.map((x) => x.toFixed(3)).join(', ')} (target ≥ 0.95: ${verdict(Math.min(...rc) >= 0.95)})`);
    lines.push(`- ${r.target}, ${f0(r.size)} docs: ${checks.join('; ')}.`);
  }
  return lines.join('\n');
}
