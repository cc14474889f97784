/**
 * Runs against a REAL Ollama when `OLLAMA_HOST` points at a reachable one; skipped otherwise.
 * Models: `OLLAMA_EMBED_MODEL` (default mxbai-embed-large) and `OLLAMA_GENERATE_MODEL`
 * (default llama3.2) must be pulled on that server.
 */
import { describe, expect, it } from 'vitest';
import { OllamaDocumentEmbedder, OllamaGenerator, OllamaTextEmbedder, resolveOllamaHost } from './index.js';

async function reachable(): Promise<string | undefined> {
  if (!process.env['OLLAMA_HOST']) return undefined;
  const url = resolveOllamaHost();
  try {
    const res = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(1_500) });
    return res.ok ? url : undefined;
  } catch {
    return undefined;
  }
}

const url = await reachable();
if (!url) console.info('[ollama.int.test] skipped: set OLLAMA_HOST to a reachable Ollama server to run it.');

describe.skipIf(!url)('against a real Ollama server', () => {
  const embedModel = process.env['OLLAMA_EMBED_MODEL'] ?? 'mxbai-embed-large';
  const generateModel = process.env['OLLAMA_GENERATE_MODEL'] ?? 'llama3.2';

  it('embeds a query and documents with the same dimension, related text closer', async () => {
    const query = await new OllamaTextEmbedder({ url, model: embedModel }).run({ text: 'Which database stores vectors?' });
    const { documents } = await new OllamaDocumentEmbedder({ url, model: embedModel }).run({
      documents: [
        { id: 'a', content: 'pgvector adds vector similarity search to PostgreSQL.', meta: {} },
        { id: 'b', content: 'Bake the bread for 40 minutes.', meta: {} },
      ],
    });
    const cos = (x: number[], y: number[]) => {
      const dot = x.reduce((s, v, i) => s + v * (y[i] as number), 0);
      return dot / Math.hypot(...x) / Math.hypot(...y);
    };
    expect(documents[0]?.embedding).toHaveLength(query.embedding.length);
    expect(cos(query.embedding, documents[0]?.embedding ?? [])).toBeGreaterThan(
      cos(query.embedding, documents[1]?.embedding ?? []),
    );
  }, 120_000);

  it('generates with token counts', async () => {
    const { replies, meta } = await new OllamaGenerator({
      url,
      model: generateModel,
      modelOptions: { numPredict: 16, seed: 1 },
    }).run({
      prompt: 'Say hello.',
    });
    expect(replies[0]?.length).toBeGreaterThan(0);
    expect(meta[0]?.['completionTokens']).toBeGreaterThan(0);
  }, 300_000);
});
