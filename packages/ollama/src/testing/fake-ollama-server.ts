import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeCompletionPieces, fakeEmbedding, fakePromptTokenCount } from './fake-embedding.js';

/** A model the fake server knows. */
export interface FakeModel {
  /** Name as used in requests; `x` and `x:latest` are the same model. */
  name: string;
  /** `embedding` models answer `/api/embed`; `completion` models answer everything (like Ollama's LLMs). */
  capability: 'embedding' | 'completion';
  /** Embedding length. @default 1024 for embedding models, 3072 for completion models */
  dimension?: number;
  /** Architecture shown by `/api/show`. @default "bert" / "llama" */
  family?: string;
}

/** What to do to a request instead of (or before) answering it normally. */
export type OllamaFault =
  /** Close the socket without answering (the client sees "other side closed" / ECONNRESET). */
  | { type: 'refuse' }
  /** Answer with this HTTP status and Ollama's JSON error body. */
  | { type: 'status'; status: number; error?: string }
  /** Answer 404 exactly as Ollama does for a model that is not pulled. */
  | { type: 'model-not-found' }
  /** Wait before answering normally (to trigger client timeouts). */
  | { type: 'delay'; ms: number }
  /** Answer 200 with a body that is not JSON (streams: lines that are not JSON, no `done` line). */
  | { type: 'malformed' }
  /** Streams: end cleanly after `afterChunks` lines without a `done` line. Others: cut the socket mid-body. */
  | { type: 'truncate'; afterChunks?: number }
  /** Streams: send an `{"error": ...}` line after `afterChunks` lines, as Ollama does for runner failures. */
  | { type: 'stream-error'; error: string; afterChunks?: number };

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON body (undefined when none or not JSON). */
  body: unknown;
  /** The fault applied to it, if any. */
  fault?: OllamaFault['type'];
}

export interface FakeOllamaServerOptions {
  /** @default mxbai-embed-large (1024), nomic-embed-text (768), all-minilm (384) and llama3.2 (completion) */
  models?: FakeModel[];
  /** Delay between streamed lines in ms. @default 0 */
  chunkDelayMs?: number;
}

interface FaultRule {
  fault: OllamaFault;
  path: string | undefined;
  remaining: number;
}

export const DEFAULT_FAKE_MODELS: readonly FakeModel[] = [
  { name: 'mxbai-embed-large', capability: 'embedding', dimension: 1024 },
  { name: 'nomic-embed-text', capability: 'embedding', dimension: 768, family: 'nomic-bert' },
  { name: 'all-minilm', capability: 'embedding', dimension: 384 },
  { name: 'llama3.2', capability: 'completion', family: 'llama' },
];

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function canonicalName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

/**
 * A loopback HTTP server (127.0.0.1, random port) that speaks enough of Ollama's REST API
 * for real clients (`ollama`, `@langchain/ollama`) to work against it, with deterministic
 * answers and fault injection. Endpoints: `POST /api/embed` (batch), `POST /api/embeddings`
 * (legacy, single), `POST /api/generate` and `POST /api/chat` (NDJSON streaming like Ollama:
 * text in `done: false` lines, then a `done: true` line with `prompt_eval_count`,
 * `eval_count` and nanosecond durations), `GET /api/tags`, `POST /api/show`, `GET /api/version`.
 *
 * Embeddings are {@link fakeEmbedding} of the text; completions are `"echo: "` followed by the
 * prompt's words ({@link fakeCompletionPieces}), honoring `options.num_predict`.
 */
