/**
 * The files of a Hugging Face model folder as transformers.js loads it, shared by the model
 * generators: the `added_tokens` entry of a special token, and the writing of the folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableJson } from './onnx-graph-builder.js';

/** A `tokenizer.json` `added_tokens` entry for the special token `content` (never split, never normalized). */
export function specialToken(id: number, content: string) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** What one model folder holds. */
export interface ModelFiles {
  config: unknown;
  tokenizer: unknown;
  tokenizerConfig: unknown;
  onnx: Uint8Array;
}

/** Writes `config.json`, `tokenizer.json`, `tokenizer_config.json` and `onnx/model.onnx` into `dir`. */
export function writeModelFolder(dir: string, files: ModelFiles): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), stableJson(files.config));
  writeFileSync(join(dir, 'tokenizer.json'), `${JSON.stringify(files.tokenizer)}\n`);
  writeFileSync(join(dir, 'tokenizer_config.json'), stableJson(files.tokenizerConfig));
  writeFileSync(join(dir, 'onnx', 'model.onnx'), files.onnx);
}
