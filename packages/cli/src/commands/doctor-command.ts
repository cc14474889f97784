import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { addStoreOptions, resolveStoreSettings, type StoreFlags } from '../store/store-options.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

/** `synapse doctor`: checks each configured server and model, says how to fix what is missing. */
export function doctorCommand(): Command {
  const cmd = new Command('doctor')
    .description(
      'Check each configured server and model (PostgreSQL/PGlite + pgvector, Chroma, Ollama, the shipped GloVe model) and say how to fix what is missing; exit 1 when a required part fails.',
    )
    .option('--json', 'print the checks as JSON');
  addStoreOptions(cmd).action(async (flags: StoreFlags & { json?: boolean }) => {
    const settings = resolveStoreSettings(flags);
    const { runDoctor } = await import('../doctor/doctor-checks.js');
    const checks = await runDoctor(settings);
    const failed = checks.some((c) => c.required && c.status === 'fail');
    if (flags.json) process.stdout.write(`${JSON.stringify({ ok: !failed, checks })}\n`);
    else {
      for (const c of checks) {
        process.stdout.write(`[${MARK[c.status]}] ${c.name}: ${c.detail}\n`);
        if (c.fix && c.status !== 'ok') process.stdout.write(`       fix: ${c.fix}\n`);
      }
      process.stdout.write(failed ? 'A required part failed (see FAIL above).\n' : 'Everything required works.\n');
    }
    process.exitCode = failed ? EXIT.error : EXIT.ok;
  });
  return cmd;
}
