import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

const program = buildProgram();
// Commander exits with 1 on usage errors; the CLI contract says 2.
program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: string; exitCode?: number }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(EXIT.ok);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(EXIT.usage);
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(EXIT.error);
}
