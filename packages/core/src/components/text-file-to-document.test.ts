import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import { TextFileToDocument } from './text-file-to-document.js';

describe('TextFileToDocument', () => {
  it('converts paths and byte streams, and reports bad sources in failures', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tftd-'));
    await writeFile(join(dir, 'a.txt'), 'hello world');
    const out = await new TextFileToDocument().run({
      sources: [
        join(dir, 'a.txt'),
        { data: new TextEncoder().encode('from bytes'), meta: { file_path: 'b.txt' } },
        join(dir, 'missing.txt'),
        { data: new Uint8Array([0xff, 0xfe, 0x00]), meta: { file_path: 'bad.txt' } },
      ],
      meta: { lang: 'en' },
    });
    expect(out.documents.map((d) => [d.content, d.meta])).toEqual([
      ['hello world', { file_path: 'a.txt', lang: 'en' }],
      ['from bytes', { file_path: 'b.txt', lang: 'en' }],
    ]);
    expect(out.failures.map((f) => f.source)).toEqual([join(dir, 'missing.txt'), 'bad.txt']);
  });

  it('round-trips through the default registry', () => {
    const json = new TextFileToDocument({ encoding: 'utf-16le' }).toJSON();
    expect(defaultRegistry.createComponent(json).toJSON()).toEqual(json);
  });
});
