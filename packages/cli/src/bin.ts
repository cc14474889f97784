import { errorReason } from '@synapse-rag/core';
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';
import { UsageError } from './usage-error.js';

const program = buildProgram();
// Commander exits with 1 on usage errors; the CLI contract says 2.
program.exitOverride();
const override = (cmd: typeof program): void => {
  cmd.exitOverride();
  for (const sub of cmd.commands) override(sub);
};
override(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  if (error instanceof UsageError) {
    console.error(`synapse: ${error.message}`);
    process.exit(EXIT.usage);
  }
  console.error(`synapse: ${errorReason(error)}`);
  process.exit(EXIT.error);
}
