import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import type { RunInputs, RunOutputs } from '../component/socket.js';
import { createDocument, type Document, type Meta } from '../document.js';
import { errorReason } from '../error-reason.js';
import { MissingDependencyError } from '../errors.js';
import { CONVERTER_INPUTS, CONVERTER_OUTPUTS, type ConversionFailure, type Source } from './converter-sockets.js';

/** A source read into memory: its bytes (or text), a name for messages, and its meta. */
export interface LoadedSource {
  data: Uint8Array | string;
  /** The path, `meta.file_path`, or `source #i`. */
  name: string;
  /** `file_path` (paths: the base name), then the byte stream's meta. */
  meta: Meta;
}

/** What a converter makes of one source: the content and meta of each document. */
export interface ConvertedDocument {
  content: string;
  meta?: Meta;
}

/**
 * Base of the file converters: reads each source (a path or a byte stream), hands it to
 * `convert`, and builds the documents with the source's meta, the converter's meta and the run's
 * `meta` input (later wins). A source that cannot be read or converted is skipped and reported in
 * `failures` with the reason; it adds no document, so a source is converted whole or not at all.
 * A {@link MissingDependencyError} (an optional package the converter needs) is thrown instead.
 * Subclasses implement `convert` and declare their options schema.
 */
export abstract class FileConverter<Opts extends object> extends BaseComponent<
  Opts,
  typeof CONVERTER_INPUTS,
  typeof CONVERTER_OUTPUTS
> {
  readonly inputSockets = CONVERTER_INPUTS;
  readonly outputSockets = CONVERTER_OUTPUTS;

  /** The documents of one source; throw (with a message naming the problem) to skip it. */
  protected abstract convert(source: LoadedSource, ctx?: RunContext): Promise<ConvertedDocument[]> | ConvertedDocument[];

  async run(inputs: RunInputs<typeof CONVERTER_INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof CONVERTER_OUTPUTS>> {
    const documents: Document[] = [];
    const failures: ConversionFailure[] = [];
    for (const [i, source] of inputs.sources.entries()) {
      ctx?.signal.throwIfAborted();
      const name = sourceName(source, i);
      try {
        const loaded = await loadSource(source, name);
        for (const converted of await this.convert(loaded, ctx)) {
          documents.push(
            createDocument({ content: converted.content, meta: { ...loaded.meta, ...converted.meta, ...inputs.meta } }),
          );
        }
      } catch (error) {
        // Not this source's fault: a missing optional package fails every source alike.
        if (ctx?.signal.aborted || error instanceof MissingDependencyError) throw error;
        failures.push({ source: name, error: errorReason(error) });
      }
    }
    return { documents, failures };
  }
}

/** How a source is named in failures: its path, `meta.file_path`, or `source #i`. */
export function sourceName(source: Source, index: number): string {
  return typeof source === 'string' ? source : String(source.meta?.file_path ?? `source #${index}`);
}

async function loadSource(source: Source, name: string): Promise<LoadedSource> {
  if (typeof source === 'string') return { data: await readFile(source), name, meta: { file_path: basename(source) } };
  return { data: source.data, name, meta: { ...source.meta } };
}

/** Decodes a source's bytes; bytes invalid in `encoding` throw (the source becomes a failure). */
export function decodeText(data: Uint8Array | string, encoding: string): string {
  if (typeof data === 'string') return data;
  return new TextDecoder(encoding, { fatal: true }).decode(data);
}
