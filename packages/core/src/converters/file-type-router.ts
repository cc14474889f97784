import { extname } from 'node:path';
import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, type OutputSockets, type RunInputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { type Source, SourceSchema } from './converter-sockets.js';

/** File extensions the router knows without `additionalMimeTypes` (lower case, with the dot). */
export const KNOWN_MIME_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.log': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.mdx': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'text/html',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.xml': 'application/xml',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/;

export const FileTypeRouterOptionsSchema = z.strictObject({
  /**
   * The MIME types to route, each an output socket of that name (`text/html`); `type/*` takes
   * every subtype. A source matching none goes to `unclassified`.
   */
  mimeTypes: z.array(z.string().toLowerCase().regex(MIME, 'must be a MIME type such as text/html or text/*')).min(1),
  /** Extra or overriding extension → MIME type entries (`{ ".rst": "text/plain" }`). @default {} */
  additionalMimeTypes: z
    .record(z.string().regex(/^\.[^./\\]+$/, 'must be an extension such as .rst'), z.string().regex(MIME))
    .default({}),
});
/** Options accepted by the {@link FileTypeRouter} constructor. */
export type FileTypeRouterOptions = z.input<typeof FileTypeRouterOptionsSchema>;
type ParsedOptions = z.output<typeof FileTypeRouterOptionsSchema>;

const INPUTS = inputSockets({
  sources: { schema: z.array(SourceSchema), description: 'File paths or `{ data, meta }` byte streams.' },
  meta: { schema: SocketSchemas.meta, optional: true, description: 'Meta added to every byte-stream source.' },
});

/**
 * Routes sources to one output per MIME type (Haystack's `FileTypeRouter`), so each goes to its
 * converter: the type is the byte stream's `meta.mime_type` when set, else the extension of the
 * path or `meta.file_path` ({@link KNOWN_MIME_TYPES} plus `additionalMimeTypes`). Only non-empty
 * outputs are produced, so converters with nothing to convert do not run. The `meta` input is
 * merged into byte streams' meta (paths are passed through as paths).
 *
 * @example
 * ```ts
 * const router = new FileTypeRouter({ mimeTypes: ['text/html', 'application/pdf'] });
 * pipeline.addComponent('router', router).connect('router.text/html', 'html.sources');
 * ```
 */
export class FileTypeRouter extends BaseComponent<ParsedOptions, typeof INPUTS, OutputSockets> {
  static readonly type = 'core.FileTypeRouter';
  readonly inputSockets = INPUTS;
  readonly outputSockets: OutputSockets;
  private readonly extensions: Readonly<Record<string, string>>;

  constructor(options: FileTypeRouterOptions) {
    super(FileTypeRouterOptionsSchema, options, 'FileTypeRouter');
    const sources = { schema: z.array(SourceSchema), optional: true } as const;
    this.outputSockets = Object.fromEntries(
      [...this.options.mimeTypes, 'unclassified'].map((name) => [name, { ...sources, description: `Sources of type ${name}.` }]),
    );
    const extra = Object.fromEntries(Object.entries(this.options.additionalMimeTypes).map(([k, v]) => [k.toLowerCase(), v]));
    this.extensions = { ...KNOWN_MIME_TYPES, ...extra };
  }

  /** The MIME type of `source` (`undefined` when unknown). */
  mimeTypeOf(source: Source): string | undefined {
    if (typeof source !== 'string' && typeof source.meta?.mime_type === 'string') return source.meta.mime_type.toLowerCase();
    const path = typeof source === 'string' ? source : source.meta?.file_path;
    return typeof path === 'string' ? this.extensions[extname(path).toLowerCase()] : undefined;
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<Record<string, Source[]>> {
    ctx?.signal.throwIfAborted();
    const routes: Record<string, Source[]> = {};
    for (const source of inputs.sources) {
      const mime = this.mimeTypeOf(source);
      const route =
        (mime !== undefined &&
          this.options.mimeTypes.find((m) => m === mime || (m.endsWith('/*') && mime.startsWith(m.slice(0, -1))))) ||
        'unclassified';
      const routed =
        typeof source === 'string' || !inputs.meta ? source : { ...source, meta: { ...source.meta, ...inputs.meta } };
      const list = routes[route];
      if (list) list.push(routed);
      else routes[route] = [routed];
    }
    return routes;
  }
}

defaultRegistry.register(FileTypeRouter);
