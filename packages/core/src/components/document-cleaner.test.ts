import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import { createDocument } from '../document.js';
import { DocumentCleaner } from './document-cleaner.js';

describe('DocumentCleaner', () => {
  it('removes empty lines and extra whitespace per page, keeping form feeds', () => {
    const cleaner = new DocumentCleaner();
    expect(cleaner.clean('a  b\n\n  \nc\fd\n\n e   f')).toBe('a b\nc\fd e f');
  });

  it('applies regex, substrings and unicode normalization', () => {
    const cleaner = new DocumentCleaner({ removeRegex: '\\[\\d+\\]', removeSubstrings: ['DRAFT'], unicodeNormalization: 'NFKC' });
    expect(() => new DocumentCleaner({ removeRegex: '(' })).toThrow(/valid regular expression/);
    expect(cleaner.clean('ﬁne[12] DRAFT text')).toBe('fine  text'); // removals run after whitespace collapsing, as in Haystack
  });

  it('recomputes ids unless keepId, and keeps meta', async () => {
    const doc = createDocument({ id: 'x', content: 'a   b', meta: { file_path: 'f.txt' } });
    const [fresh] = (await new DocumentCleaner().run({ documents: [doc] })).documents;
    expect(fresh?.content).toBe('a b');
    expect(fresh?.id).not.toBe('x');
    expect(fresh?.meta).toEqual({ file_path: 'f.txt' });
    const [kept] = (await new DocumentCleaner({ keepId: true }).run({ documents: [doc] })).documents;
    expect(kept?.id).toBe('x');
    const json = new DocumentCleaner({ removeRegex: 'x' }).toJSON();
    expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
  });
});
