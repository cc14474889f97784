import type { BatchProgress, IndexProgress } from '@synapse-rag/migration';
import cliProgress from 'cli-progress';

/** How progress is shown: a bar on a TTY, JSON lines with `--json`, else nothing until the summary. */
export interface ProgressDisplay {
  start(total: number, note?: string): void;
  batch(p: BatchProgress): void;
  index(p: IndexProgress): void;
  stop(): void;
}

/** A cli-progress bar on `err` (classic shades, cursor hidden): `format` is its line, `etaBuffer` the updates its ETA averages. */
export function progressBar(err: NodeJS.WriteStream, format: string, etaBuffer: number): cliProgress.SingleBar {
  return new cliProgress.SingleBar({ stream: err, format, hideCursor: true, etaBuffer }, cliProgress.Presets.shades_classic);
}

/** JSON lines on stdout: `{"event":"batch",…}` per committed batch, `{"event":"index",…}` while indexes build. */
function jsonLines(out: NodeJS.WritableStream): ProgressDisplay {
  const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
  return {
    start: (total, note) => line({ event: 'start', total, ...(note ? { note } : {}) }),
    batch: (p) => line({ event: 'batch', ...p, docsPerSecond: Math.round(p.docsPerSecond) }),
    index: (p) => line({ event: 'index', ...p }),
    stop: () => {},
  };
}

/** cli-progress bar with docs/s and ETA (stderr), index build lines under it. */
function bar(err: NodeJS.WriteStream): ProgressDisplay {
  const b = progressBar(
    err,
    '{bar} {percentage}% | {value}/{total} docs | {speed} docs/s | ETA {eta_formatted} | rejected {rejected}',
    20,
  );
  let running = false;
  return {
    start: (total, note) => {
      if (note) err.write(`${note}\n`);
      b.start(total, 0, { speed: 0, rejected: 0 });
      running = true;
    },
    batch: (p) => b.update(p.done, { speed: Math.round(p.docsPerSecond), rejected: p.rejected }),
    index: (p) => {
      if (running) {
        b.stop();
        running = false;
      }
      if (p.kind === 'start') err.write('building indexes (HNSW, full text, meta)…\n');
      else if (p.kind === 'progress') {
        const pct = p.blocksTotal ? ` ${Math.round((100 * (p.blocksDone ?? 0)) / p.blocksTotal)}% of blocks` : '';
        err.write(`  ${p.index ?? '?'}: ${p.phase ?? ''}${pct}\n`);
      } else err.write(`indexes built in ${(p.elapsedMs / 1000).toFixed(1)} s\n`);
    },
    stop: () => {
      if (running) b.stop();
      running = false;
    },
  };
}

function silent(): ProgressDisplay {
  return { start: () => {}, batch: () => {}, index: () => {}, stop: () => {} };
}

export function progressDisplay(json: boolean | undefined): ProgressDisplay {
  if (json) return jsonLines(process.stdout);
  return process.stderr.isTTY ? bar(process.stderr) : silent();
}
