/**
 * Generates two tiny BERT-shaped models for tests and benchmarks (tens of KB each), with the
 * same file layout, tokenizer type and ONNX input/output names as real Hugging Face exports:
 *
 * - `models/synapse/tiny-bert-embedder/` — `feature-extraction`: token + position + segment
 *   embeddings (hashed, deterministic, int8), plus a masked-mean "context" vector added to every
 *   position and a dense tanh layer → `last_hidden_state` [batch, seq, 32]. The context term
 *   makes every output depend on `attention_mask`: if padding leaked into a sequence, its
 *   vectors would change, so "padded batch == single input" tests can fail.
 * - `models/synapse/tiny-lexical-cross-encoder/` — `text-classification` cross-encoder
 *   (`BertForSequenceClassification`, one logit): reads `input_ids`, `attention_mask` and
 *   `token_type_ids` of a `[CLS] query [SEP] passage [SEP]` pair and scores IDF-weighted query
 *   term coverage — the share of the query's (weighted) words that also occur in the passage
 *   segment — minus a small passage-length penalty:
 *   `logit = 10 · coverage − 5 − 0.02 · passage_tokens`. Its scores are meaningful, so ranking
 *   tests fail when pairs are built, padded or segmented wrongly.
 *
 * The vocabulary is the 2,000 most frequent plain words of the shipped GloVe model (run
 * generate-glove-model.ts first); unknown words become `[UNK]`, which never counts as overlap.
 * Deterministic. Run: `npm run -w @synapse-rag/transformers generate:models`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ModelFiles, specialToken, writeModelFolder } from './model-folder.js';
import { fnv1a, GraphBuilder, prng } from './onnx-graph-builder.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = join(here, '..', 'models');
const WORDS = 2000;
const HIDDEN = 32;
const MAX_LENGTH = 512;
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

function loadVocabulary(): string[] {
  const glove = JSON.parse(readFileSync(join(modelsDir, 'synapse', 'glove-wiki-100d-20k', 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number> };
  };
  const byId = Object.entries(glove.model.vocab).sort((a, b) => a[1] - b[1]);
  const words = byId.map(([w]) => w).filter((w) => /^\p{L}+$/u.test(w));
  return [...SPECIALS, ...words.slice(0, WORDS)];
}

function bertTokenizer(vocab: string[]): { tokenizer: unknown; tokenizerConfig: unknown } {
  const tok = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const seq = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((content) => specialToken(vocab.indexOf(content), content)),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok('[CLS]', 0), seq('A', 0), tok('[SEP]', 0)],
      pair: [tok('[CLS]', 0), seq('A', 0), tok('[SEP]', 0), seq('B', 1), tok('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab.indexOf(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((w, i) => [w, i])),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    model_max_length: MAX_LENGTH,
    do_lower_case: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
    padding_side: 'right',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, tokenizerConfig };
}

function bertConfig(vocabSize: number, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    model_type: 'bert',
    hidden_size: HIDDEN,
    vocab_size: vocabSize,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: HIDDEN,
    max_position_embeddings: MAX_LENGTH,
    type_vocab_size: 2,
    pad_token_id: 0,
    ...extra,
  };
}

function write(id: string, files: ModelFiles): void {
  const dir = join(modelsDir, id);
  writeModelFolder(dir, files);
  console.log(`Wrote ${dir} (model.onnx ${(files.onnx.length / 1024).toFixed(1)} KiB)`);
}

/** Gaussian-ish values in [-1, 1] from a seed (sum of uniforms). */
function hashedVector(seed: number, n: number): number[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => (rnd() + rnd() + rnd() - 1.5) / 1.5);
}

function quantize(values: number[]): { q: Int8Array; scale: number } {
  const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const scale = Math.fround(max / 127);
  return { q: Int8Array.from(values, (v) => Math.round(v / scale)), scale };
}

