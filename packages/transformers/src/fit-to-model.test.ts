import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { createDocument } from '@synapse-rag/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitPair, fitText, pairSpecialTokens, singleSpecialTokens } from './fit-to-model.js';
import { SHIPPED_MODELS, shippedModelPath } from './shipped-models.js';
import { TransformersSimilarityRanker } from './transformers-similarity-ranker.js';

let tokenizer: PreTrainedTokenizer;
beforeAll(async () => {
  tokenizer = await AutoTokenizer.from_pretrained(shippedModelPath(SHIPPED_MODELS.tinyCrossEncoder), { local_files_only: true });
});
const words = (w: string, n: number) => Array.from({ length: n }, () => w).join(' ');

describe('fitText', () => {
  it('keeps the closing [SEP] of over-long texts and leaves short ones alone', () => {
    expect(singleSpecialTokens(tokenizer)).toBe(2);
    expect(fitText(tokenizer, 'capital france', 2)).toBe('capital france');
    const cut = fitText(tokenizer, `${words('city', 1000)} zzqx`, 2);
    const ids = tokenizer.encode(cut);
    expect(ids).toHaveLength(512);
    expect(tokenizer.decode([ids.at(-1)!])).toBe('[SEP]');
    // Unknown words survive the cut as [UNK] rather than vanishing.
    const unk = fitText(tokenizer, `zzqx ${words('city', 1000)}`, 2);
    expect(tokenizer.encode(unk)[1]).toBe(tokenizer.encode('zzqx', { add_special_tokens: false })[0]);
  });
});

describe('fitPair', () => {
  it('leaves pairs that fit untouched', () => {
    expect(pairSpecialTokens(tokenizer)).toBe(3);
    expect(fitPair(tokenizer, 'capital france', 'paris', 3)).toEqual(['capital france', 'paris']);
  });

  it('cuts the longer side first and keeps both segments and the final [SEP]', () => {
    const [q, p] = fitPair(tokenizer, 'capital france', `${words('city', 1000)} capital`, 3);
    expect(q).toBe('capital france');
    const ids = tokenizer.encode(q, { text_pair: p });
    expect(ids).toHaveLength(512);
    expect(tokenizer.decode([ids.at(-1)!])).toBe('[SEP]');
    const [q2, p2] = fitPair(tokenizer, words('france', 1000), 'capital', 3);
    expect(p2).toBe('capital');
    expect(tokenizer.encode(q2, { text_pair: p2 })).toHaveLength(512);
  });

  it('a long query no longer pushes the passage out of the ranker input', async () => {
    const ranker = new TransformersSimilarityRanker({ model: SHIPPED_MODELS.tinyCrossEncoder, scaleScore: false });
    const query = `capital ${words('france', 700)}`;
    const [match, miss] = await ranker.score(query, [
      createDocument({ content: 'france capital' }),
      createDocument({ content: 'football' }),
    ]);
    expect(match!).toBeGreaterThan(miss! + 5);
  });
});
