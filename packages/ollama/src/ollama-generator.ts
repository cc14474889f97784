import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { LLMResult } from '@langchain/core/outputs';
import { Ollama, type OllamaInput } from '@langchain/ollama';
import type { RunContext, RunInputs, RunOutputs } from '@synapse-rag/core';
import { defaultRegistry, inputSockets, outputSockets, SocketSchemas } from '@synapse-rag/core';
import { z } from 'zod';
import { ConnectionOptionsShape, functionOption, type ModelOptions, ModelOptionsSchema } from './connection-options.js';
import { generationMeta } from './generation-meta.js';
import { CallerError, callOllama } from './ollama-call.js';
import { OllamaComponent } from './ollama-component.js';
import { definedOnly } from './ollama-embed.js';
import { runModelOptions } from './run-model-options.js';

/** One piece of streamed text, handed to `streamingCallback` in order. */
export interface StreamingChunk {
  /** The new text. */
  content: string;
  /** 0-based position of this chunk in the reply. */
  index: number;
}

/** Receives streamed text as it arrives; awaited, so it can apply back-pressure. */
export type StreamingCallback = (chunk: StreamingChunk) => void | Promise<void>;

export const OllamaGeneratorOptionsSchema = z
  .object({
    ...ConnectionOptionsShape,
    /** Ollama generative model (must be pulled on the server). @default "llama3.2" */
    model: z.string().min(1).default('llama3.2'),
    /** System prompt sent with every request (the `system` input overrides it). @default the model's own */
    systemPrompt: z.string().optional(),
    /** Model parameters (`temperature`, `numCtx`, `numPredict`, `seed`, `stop`...); the `modelOptions` input is merged over them. @default none */
    modelOptions: ModelOptionsSchema.optional(),
    /**
     * Receives the reply's text as it streams in. Once a chunk has been delivered, a failure
     * is no longer retried (the callback would see text twice). Not serialized. @default none
     */
    streamingCallback: functionOption<StreamingCallback>('streamingCallback'),
  })
  .strict();

export type OllamaGeneratorOptions = z.output<typeof OllamaGeneratorOptionsSchema>;
export type OllamaGeneratorInit = z.input<typeof OllamaGeneratorOptionsSchema>;

const INPUTS = inputSockets({
  prompt: { schema: SocketSchemas.text },
  system: { schema: z.string(), optional: true, description: 'Overrides the `systemPrompt` option for this run.' },
  modelOptions: {
    schema: ModelOptionsSchema,
    optional: true,
    description: 'Merged over the `modelOptions` option for this run.',
  },
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
export class OllamaGenerator extends OllamaComponent<OllamaGeneratorOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'ollama.OllamaGenerator';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;
  constructor(options: OllamaGeneratorInit = {}) {
    super(OllamaGeneratorOptionsSchema, options, 'OllamaGenerator');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const o = this.options;
    const system = inputs.system ?? o.systemPrompt;
    const { fields, seed } = llmFields({ ...o.modelOptions, ...runModelOptions(inputs.modelOptions, 'OllamaGenerator') });
    const callback = o.streamingCallback;
    let delivered = 0;
    let attempts = 0;
    const { text, info } = await callOllama(
      'generation',
      this.connection(),
      async (fetchImpl, attempt) => {
        attempts = attempt;
        const llm = new OllamaGenerateClient(
          {
            ...fields,
            model: o.model,
            baseUrl: this.url,
            fetch: fetchImpl,
            maxRetries: 0,
            ...definedOnly({ keepAlive: o.keepAlive }),
          },
          { system, seed },
        );
        const capture = new GenerationCapture();
        const parts: string[] = [];
        for await (const piece of await llm.stream(inputs.prompt, { callbacks: [capture] })) {
          parts.push(piece);
          if (callback && piece !== '') {
            const chunk = { content: piece, index: delivered++ };
            try {
              await callback(chunk);
            } catch (error) {
              throw new CallerError(error);
            }
          }
        }
        return { text: parts.join(''), info: capture.info };
      },
      { signal: ctx?.signal, canRetry: () => delivered === 0 },
    );
    return { replies: [text], meta: [{ ...generationMeta(info, o.model), attempts }] };
  }
}

defaultRegistry.register(OllamaGenerator);
