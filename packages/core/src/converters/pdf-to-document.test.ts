import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimalPdf } from '../../test/minimal-pdf.js';
import { defaultRegistry } from '../component/registry.js';
import { DocumentSplitter } from '../components/document-splitter.js';
import { PdfToDocument } from './pdf-to-document.js';

const pdf = minimalPdf(
  [
    ['Chapter one (intro)', 'Backups protect data.'],
    ['Chapter two', 'Restore with pg_restore.'],
    ['Chapter three', 'Vacuum reclaims space.'],
  ],
  { title: 'Ops guide' },
);

// Written by test/make-pdf-fixtures.ts and committed.
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

describe('PdfToDocument', () => {
  it('extracts every page, joined by form feeds, with title and page count', async () => {
    const { documents, failures } = await new PdfToDocument().run({
      sources: [{ data: pdf, meta: { file_path: 'ops.pdf' } }],
    });
    expect(failures).toEqual([]);
    expect(documents).toHaveLength(1);
    const [doc] = documents;
    expect(doc?.meta).toEqual({ file_path: 'ops.pdf', page_count: 3, title: 'Ops guide' });
    const pages = doc?.content.split('\f') ?? [];
    expect(pages).toHaveLength(3);
    expect(pages[0]).toMatch(/Chapter one \(intro\)\s+Backups protect data\./);
    expect(pages[1]).toMatch(/Chapter two\s+Restore with pg_restore\./);
    expect(pages[2]).toMatch(/Vacuum reclaims space\./);
  });

  it("gives DocumentSplitter's page unit the right page numbers, or one document per page", async () => {
    const [doc] = (await new PdfToDocument().run({ sources: [{ data: pdf, meta: { file_path: 'ops.pdf' } }] })).documents;
    const split = await new DocumentSplitter({ splitBy: 'page', splitLength: 1, splitOverlap: 0 }).run({ documents: [doc!] });
    expect(split.documents.map((d) => [d.meta.page_number, d.content.includes('Chapter')])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    const perPage = await new PdfToDocument({ splitPages: true }).run({
      sources: [{ data: pdf, meta: { file_path: 'ops.pdf' } }],
    });
    expect(perPage.documents.map((d) => d.meta.page_number)).toEqual([1, 2, 3]);
    expect(perPage.documents[1]?.content).toMatch(/Restore with pg_restore/);
  });

  it('converts the committed fixture read from its path', async () => {
    const { documents, failures } = await new PdfToDocument().run({ sources: [fixture('ops-guide.pdf')] });
    expect(failures).toEqual([]);
    expect(documents.map((d) => d.meta)).toEqual([{ file_path: 'ops-guide.pdf', page_count: 3, title: 'Ops guide' }]);
    expect(documents[0]?.content.split('\f').map((page) => /Chapter (\w+)/.exec(page)?.[1])).toEqual(['one', 'two', 'three']);
  });

  it('reports an encrypted PDF by name, with no partial output, and converts the others', async () => {
    const { documents, failures } = await new PdfToDocument({ splitPages: true }).run({
      sources: [fixture('encrypted.pdf'), fixture('ops-guide.pdf')],
    });
    expect(failures).toEqual([
      { source: fixture('encrypted.pdf'), error: expect.stringMatching(/encrypted PDF, a password is required/) },
    ]);
    expect(new Set(documents.map((d) => d.meta.file_path))).toEqual(new Set(['ops-guide.pdf']));
  });

  it('reports a corrupt PDF in failures and still converts the others', async () => {
    const { documents, failures } = await new PdfToDocument().run({
      sources: [
        { data: new TextEncoder().encode('%PDF-1.4 this is not a pdf'), meta: { file_path: 'broken.pdf' } },
        { data: pdf, meta: { file_path: 'ops.pdf' } },
      ],
    });
    expect(failures.map((f) => f.source)).toEqual(['broken.pdf']);
    expect(failures[0]?.error).toMatch(/not a readable PDF/);
    expect(documents.map((d) => d.meta.file_path)).toEqual(['ops.pdf']);
  });

  it('round-trips through the default registry', () => {
    const json = new PdfToDocument({ splitPages: true }).toJSON();
    expect(json).toEqual({ type: 'core.PdfToDocument', options: { splitPages: true } });
    expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
  });
});
