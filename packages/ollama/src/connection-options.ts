import { errorReason, functionOption } from '@synapse-rag/core';
import { z } from 'zod';
import { parseOllamaHost } from './ollama-host.js';
import { type RetryInfo, RetryPolicySchema } from './retry.js';

/**
 * Ollama model parameters (the server's `options`), in camelCase as `@langchain/ollama` names
 * them: `numCtx` is sent as `num_ctx`, and so on. Unknown keys are rejected.
 */
export const ModelOptionsSchema = z
  .object({
    /** Sampling temperature. */
    temperature: z.number().min(0).optional(),
    /** Top-k sampling. */
    topK: z.number().int().positive().optional(),
    /** Nucleus sampling. */
    topP: z.number().min(0).max(1).optional(),
    /** Typical-p sampling. */
    typicalP: z.number().min(0).max(1).optional(),
    /** Tail-free sampling. */
    tfsZ: z.number().optional(),
    /** Random seed, for reproducible output. */
    seed: z.number().int().optional(),
    /** Context window in tokens (Ollama's default is small; RAG prompts often need more). */
    numCtx: z.number().int().positive().optional(),
    /** Maximum number of tokens to generate (-1: unlimited). */
    numPredict: z.number().int().min(-2).optional(),
    /** Stop sequences. */
    stop: z.array(z.string()).optional(),
    repeatPenalty: z.number().optional(),
    repeatLastN: z.number().int().optional(),
    presencePenalty: z.number().optional(),
    frequencyPenalty: z.number().optional(),
    mirostat: z.number().int().min(0).max(2).optional(),
    mirostatTau: z.number().optional(),
    mirostatEta: z.number().optional(),
    /** Layers to offload to the GPU. */
    numGpu: z.number().int().optional(),
    numThread: z.number().int().positive().optional(),
    numBatch: z.number().int().positive().optional(),
  })
  .strict();

export type ModelOptions = z.output<typeof ModelOptionsSchema>;

/** Options every Ollama component shares: where the server is and how to talk to it. */
export const ConnectionOptionsShape = {
  /**
   * Base URL of the Ollama server, e.g. `http://gpu-box:11434`.
   * @default `OLLAMA_HOST` from the environment (parsed like the `ollama` CLI), else `http://127.0.0.1:11434` — see `resolveOllamaHost`
   */
  url: z
    .string()
    .min(1)
    .transform((v, ctx) => {
      try {
        return parseOllamaHost(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: errorReason(e) });
        return z.NEVER;
      }
    })
    .optional(),
  /**
   * Timeout of ONE attempt in milliseconds, covering the whole request including a streamed
   * answer. A timed-out attempt is retried. @default 120000
   */
  timeoutMs: z.number().int().positive().default(120_000),
  /**
   * How long Ollama keeps the model loaded after the request: a duration string (`"5m"`,
   * `"1h"`), seconds as a number, `0` to unload at once, `-1` to keep it loaded.
   * @default the server's setting (5 minutes unless OLLAMA_KEEP_ALIVE says otherwise)
   */
  keepAlive: z.union([z.string().min(1), z.number()]).optional(),
  /** Retries with exponential backoff and jitter on connection errors, 5xx and timeouts (never on 4xx). @default `{ maxRetries: 3, initialDelayMs: 500, maxDelayMs: 10000, jitter: "full" }` */
  retry: RetryPolicySchema.prefault({}),
  /** Called before each retry's backoff sleep (e.g. to log). Not serialized. @default none */
  onRetry: functionOption<(info: RetryInfo) => void>('onRetry'),
} as const;
