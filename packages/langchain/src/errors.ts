import { SynapseError } from '@synapse-rag/core';

/** A LangChain object returned something Synapse cannot use (e.g. an embedding that is not a number array). */
export class LangChainInteropError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('LANGCHAIN_INTEROP', message, { details });
  }
}
