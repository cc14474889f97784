import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { LLMResult } from '@langchain/core/outputs';
import { Ollama, type OllamaInput } from '@langchain/ollama';
import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { definedOnly } from './client-fields.js';
import type { ModelOptions } from './connection-options.js';
import { MODEL_OPTIONS_INPUTS, OllamaGenerationComponent, OllamaGenerationOptionsSchema } from './ollama-generation.js';

export type { StreamingCallback, StreamingChunk } from './ollama-generation.js';

/** Options of {@link OllamaGenerator} (shared with `OllamaChatGenerator`). */
export const OllamaGeneratorOptionsSchema = OllamaGenerationOptionsSchema;
export type OllamaGeneratorOptions = z.output<typeof OllamaGeneratorOptionsSchema>;
export type OllamaGeneratorInit = z.input<typeof OllamaGeneratorOptionsSchema>;

const INPUTS = inputSockets({
  prompt: { schema: SocketSchemas.text },
  system: { schema: z.string(), optional: true, description: 'Overrides the `systemPrompt` option for this run.' },
  ...MODEL_OPTIONS_INPUTS,
});
const OUTPUTS = outputSockets({
  replies: { schema: SocketSchemas.texts },
  meta: {
    schema: SocketSchemas.metaList,
    description:
      'One entry per reply: `{ model, promptTokens, completionTokens, totalDurationMs, loadDurationMs, promptEvalDurationMs, evalDurationMs }` (as reported by Ollama).',
  },
});

/**
 * `@langchain/ollama`'s `Ollama` LLM plus the two request fields it does not expose: `system`
 * and `options.seed`, added through its public `invocationParams` extension point.
 */
class OllamaGenerateClient extends Ollama {
  constructor(
    fields: OllamaInput,
    private readonly extra: { system?: string | undefined; seed?: number | undefined },
  ) {
    super(fields);
  }
  override invocationParams(options?: this['ParsedCallOptions']) {
    const params = super.invocationParams(options);
    return {
      ...params,
      ...definedOnly({ system: this.extra.system }),
      options: { ...params.options, ...definedOnly({ seed: this.extra.seed }) },
    };
  }
}

/** Captures the aggregated generation (text + the final `done` line's counters). Awaited by LangChain. */
class GenerationCapture extends BaseCallbackHandler {
  name = 'synapse-ollama-generation-capture';
  info: Record<string, unknown> = {};
  constructor() {
    super({ _awaitHandler: true });
  }
  override handleLLMEnd(output: LLMResult): void {
    this.info = output.generations[0]?.[0]?.generationInfo ?? {};
  }
}

/** Splits Synapse model options into LangChain `Ollama` constructor fields and the seed it lacks. */
function llmFields(options: ModelOptions): { fields: Partial<OllamaInput>; seed: number | undefined } {
  const { seed, ...rest } = options;
  return { fields: definedOnly(rest) as Partial<OllamaInput>, seed };
}

/**
 * Generates a completion for a prompt with an Ollama model through `@langchain/ollama`
 * (`POST /api/generate`, streamed), retrying transient failures, optionally streaming text to
 * a callback. Type name `ollama.OllamaGenerator`.
 */
export class OllamaGenerator extends OllamaGenerationComponent<typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'ollama.OllamaGenerator';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  constructor(options: OllamaGeneratorInit = {}) {
    super(options, 'OllamaGenerator');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const system = inputs.system ?? this.options.systemPrompt;
    const { text, meta } = await this.streamReply('generation', inputs.modelOptions, ctx?.signal, async (client, options) => {
      const { fields, seed } = llmFields(options);
      const llm = new OllamaGenerateClient({ ...fields, ...client }, { system, seed });
      const capture = new GenerationCapture();
      return { pieces: await llm.stream(inputs.prompt, { callbacks: [capture] }), info: () => capture.info };
    });
    return { replies: [text], meta: [meta] };
  }
}

defaultRegistry.register(OllamaGenerator);
