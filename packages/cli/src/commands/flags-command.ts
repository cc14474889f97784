import { Command } from 'commander';
import { effectiveFlags } from '../config/effective-config.js';

/** `synapse flags`: the effective FF_* feature flags. */
export function flagsCommand(): Command {
  return new Command('flags')
    .description('Show the effective FF_* feature flags (from the environment, else their defaults).')
    .option('--json', 'print { FF_NAME: value } as JSON')
    .action((flags: { json?: boolean }) => {
      const rows = effectiveFlags();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(Object.fromEntries(rows.map((r) => [r.env, r.value])))}\n`);
        return;
      }
      const width = Math.max(...rows.map((r) => r.env.length));
      for (const r of rows)
        process.stdout.write(`${r.env.padEnd(width)}  ${String(r.value).padEnd(5)}  (${r.source}; ${r.allowed})\n`);
    });
}
