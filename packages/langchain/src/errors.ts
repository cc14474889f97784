import { errorReason, SynapseError } from '@synapse-rag/core';

/** A LangChain object returned something Synapse cannot use (e.g. an embedding that is not a number array). */
export class LangChainInteropError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('LANGCHAIN_INTEROP', message, { details });
  }
}

/**
 * A LangChain chat model failed while a generator component called it (network, provider,
 * rate-limit or parse error). `cause` holds LangChain's error; `component` and `model` say
 * which component and which model.
 */
export class LangChainGenerationError extends SynapseError {
  readonly component: string;
  readonly model: string;
  constructor(component: string, model: string, cause: unknown) {
    super('LANGCHAIN_GENERATION', `${component}: the LangChain chat model ${model} failed: ${errorReason(cause)}`, {
      cause,
      details: { component, model },
    });
    this.component = component;
    this.model = model;
  }
}