/** Declares the three inputs of a Hugging Face BERT export: int64 [batch, sequence] token ids, mask and segment ids. */
function bertInputs(g: GraphBuilder): { ids: string; mask: string; types: string } {
  const dims = ['batch_size', 'sequence_length'];
  return {
    ids: g.input('input_ids', 'int64', dims),
    mask: g.input('attention_mask', 'int64', dims),
    types: g.input('token_type_ids', 'int64', dims),
  };
}

function tinyEmbedder(vocab: string[]): Uint8Array {
  const V = vocab.length;
  const g = new GraphBuilder('tiny_bert_embedder');
  const { ids, mask, types } = bertInputs(g);

  const words = quantize(vocab.flatMap((w) => hashedVector(fnv1a(w), HIDDEN)));
  g.int8('word_embeddings', words.q, [V, HIDDEN]);
  g.float('word_scale', [words.scale], []);
  const pos = prng(7);
  g.float(
    'position_embeddings',
    Array.from({ length: MAX_LENGTH * HIDDEN }, () => (pos() - 0.5) * 0.2),
    [MAX_LENGTH, HIDDEN],
  );
  g.float('token_type_embeddings', hashedVector(11, 2 * HIDDEN), [2, HIDDEN]);
  const dense = prng(13);
  g.float(
    'dense_weight',
    Array.from({ length: HIDDEN * HIDDEN }, () => (dense() - 0.5) * (2 / Math.sqrt(HIDDEN))),
    [HIDDEN, HIDDEN],
  );
  g.int64('axes_1', [1], [1]);
  g.int64('axes_2', [2], [1]);
  g.int64('index_1', [1], []);
  g.int64('zero', [0], []);
  g.int64('one', [1], []);
  g.float('eps', [1e-9], []);

  const wordRows = g.op('Mul', [
    g.op('Cast', [g.op('Gather', ['word_embeddings', ids], { axis: { int: 0 } })], { to: { int: 1 } }),
    'word_scale',
  ]);
  const seqLen = g.op('Gather', [g.op('Shape', [ids]), 'index_1'], { axis: { int: 0 } });
  const positions = g.op('Range', ['zero', seqLen, 'one']);
  const posRows = g.op('Gather', ['position_embeddings', positions], { axis: { int: 0 } }); // [S,H]
  const typeRows = g.op('Gather', ['token_type_embeddings', types], { axis: { int: 0 } });
  const emb = g.op('Add', [g.op('Add', [wordRows, posRows]), typeRows]); // [B,S,H]
  const m = g.op('Unsqueeze', [g.op('Cast', [mask], { to: { int: 1 } }), 'axes_2']); // [B,S,1]
  const sum = g.op('ReduceSum', [g.op('Mul', [emb, m]), 'axes_1'], { keepdims: { int: 1 } }); // [B,1,H]
  const count = g.op('Max', [g.op('ReduceSum', [m, 'axes_1'], { keepdims: { int: 1 } }), 'eps']); // [B,1,1]
  const context = g.op('Div', [sum, count]);
  const hidden = g.op('Tanh', [g.op('MatMul', [g.op('Add', [emb, context]), 'dense_weight'])]);
  g.op('Identity', [hidden], {}, 'last_hidden_state');
  g.output('last_hidden_state', 'float', ['batch_size', 'sequence_length', HIDDEN]);
  return g.toBytes({
    docString: 'Synapse test fixture: tiny BERT-shaped embedder with hashed token embeddings. Not a semantic model.',
  });
}

