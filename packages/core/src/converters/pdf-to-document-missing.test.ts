import { describe, expect, it, vi } from 'vitest';

// `unpdf` made unresolvable for this file only: PdfToDocument must say which package to install.
vi.mock('unpdf', () => {
  throw new Error('Cannot find package "unpdf"');
});

describe('PdfToDocument without its optional peer dependency', () => {
  it('throws MissingDependencyError naming unpdf, from warmUp and from run (not a per-file failure)', async () => {
    const { PdfToDocument } = await import('./pdf-to-document.js');
    const { MissingDependencyError } = await import('../errors.js');
    const converter = new PdfToDocument();
    await expect(converter.warmUp()).rejects.toThrow(MissingDependencyError);
    const run = converter.run({ sources: [{ data: new Uint8Array([0x25]), meta: { file_path: 'a.pdf' } }] });
    await expect(run).rejects.toThrow(/PdfToDocument needs the optional package "unpdf": npm install unpdf/);
  });
});
