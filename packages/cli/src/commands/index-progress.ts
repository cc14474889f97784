import type { IndexFilesProgress } from '../indexing/index-files.js';
import { progressBar } from '../progress-display.js';

/** How `synapse index` shows progress: a bar on a TTY (stderr), nothing otherwise. */
export interface IndexProgressDisplay {
  update(p: IndexFilesProgress): void;
  stop(): void;
}

/** A cli-progress bar with docs/s and ETA on stderr when it is a TTY and `json` is off. */
export function indexProgressDisplay(json: boolean, err: NodeJS.WriteStream = process.stderr): IndexProgressDisplay {
  if (json || !err.isTTY) return { update: () => {}, stop: () => {} };
  const bar = progressBar(
    err,
    '{bar} {percentage}% | {value}/{total} files | {speed} docs/s | ETA {eta_formatted} | {chunks} chunks',
    10,
  );
  let started = false;
  return {
    update: (p) => {
      const values = { speed: p.docsPerSecond.toFixed(1), chunks: p.chunks };
      if (!started) {
        bar.start(p.total, p.done, values);
        started = true;
      } else bar.update(p.done, values);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