function lexicalCrossEncoder(vocab: string[]): Uint8Array {
  const V = vocab.length;
  const g = new GraphBuilder('tiny_lexical_cross_encoder');
  const { ids, mask, types } = bertInputs(g);

  // 1 for tokens that never count as overlap: [PAD], [UNK], [CLS], [SEP], [MASK].
  g.float(
    'is_special',
    vocab.map((_, i) => (i < SPECIALS.length ? 1 : 0)),
    [V],
  );
  // IDF-like weight from the frequency rank: "the" ≈ 0.02, rank 100 ≈ 0.4, rank 2000 ≈ 1.
  const words = V - SPECIALS.length;
  g.float(
    'term_weight',
    vocab.map((_, i) => (i < SPECIALS.length ? 0 : Math.log(1 + (i - SPECIALS.length + 1) / 10) / Math.log(1 + words / 10))),
    [V],
  );
  g.int64('axes_1', [1], [1]);
  g.int64('axes_2', [2], [1]);
  g.float('one_f', [1], []);
  g.float('eps', [1e-6], []);
  g.float('coverage_gain', [10], []);
  g.float('bias', [-5], []);
  g.float('length_penalty', [0.02], []);

  const maskF = g.op('Cast', [mask], { to: { int: 1 } });
  const typeF = g.op('Cast', [types], { to: { int: 1 } });
  const content = g.op('Mul', [maskF, g.op('Sub', ['one_f', g.op('Gather', ['is_special', ids], { axis: { int: 0 } })])]);
  const query = g.op('Mul', [content, g.op('Sub', ['one_f', typeF])]); // [B,S] 1 on query words
  const passage = g.op('Mul', [content, typeF]); // [B,S] 1 on passage words
  const weight = g.op('Gather', ['term_weight', ids], { axis: { int: 0 } });
  // same[b,i,j] = input_ids[b,i] == input_ids[b,j]
  const same = g.op('Cast', [g.op('Equal', [g.op('Unsqueeze', [ids, 'axes_2']), g.op('Unsqueeze', [ids, 'axes_1'])])], {
    to: { int: 1 },
  });
  const inPassage = g.op('ReduceMax', [g.op('Mul', [same, g.op('Unsqueeze', [passage, 'axes_1'])])], {
    axes: { ints: [2] },
    keepdims: { int: 0 },
  }); // [B,S]: query token i occurs in the passage
  const queryWeight = g.op('Mul', [query, weight]);
  const covered = g.op('ReduceSum', [g.op('Mul', [queryWeight, inPassage]), 'axes_1'], { keepdims: { int: 0 } }); // [B]
  const total = g.op('Max', [g.op('ReduceSum', [queryWeight, 'axes_1'], { keepdims: { int: 0 } }), 'eps']);
  const coverage = g.op('Div', [covered, total]);
  const passageLength = g.op('ReduceSum', [passage, 'axes_1'], { keepdims: { int: 0 } });
  const logit = g.op('Sub', [
    g.op('Add', [g.op('Mul', [coverage, 'coverage_gain']), 'bias']),
    g.op('Mul', [passageLength, 'length_penalty']),
  ]);
  g.op('Unsqueeze', [logit, 'axes_1'], {}, 'logits');
  g.output('logits', 'float', ['batch_size', 1]);
  return g.toBytes({
    docString:
      'Synapse test fixture: lexical-overlap cross-encoder. logit = 10*idf_weighted_query_coverage - 5 - 0.02*passage_tokens.',
  });
}

const vocab = loadVocabulary();
const { tokenizer, tokenizerConfig } = bertTokenizer(vocab);
write('synapse/tiny-bert-embedder', {
  config: bertConfig(vocab.length, {
    architectures: ['BertModel'],
    synapse: { description: 'Test fixture: hashed token embeddings + masked-mean context + dense tanh. Not semantic.' },
  }),
  tokenizer,
  tokenizerConfig,
  onnx: tinyEmbedder(vocab),
});
write('synapse/tiny-lexical-cross-encoder', {
  config: bertConfig(vocab.length, {
    architectures: ['BertForSequenceClassification'],
    num_labels: 1,
    id2label: { '0': 'LABEL_0' },
    label2id: { LABEL_0: 0 },
    synapse: {
      description:
        'Test fixture: cross-encoder scoring IDF-weighted query-term coverage of the passage. logit = 10*coverage - 5 - 0.02*passage_tokens.',
    },
  }),
  tokenizer,
  tokenizerConfig,
  onnx: lexicalCrossEncoder(vocab),
});
