import {
  type AnyComponent,
  type Document,
  defaultRegistry,
  InvalidDocumentError,
  InvalidOptionsError,
  type SerializedObject,
  standaloneContext,
} from '@synapse-rag/core';

/**
 * An embedder the Chroma store calls itself, as Haystack's Chroma store calls its embedding
 * function: any text embedder (input socket `text`, output `embedding`) or document embedder
 * (input socket `documents`, output `documents` with `embedding` set) — e.g. the transformers
 * package's, ollama's or langchain's.
 */
export type StoreEmbedder = AnyComponent;

/** Whether `value` looks like a text or document embedder component. */
export function isStoreEmbedder(value: unknown): value is StoreEmbedder {
  if (value === null || typeof value !== 'object') return false;
  const c = value as Partial<AnyComponent>;
  if (typeof c.run !== 'function' || typeof c.inputSockets !== 'object' || c.inputSockets === null) return false;
  return 'text' in c.inputSockets || 'documents' in c.inputSockets;
}

/** Builds the embedder from a store's serialized `embedder` (a registered component's JSON). */
export function embedderFromJSON(value: unknown): StoreEmbedder {
  if (isStoreEmbedder(value)) return value;
  const component: AnyComponent = defaultRegistry.createComponent(value as SerializedObject);
  if (!isStoreEmbedder(component)) {
    throw new InvalidOptionsError(
      'ChromaDocumentStore',
      `embedder "${(component as AnyComponent).type}" has neither a "text" nor a "documents" input.`,
    );
  }
  return component;
}

function checkVector(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new InvalidDocumentError(`the store's embedder returned no usable embedding for ${what}.`);
  }
  return value as number[];
}

/** Embeds `texts` with `embedder`, one vector per text, in order. */
export async function embedTexts(embedder: StoreEmbedder, texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
  if (texts.length === 0) return [];
  await embedder.warmUp?.();
  const ctx = standaloneContext('ChromaDocumentStore.embedder', signal);
  if ('documents' in embedder.inputSockets) {
    const documents: Document[] = texts.map((content, i) => ({ id: `embed-${i}`, content, meta: {} }));
    const out = await embedder.run({ documents }, ctx);
    const embedded = out.documents as Document[] | undefined;
    if (!Array.isArray(embedded) || embedded.length !== texts.length) {
      throw new InvalidDocumentError("the store's embedder did not return one document per input.");
    }
    return embedded.map((d, i) => checkVector(d.embedding, `text ${i}`));
  }
  const vectors: number[][] = [];
  for (const [i, text] of texts.entries()) {
    const out = await embedder.run({ text }, ctx);
    vectors.push(checkVector(out.embedding, `text ${i}`));
  }
  return vectors;
}

/** `documents` with the missing embeddings filled in by `embedder` (new objects; inputs untouched). */
export async function embedMissing(embedder: StoreEmbedder, documents: readonly Document[]): Promise<Document[]> {
  const missing = documents.flatMap((d, i) => (d.embedding === undefined ? [i] : []));
  if (missing.length === 0) return [...documents];
  const vectors = await embedTexts(
    embedder,
    missing.map((i) => documents[i]!.content),
  );
  const out = [...documents];
  missing.forEach((docIndex, k) => {
    out[docIndex] = { ...documents[docIndex]!, embedding: vectors[k]! };
  });
  return out;
}
