import { Command } from 'commander';
import { askCommand } from './commands/ask-command.js';
import { configCommand } from './commands/config-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { flagsCommand } from './commands/flags-command.js';
import { indexCommand } from './commands/index-command.js';
import { migrateCommand } from './commands/migrate-command.js';
import { reconcileCommand } from './commands/reconcile-command.js';
import { rolloutCommand } from './commands/rollout-command.js';
import { serveCommand } from './commands/serve-command.js';
import { verifyCommand } from './commands/verify-command.js';

/** The `synapse` program with every subcommand registered (not yet parsed). */
export function buildProgram(): Command {
  const program = new Command('synapse')
    .description(
      'Index files and ask questions over them (embedded PGlite by default, offline), and move a legacy SQLite + Chroma corpus into PostgreSQL + pgvector, verify it, and walk the rollout stages.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .addHelpText('after', '\nExit codes: 0 ok, 1 error, 2 usage error, 3 finished with rejects or differences (see --report).');
  program.addCommand(indexCommand());
  program.addCommand(askCommand());
  program.addCommand(flagsCommand());
  program.addCommand(configCommand());
  program.addCommand(doctorCommand());
  program.addCommand(migrateCommand());
  program.addCommand(verifyCommand());
  program.addCommand(reconcileCommand());
  program.addCommand(rolloutCommand());
  program.addCommand(serveCommand());
  return program;
}
