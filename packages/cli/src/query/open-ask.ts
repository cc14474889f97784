import { type HybridDocumentStore, loadFlags } from '@synapse-rag/migration';
import { IndexLedger } from '../indexing/index-ledger.js';
import { chooseGenerator, type EmbedderSpec, type GeneratorChoice } from '../models/model-choice.js';
import { type OllamaProbe, probeOllama } from '../models/ollama-probe.js';
import { type OpenStores, openStores } from '../store/open-stores.js';
import type { StoreSettings } from '../store/store-options.js';
import { type AskDeps, buildAskPipeline } from './ask.js';
import { anyFlagSet, type QueryPlan, queryPlan } from './query-plan.js';

/** Thrown when the store holds no index yet. */
export class NothingIndexedError extends Error {
  override readonly name = 'NothingIndexedError';
}

/** A ready `ask`: the pipeline, what it was built from, and notices to print once. */
export interface OpenAsk {
  pipeline: ReturnType<typeof buildAskPipeline>;
  deps: AskDeps;
  notices: string[];
  stores: OpenStores;
  close(): Promise<void>;
}

/**
 * Opens the stores of `settings`, reads the embedder the index was built with from its ledger,
 * picks the generator (Ollama when reachable with the model, else extractive) and builds the
 * flag-aware query pipeline. `flags` default to the FF_* environment.
 */
export async function openAsk(
  settings: StoreSettings,
  options: { topK?: number; env?: Readonly<Record<string, string | undefined>>; probe?: OllamaProbe } = {},
): Promise<OpenAsk> {
  const env = options.env ?? process.env;
  const plan = queryPlan(settings, loadFlags(env), anyFlagSet(env));
  const stores = await openStores(settings);
  try {
    // The ledger lives next to the store `index` writes; on the chroma path that is Chroma.
    const ledgerKind = plan.path === 'chroma' ? 'chroma' : 'pgvector';
    const ledger = await IndexLedger.load(stores.ledger(ledgerKind));
    const embedder: EmbedderSpec | undefined = ledger.embedder;
    if (!embedder) {
      const where =
        ledgerKind === 'chroma' ? `Chroma collection ${settings.chroma?.collection}` : `table ${settings.pgvector.table}`;
      throw new NothingIndexedError(
        `nothing is indexed in ${where} yet: run \`synapse index <paths>\` with the same store options first.`,
      );
    }
    const probe = options.probe ?? (await probeOllama());
    const choice = chooseGenerator(probe);
    const deps = askDepsFor(stores, plan, embedder, choice, options.topK !== undefined ? { topK: options.topK } : {});
    const notices = [...(choice.notice ? [choice.notice] : []), ...(plan.note ? [`Query path: ${plan.note}.`] : [])];
    return { pipeline: buildAskPipeline(deps), deps, notices, stores, close: () => stores.close() };
  } catch (error) {
    await stores.close();
    throw error;
  }
}

/**
 * The {@link AskDeps} of `plan` over opened stores: the pgvector store for `embedder`'s dimension
 * (pgvector and routed paths), Chroma (chroma and routed paths), the generator, and on the routed
 * path a long-lived `hybridStore` when given. `synapse ask` and `synapse serve` build them here.
 */
export function askDepsFor(
  stores: OpenStores,
  plan: QueryPlan,
  embedder: EmbedderSpec,
  choice: GeneratorChoice,
  extra: { topK?: number; hybridStore?: HybridDocumentStore } = {},
): AskDeps {
  return {
    plan,
    embedder,
    ...(plan.path !== 'chroma' ? { targetStore: stores.pgvector(embedder.dimension) } : {}),
    ...(plan.path !== 'pgvector' ? { legacyStore: stores.chroma() } : {}),
    ...(plan.path === 'routed' && extra.hybridStore ? { hybridStore: extra.hybridStore } : {}),
    generator: choice.generator,
    generatorName: choice.name,
    ...(extra.topK !== undefined ? { topK: extra.topK } : {}),
  };
}
