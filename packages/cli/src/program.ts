import { Command } from 'commander';

/** The `synapse` program with every subcommand registered (not yet parsed). */
export function buildProgram(): Command {
  const program = new Command('synapse')
    .description('Move a legacy SQLite + Chroma corpus into PostgreSQL + pgvector, verify it, and walk the rollout stages.')
    .version('0.1.0')
    .showHelpAfterError();
  return program;
}
