import type { RolloutResult, RolloutStore } from '@synapse-rag/migration';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';

interface RolloutFlags {
  flagsFile: string;
  stateFile?: string;
  json?: boolean;
}

async function openStore(flags: RolloutFlags): Promise<RolloutStore> {
  const { RolloutStore } = await import('@synapse-rag/migration');
  return new RolloutStore(flags.stateFile ?? `${flags.flagsFile}.rollout.json`, flags.flagsFile);
}

function print(flags: RolloutFlags, value: object, text: string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

async function finish(flags: RolloutFlags, result: RolloutResult, verb: string): Promise<void> {
  const { rolloutStage } = await import('@synapse-rag/migration');
  const s = result.state;
  const where = `stage ${s.stage} (${rolloutStage(s.stage).name})${s.emergency ? ' [EMERGENCY ROLLBACK]' : ''}`;
  const text = result.changed
    ? `${verb} to ${where}; flags ${result.applied ? 'written and read back' : 'NOT confirmed by reading the flag file back'}: ${JSON.stringify(s.flags)}`
    : `refused, still at ${where}:\n${result.refused.map((r) => `  - ${r}`).join('\n')}`;
  print(flags, result, text);
  process.exitCode = !result.changed ? EXIT.findings : result.applied ? EXIT.ok : EXIT.error;
}

function withFiles(cmd: Command): Command {
  return cmd
    .requiredOption('--flags-file <file>', 'the JSON flag file running services watch (FlagSource.fromFile)')
    .option('--state-file <file>', 'durable rollout state (default: <flags-file>.rollout.json)')
    .option('--json', 'print JSON');
}

export function rolloutCommand(): Command {
  const rollout = new Command('rollout').description(
    'Walk the rollout stages (0 legacy only, 1 dual write + shadow reads, 2 10 % reads, 3 50 %, 4 100 %, 5 stop legacy writes, 6 decommission) through the flag file.',
  );
  rollout.addCommand(
    withFiles(
      new Command('status').description('Current stage, its flags, whether the flag file holds them, recent history'),
    ).action(async (flags: RolloutFlags) => {
      const { rolloutStage } = await import('@synapse-rag/migration');
      const store = await openStore(flags);
      const state = await store.load();
      const { fileFlags, inSync } = await store.check(state);
      const stage = rolloutStage(state.stage);
      const history = state.history
        .slice(-5)
        .map((e) => `  ${e.at} ${e.action} ${e.from} → ${e.to}${e.note ? ` (${e.note})` : ''}`);
      print(
        flags,
        { ...state, name: stage.name, fileFlags, inSync },
        [
          `stage ${state.stage}: ${stage.name}${state.emergency ? ' [EMERGENCY ROLLBACK]' : ''} — ${stage.description}`,
          `flags: ${JSON.stringify(state.flags)}`,
          `flag file ${store.flagsFile}: ${inSync ? 'in sync' : fileFlags ? `DIFFERENT: ${JSON.stringify(fileFlags)}` : 'missing'}`,
          ...(history.length ? ['history:', ...history] : []),
        ].join('\n'),
      );
      process.exitCode = inSync || state.history.length === 0 ? EXIT.ok : EXIT.findings;
    }),
  );
  rollout.addCommand(
    withFiles(new Command('advance').description('Next stage, if verify passes and shadow-read overlap is high enough'))
      .option('--verify-report <file>', 'report of a `synapse verify --report` run (must be ok)')
      .option('--metrics <url-or-file>', 'Prometheus metrics with synapse_shadow_read_overlap')
      .option('--min-overlap <ratio>', 'minimum mean shadow-read overlap@k', Number, 0.9)
      .option('--min-shadow-samples <n>', 'minimum shadow comparisons', Number, 100)
      .option('--note <text>', 'recorded in the history')
      .action(
        async (
          flags: RolloutFlags & {
            verifyReport?: string;
            metrics?: string;
            minOverlap: number;
            minShadowSamples: number;
            note?: string;
          },
        ) => {
          const { advanceRollout } = await import('@synapse-rag/migration');
          const result = await advanceRollout(await openStore(flags), flags, flags.note);
          await finish(flags, result, 'advanced');
        },
      ),
  );
  rollout.addCommand(
    withFiles(new Command('rollback').description('One stage back; --emergency: straight to legacy-only flags'))
      .option('--emergency', 'flags to legacy only (no pgvector reads, no dual writes, no shadow reads)')
      .option('--note <text>', 'recorded in the history')
      .action(async (flags: RolloutFlags & { emergency?: boolean; note?: string }) => {
        const { rollbackRollout } = await import('@synapse-rag/migration');
        const result = await rollbackRollout(await openStore(flags), {
          emergency: Boolean(flags.emergency),
          ...(flags.note ? { note: flags.note } : {}),
        });
        await finish(flags, result, flags.emergency ? 'rolled back (emergency)' : 'rolled back');
      }),
  );
  return rollout;
}
