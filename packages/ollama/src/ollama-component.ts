import { BaseComponent, type InputSockets, type OutputSockets } from '@synapse-rag/core';
import type { z } from 'zod';
import { checkModelAvailable } from './model-check.js';
import type { OllamaCallSettings } from './ollama-call.js';
import { resolveOllamaHost } from './ollama-host.js';
import type { RetryInfo, RetryPolicy } from './retry.js';

/** The options every Ollama component has (see `ConnectionOptionsShape`) plus its model. */
export interface OllamaComponentOptions extends Record<string, unknown> {
  model: string;
  url?: string | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

/**
 * Shared base of the Ollama components: resolves the server URL once (`url`, else
 * `OLLAMA_HOST`, else the local default) and checks in `warmUp()` that the server answers and
 * the model is pulled.
 */
export abstract class OllamaComponent<
  Opts extends OllamaComponentOptions,
  I extends InputSockets,
  O extends OutputSockets,
> extends BaseComponent<Opts, I, O> {
  /** The server this component talks to (`url`, else `OLLAMA_HOST`, else the local default). */
  readonly url: string;
  private warmedUp = false;

  protected constructor(schema: z.ZodType<Opts, unknown>, options: unknown, owner: string) {
    super(schema, options, owner);
    this.url = this.options.url ?? resolveOllamaHost();
  }

  /** Checks once that the server is reachable and the model is pulled (`ModelNotFoundError` otherwise). */
  async warmUp(): Promise<void> {
    if (this.warmedUp) return;
    await checkModelAvailable(this.connection());
    this.warmedUp = true;
  }

  /** Server, model, timeout and retry settings of every call this component makes. */
  protected connection(): OllamaCallSettings {
    const o = this.options;
    return { url: this.url, model: o.model, timeoutMs: o.timeoutMs, retry: o.retry, onRetry: o.onRetry };
  }
}
