import { readFile } from 'node:fs/promises';

/** Mean shadow-read overlap@k and the number of comparisons it is based on. */
export interface ShadowOverlap {
  mean: number;
  samples: number;
}

/**
 * The mean of `synapse_shadow_read_overlap` (sum / count over every label set) from Prometheus
 * text exposition, as served by the app's `/metrics` (see `createMetrics`). Undefined if absent.
 */
export function shadowOverlapFromMetrics(text: string): ShadowOverlap | undefined {
  let sum = 0;
  let count = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    const m = /^synapse_shadow_read_overlap_(sum|count)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    seen = true;
    const value = Number(m[2]);
    if (m[1] === 'sum') sum += value;
    else count += value;
  }
  if (!seen) return undefined;
  return { mean: count > 0 ? sum / count : 0, samples: count };
}

/** Reads metrics from an `http(s)://` URL or a file. */
export async function readMetrics(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`GET ${source} answered ${res.status}`);
    return res.text();
  }
  return readFile(source, 'utf8');
}

/** What `advance` checks before moving on. */
export interface RolloutGateInput {
  /** A `synapse verify --report` file. */
  verifyReport?: string | undefined;
  /** Metrics URL or file holding `synapse_shadow_read_overlap`. */
  metrics?: string | undefined;
  /** @default 0.9 */
  minOverlap?: number | undefined;
  /** @default 100 */
  minShadowSamples?: number | undefined;
}

/** Reasons `advance` must refuse (empty = allowed). */
export async function gateProblems(needs: { verify: boolean; shadow: boolean }, input: RolloutGateInput): Promise<string[]> {
  const problems: string[] = [];
  if (needs.verify) {
    if (!input.verifyReport) problems.push('this stage needs a passing `synapse verify --report <file>`: pass --verify-report');
    else {
      try {
        const report = JSON.parse(await readFile(input.verifyReport, 'utf8')) as {
          ok?: unknown;
          mismatches?: unknown[];
          extra?: unknown[];
        };
        if (report.ok !== true) {
          problems.push(
            `verify failed (${report.mismatches?.length ?? '?'} missing or different, ${report.extra?.length ?? '?'} extra): see ${input.verifyReport}`,
          );
        }
      } catch (error) {
        problems.push(`cannot read the verify report ${input.verifyReport}: ${(error as Error).message}`);
      }
    }
  }
  if (needs.shadow) {
    const minOverlap = input.minOverlap ?? 0.9;
    const minSamples = input.minShadowSamples ?? 100;
    if (!input.metrics) problems.push('shadow reads are on: pass --metrics <url-or-file> so their overlap can be checked');
    else {
      try {
        const overlap = shadowOverlapFromMetrics(await readMetrics(input.metrics));
        if (!overlap) problems.push(`no synapse_shadow_read_overlap in ${input.metrics}`);
        else if (overlap.samples < minSamples)
          problems.push(`only ${overlap.samples} shadow comparisons so far (need ${minSamples})`);
        else if (overlap.mean < minOverlap) {
          problems.push(
            `shadow-read overlap ${overlap.mean.toFixed(3)} is below the threshold ${minOverlap} (${overlap.samples} comparisons)`,
          );
        }
      } catch (error) {
        problems.push(`cannot read metrics from ${input.metrics}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}