export class FakeOllamaServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  private readonly rules: FaultRule[] = [];
  private readonly models = new Map<string, FakeModel>();

  private constructor(
    private readonly server: Server,
    /** Base URL, e.g. `http://127.0.0.1:40123`. */
    readonly url: string,
    private readonly options: FakeOllamaServerOptions,
  ) {
    for (const m of options.models ?? DEFAULT_FAKE_MODELS) this.models.set(canonicalName(m.name), m);
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(options: FakeOllamaServerOptions = {}): Promise<FakeOllamaServer> {
    let instance: FakeOllamaServer | undefined;
    const server = createServer((req, res) => {
      instance?.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `fake server bug: ${String(error)}` }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance = new FakeOllamaServer(server, `http://127.0.0.1:${port}`, options);
    return instance;
  }

  /** Applies `fault` to the next `times` requests (to `path` only, when given), in the order injected. */
  injectFault(fault: OllamaFault, { path, times = 1 }: { path?: string; times?: number } = {}): this {
    this.rules.push({ fault, path, remaining: times });
    return this;
  }

  /** Requests received on `path`. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Forgets recorded requests and pending faults. */
  reset(): void {
    this.requests.length = 0;
    this.rules.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(path: string): OllamaFault | undefined {
    const index = this.rules.findIndex((r) => r.remaining > 0 && (r.path === undefined || r.path === path));
    if (index < 0) return undefined;
    const rule = this.rules[index] as FaultRule;
    rule.remaining--;
    if (rule.remaining === 0) this.rules.splice(index, 1);
    return rule.fault;
  }

  private model(name: unknown): FakeModel | undefined {
    return typeof name === 'string' ? this.models.get(canonicalName(name)) : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let badJson = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const path = new URL(req.url ?? '/', this.url).pathname;
    const fault = this.takeFault(path);
    const record: RecordedRequest = { method: req.method ?? 'GET', path, body };
    if (fault) record.fault = fault.type;
    this.requests.push(record);

    if (fault?.type === 'refuse') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'delay') await delay(fault.ms);
    if (res.destroyed) return;
    if (fault?.type === 'status') return this.json(res, fault.status, { error: fault.error ?? `fake failure ${fault.status}` });
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const modelName = b['model'] ?? b['name'];
    if (fault?.type === 'model-not-found') return this.modelNotFound(res, modelName);
    if (badJson) return this.json(res, 400, { error: 'invalid character in request body' });

    const route = `${req.method} ${path}`;
    switch (route) {
      case 'GET /api/version':
        return this.json(res, 200, { version: '0.0.0-synapse-fake' });
      case 'GET /api/tags':
        return this.json(res, 200, { models: [...this.models.entries()].map(([name, m]) => this.describe(name, m)) });
      case 'POST /api/show': {
        const m = this.model(modelName);
        if (!m) return this.modelNotFound(res, modelName);
        const family = m.family ?? (m.capability === 'embedding' ? 'bert' : 'llama');
        return this.json(res, 200, {
          details: this.describe(canonicalName(String(modelName)), m).details,
          model_info: { 'general.architecture': family, [`${family}.embedding_length`]: this.dimension(m) },
          capabilities: [m.capability],
        });
      }
      case 'POST /api/embed':
      case 'POST /api/embeddings':
      case 'POST /api/generate':
      case 'POST /api/chat':
        break;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
        return;
    }
    if (typeof modelName !== 'string' || modelName === '') return this.json(res, 400, { error: 'model is required' });
    const model = this.model(modelName);
    if (!model) return this.modelNotFound(res, modelName);

    if (path === '/api/embed' || path === '/api/embeddings') {
      const legacy = path === '/api/embeddings';
      const input = legacy ? b['prompt'] : b['input'];
      const texts = typeof input === 'string' ? [input] : input;
      if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
        return this.json(res, 400, { error: 'invalid input type' });
      }
      const requested = typeof b['dimensions'] === 'number' ? b['dimensions'] : undefined;
      const dim = requested ?? this.dimension(model);
      const vectors = (texts as string[]).map((t) => fakeEmbedding(t, dim));
      const payload = legacy
        ? { embedding: vectors[0] ?? [] }
        : { model: modelName, embeddings: vectors, total_duration: 1_000_000 * texts.length, prompt_eval_count: texts.length };
      if (fault?.type === 'malformed') return this.rawBody(res, '{"model": "broken", "embeddings": [[0.1, 0.2');
      if (fault?.type === 'truncate') {
        const text = JSON.stringify(payload);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => req.socket.destroy(), 5);
        return;
      }
      return this.json(res, 200, payload);
    }

    if (model.capability === 'embedding') {
      return this.json(res, 400, { error: `"${modelName}" does not support ${path === '/api/chat' ? 'chat' : 'generate'}` });
    }
    const options = (typeof b['options'] === 'object' && b['options'] !== null ? b['options'] : {}) as Record<string, unknown>;
    const numPredict = typeof options['num_predict'] === 'number' ? options['num_predict'] : undefined;
    const chat = path === '/api/chat';
    let prompt: string;
    let promptTokens: number;
    if (chat) {
      const messages = Array.isArray(b['messages']) ? (b['messages'] as Array<Record<string, unknown>>) : [];
      const lastUser = [...messages].reverse().find((m) => m['role'] === 'user');
      prompt = typeof lastUser?.['content'] === 'string' ? lastUser['content'] : '';
      promptTokens = fakePromptTokenCount(...messages.map((m) => (typeof m['content'] === 'string' ? m['content'] : '')));
    } else {
      prompt = typeof b['prompt'] === 'string' ? b['prompt'] : '';
      promptTokens = fakePromptTokenCount(typeof b['system'] === 'string' ? b['system'] : undefined, prompt);
    }
    const pieces = fakeCompletionPieces(prompt, numPredict);
    const at = new Date(0).toISOString();
    const piece = (text: string) =>
      chat
        ? { model: modelName, created_at: at, message: { role: 'assistant', content: text }, done: false }
        : { model: modelName, created_at: at, response: text, done: false };
    const final = {
      model: modelName,
      created_at: at,
      ...(chat ? { message: { role: 'assistant', content: '' } } : { response: '' }),
      done: true,
      done_reason: numPredict !== undefined && pieces.length >= numPredict ? 'length' : 'stop',
      total_duration: 1_000_000 * (10 + pieces.length),
      load_duration: 2_000_000,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: 100_000 * promptTokens,
      eval_count: pieces.length,
      eval_duration: 1_000_000 * pieces.length,
    };
    if (b['stream'] === false) {
      if (fault?.type === 'malformed') return this.rawBody(res, 'this is not json');
      const text = pieces.join('');
      return this.json(res, 200, {
        ...final,
        ...(chat ? { message: { role: 'assistant', content: text } } : { response: text }),
      });
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const lines = pieces.map(piece);
    const limit =
      fault?.type === 'truncate' || fault?.type === 'stream-error'
        ? Math.min(fault.afterChunks ?? 1, lines.length)
        : lines.length;
    for (let i = 0; i < limit; i++) {
      if (res.destroyed) return;
      if (i > 0 && this.options.chunkDelayMs) await delay(this.options.chunkDelayMs);
      res.write(fault?.type === 'malformed' ? 'this is not json\n' : `${JSON.stringify(lines[i])}\n`);
    }
    if (fault?.type === 'stream-error') res.write(`${JSON.stringify({ error: fault.error })}\n`);
    else if (fault?.type !== 'truncate' && fault?.type !== 'malformed') {
      if (this.options.chunkDelayMs) await delay(this.options.chunkDelayMs);
      if (res.destroyed) return;
      res.write(`${JSON.stringify(final)}\n`);
    }
    res.end();
  }

  private dimension(m: FakeModel): number {
    return m.dimension ?? (m.capability === 'embedding' ? 1024 : 3072);
  }

  private describe(name: string, m: FakeModel) {
    const family = m.family ?? (m.capability === 'embedding' ? 'bert' : 'llama');
    return {
      name,
      model: name,
      modified_at: new Date(0).toISOString(),
      size: 1000,
      digest: `sha256:${'0'.repeat(64)}`,
      details: { format: 'gguf', family, families: [family], parameter_size: '1B', quantization_level: 'Q4_K_M' },
    };
  }

  private modelNotFound(res: ServerResponse, name: unknown): void {
    this.json(res, 404, { error: `model "${String(name)}" not found, try pulling it first` });
  }

  private json(res: ServerResponse, status: number, payload: unknown): void {
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  private rawBody(res: ServerResponse, text: string): void {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(text);
  }
}

/** A loopback URL on which nothing listens (connections are refused: ECONNREFUSED). */
export async function unusedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
